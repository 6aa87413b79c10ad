// Package release reads the versions of a project's data releases:
// Semantic Versioning as the Frictionless "Data Package Version" recipe
// reads it (PATCH corrects existing data, MINOR adds data, MAJOR changes
// what the data means). The config's release and the corrections log's
// entries are checked and ordered by the same rules.
package release

import (
	"strings"

	"golang.org/x/mod/semver"
)

// Valid reports whether v is a full Semantic Version (MAJOR.MINOR.PATCH,
// an optional -pre-release, no build metadata and no leading v):
// x/mod/semver reads it, and also accepts the short forms v1 and v1.2,
// which a release may not use.
func Valid(v string) bool {
	if strings.HasPrefix(v, "v") || strings.Contains(v, "+") {
		return false
	}
	return semver.IsValid("v"+v) && semver.Canonical("v"+v) == "v"+v
}

// Compare orders two valid versions as Semantic Versioning does: -1, 0
// or +1.
func Compare(a, b string) int { return semver.Compare("v"+a, "v"+b) }
