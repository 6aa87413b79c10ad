package cli

import (
	"runtime/debug"
	"strings"
)

// Version is dashgen's version as the Go toolchain recorded it in the
// binary: the module version for `go install …@v1.2.0` (or a pseudo-version
// for a commit), "(devel)" with the commit when built from a clone, and
// "(devel)" alone when nothing was recorded. The CLI passes it to the build,
// which writes it into the pages and the manifest; tests of the build pass a
// fixed one, so their output does not depend on the checkout.
func Version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "(devel)"
	}
	return versionOf(bi)
}

func versionOf(bi *debug.BuildInfo) string {
	v := bi.Main.Version
	if v != "" && v != "(devel)" {
		return v
	}
	var rev string
	dirty := false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return "(devel)"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	out := "(devel) " + rev
	if dirty {
		out += "+dirty"
	}
	return strings.TrimSpace(out)
}
