package output

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/dashgen/dashgen/internal/diag"
)

// A build replaces its output folder whole. Before anything is replaced,
// the folder is inspected on disk: it must be absent, empty, or a site
// dashgen wrote (its manifest.json says so), and it must not be, or hold,
// a folder that is not the build's to replace: the file system's root, a
// system folder, the home folder, the working folder, the project or the
// data. Paths are compared after following symbolic links, so a link can
// neither hide the data inside the output nor make the output the project.

// Guard names the folders of a project that an output folder must never
// be or contain, besides those Check always protects (the root, system
// folders, the home and the working folder).
type Guard struct {
	Project string // the config file's folder
	Data    string // the data folder
}

// RefusedError says why a folder may not be the output of a build. Dir is
// the folder as it was named; Reason is the rest of the sentence.
type RefusedError struct {
	Dir    string
	Reason string
}

func (e *RefusedError) Error() string { return fmt.Sprintf("the output %q %s", e.Dir, e.Reason) }

const ownFolder = "a build replaces the output folder whole, so choose a folder of its own such as output"

// Check reports, as a *RefusedError, why dir may not be replaced by a
// build of the project g describes; nil when it may. It only reads the
// disk. validate runs it to give the same answer as build; Write repeats
// the checks that do not need g under its lock.
func Check(dir string, g Guard) error {
	p, err := outputPath(dir)
	if err != nil {
		return &RefusedError{dir, fmt.Sprintf("cannot be checked: %v", err)}
	}
	return shownAs(dir, check(p, g))
}

func check(dir string, g Guard) error {
	if err := checkSystem(dir, ownFolder); err != nil {
		return err
	}
	out, err := resolve(dir)
	if err != nil {
		return &RefusedError{dir, fmt.Sprintf("cannot be checked: %v", unwrapPath(err))}
	}
	protected := []struct{ path, name, reason string }{
		{g.Project, "the project folder", ownFolder},
		{g.Data, "the data folder", "a build replaces the output folder whole, so it must not hold the data"},
	}
	for _, p := range protected {
		if p.path == "" {
			continue
		}
		real, err := resolve(p.path)
		if err != nil {
			continue // a missing data folder is reported by the build
		}
		if within(out, real) {
			return &RefusedError{dir, fmt.Sprintf("is %s or contains it%s; %s", p.name, through(dir, out, p.path, real), p.reason)}
		}
		if p.name == "the data folder" && within(real, out) {
			return &RefusedError{dir, fmt.Sprintf("is inside the data folder%s; write the site elsewhere", through(dir, out, p.path, real))}
		}
	}
	if err := checkUser(dir, out); err != nil {
		return err
	}
	return checkOwned(dir)
}

// checkPlace refuses the root of the file system, system folders, the home
// folder and the working folder (or a folder that contains either), after
// following links.
func checkPlace(dir string) error {
	if err := checkSystem(dir, ownFolder); err != nil {
		return err
	}
	out, err := resolve(dir)
	if err != nil {
		return &RefusedError{dir, fmt.Sprintf("cannot be checked: %v", unwrapPath(err))}
	}
	return checkUser(dir, out)
}

// checkSystem refuses the root of the file system and system folders;
// advice says what to choose instead.
func checkSystem(dir, advice string) error {
	out, err := resolve(dir)
	if err != nil {
		return &RefusedError{dir, fmt.Sprintf("cannot be checked: %v", unwrapPath(err))}
	}
	if isRoot(out) {
		return &RefusedError{dir, "is the root of the file system; " + advice}
	}
	if systemFolders()[out] {
		return &RefusedError{dir, "is a system folder; " + advice}
	}
	return nil
}

// checkUser refuses the home folder and the working folder, or a folder
// containing either; out is dir resolved.
func checkUser(dir, out string) error {
	if home, err := os.UserHomeDir(); err == nil && home != "" {
		if real, err := resolve(home); err == nil && within(out, real) {
			return &RefusedError{dir, fmt.Sprintf("is the home folder or contains it%s; %s", through(dir, out, home, real), ownFolder)}
		}
	}
	if wd, err := os.Getwd(); err == nil {
		if real, err := resolve(wd); err == nil && within(out, real) {
			return &RefusedError{dir, fmt.Sprintf("is the working folder or contains it%s; %s", through(dir, out, wd, real), ownFolder)}
		}
	}
	return nil
}

// through explains a match that symbolic links made: the real paths that
// were compared, when either differs from the path as named.
func through(dir, realDir, other, realOther string) string {
	absDir, _ := outputPath(dir)
	absOther, _ := outputPath(other)
	if absDir == realDir && absOther == realOther {
		return ""
	}
	return fmt.Sprintf(" (following symbolic links: the output is %s, and %s is %s)", realDir, filepath.ToSlash(other), realOther)
}

// manifestName is the file whose presence marks a folder as dashgen's.
const manifestName = "manifest.json"

// maxManifest bounds what is read of a manifest.json: dashgen's own list
// one hash per file, far below this.
const maxManifest = 64 << 20

// checkOwned refuses dir unless it is absent, an empty folder, or a folder
// holding the manifest.json of a dashgen build. A file or a symbolic link
// in its place is refused too.
func checkOwned(dir string) error {
	entries, err := folderEntries(dir,
		"is a symbolic link (to %s); name a real folder as the output instead",
		"is a file, not a folder; choose another output folder, or move the file away yourself")
	if len(entries) == 0 || err != nil {
		return err
	}
	why := ""
	switch mine, err := isManifest(filepath.Join(dir, manifestName)); {
	case mine:
		// A build replaces the folder whole: what the last build did not
		// write there (a CNAME, a .git folder, notes) would be lost.
		return checkListed(dir, readManifest(filepath.Join(dir, manifestName)), false, keepYours)
	case errors.Is(err, fs.ErrNotExist):
		names := make([]string, len(entries))
		for i, e := range entries {
			names[i] = e.Name()
		}
		sort.Strings(names)
		why = fmt.Sprintf("it holds %q", names[0])
		if len(names) > 1 {
			why += fmt.Sprintf(" and %d other %s", len(names)-1, diag.Plural(len(names)-1, "entry", "entries"))
		}
		why += " but no manifest.json of a dashgen build"
	default:
		why = "its manifest.json was not written by dashgen"
	}
	return &RefusedError{dir, "is not a site dashgen built (" + why + "); a build replaces the output folder whole, so choose another folder, or empty this one yourself"}
}

// folderEntries returns the entries of dir, none when it does not exist.
// A symbolic link in its place is refused with linkWhy (its %s is where
// the link leads), and a file with fileWhy.
func folderEntries(dir, linkWhy, fileWhy string) ([]fs.DirEntry, error) {
	info, err := os.Lstat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil
	case err != nil:
		return nil, &RefusedError{dir, fmt.Sprintf("cannot be checked: %v", unwrapPath(err))}
	case info.Mode()&fs.ModeSymlink != 0:
		target, _ := filepath.EvalSymlinks(dir)
		if target == "" {
			target, _ = os.Readlink(dir)
		}
		return nil, &RefusedError{dir, fmt.Sprintf(linkWhy, target)}
	case !info.IsDir():
		return nil, &RefusedError{dir, fileWhy}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, &RefusedError{dir, fmt.Sprintf("cannot be checked: %v", unwrapPath(err))}
	}
	return entries, nil
}

// keepYours ends the refusal of an output folder holding files a build
// did not write.
const keepYours = "a build replaces the output folder whole, so move it out of the folder (or choose another output folder), then build again"

// readManifest reads the manifest at p, which isManifest accepted; one
// that cannot be read lists no outputs, so nothing in its folder is taken
// for dashgen's.
func readManifest(p string) Manifest {
	var m Manifest
	if b, err := os.ReadFile(p); err == nil {
		_ = json.Unmarshal(b, &m)
	}
	return m
}

// isManifest reports whether p is a regular file holding a manifest that
// dashgen wrote: JSON whose "tool" is "dashgen" and its version.
func isManifest(p string) (bool, error) {
	info, err := os.Lstat(p)
	if err != nil {
		return false, err
	}
	if !info.Mode().IsRegular() || info.Size() > maxManifest {
		return false, nil
	}
	f, err := os.Open(p)
	if err != nil {
		return false, err
	}
	defer f.Close()
	var m struct {
		Tool string `json:"tool"`
	}
	if err := json.NewDecoder(io.LimitReader(f, maxManifest)).Decode(&m); err != nil {
		return false, nil
	}
	return m.Tool == "dashgen" || strings.HasPrefix(m.Tool, "dashgen "), nil
}

// absolute is p made absolute against the working folder as the system
// sees it (links followed), not as $PWD may name it, so that a leading
// ".." means what it means to the system.
func absolute(p string) (string, error) {
	if filepath.IsAbs(p) {
		return p, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	if real, err := filepath.EvalSymlinks(wd); err == nil {
		wd = real
	}
	return wd + string(filepath.Separator) + p, nil
}

// outputPath is the path Write writes for dir: absolute and clean. The
// checks inspect exactly this path.
func outputPath(dir string) (string, error) {
	abs, err := absolute(dir)
	return filepath.Clean(abs), err
}

// shownAs names a refused folder as the caller named it.
func shownAs(dir string, err error) error {
	if r, ok := err.(*RefusedError); ok {
		r.Dir = dir
	}
	return err
}

// resolve returns the absolute form of p with every symbolic link
// followed (and a ".." after a link leading where the system leads). The
// part of p that does not exist yet is kept as written.
func resolve(p string) (string, error) {
	abs, err := absolute(p)
	if err != nil {
		return "", err
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		return real, nil
	}
	abs = filepath.Clean(abs)
	rest := ""
	for cur := abs; ; {
		real, err := filepath.EvalSymlinks(cur)
		if err == nil {
			return filepath.Join(real, rest), nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		parent := filepath.Dir(cur)
		if parent == cur {
			return abs, nil
		}
		rest = filepath.Join(filepath.Base(cur), rest)
		cur = parent
	}
}

// within reports whether child is parent or inside it (both absolute and
// clean).
func within(parent, child string) bool {
	rel, err := filepath.Rel(parent, child)
	if err != nil {
		return false
	}
	return rel == "." || (rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)))
}

func isRoot(p string) bool {
	return p == filepath.VolumeName(p)+string(filepath.Separator) || p == filepath.VolumeName(p)
}

// systemFolders are folders of the operating system that no build may
// replace, even empty (resolved, so /tmp on macOS is /private/tmp).
var systemFolders = sync.OnceValue(func() map[string]bool {
	var list []string
	switch runtime.GOOS {
	case "windows":
		for _, v := range []string{"SystemRoot", "windir", "ProgramFiles", "ProgramFiles(x86)", "ProgramW6432", "ProgramData", "PUBLIC", "ALLUSERSPROFILE", "APPDATA", "LOCALAPPDATA"} {
			if p := os.Getenv(v); p != "" {
				list = append(list, p)
			}
		}
		if sd := os.Getenv("SystemDrive"); sd != "" {
			list = append(list, sd+`\Users`)
		}
	default:
		list = []string{"/bin", "/boot", "/dev", "/etc", "/home", "/lib", "/lib32", "/lib64", "/libx32",
			"/media", "/mnt", "/opt", "/proc", "/root", "/run", "/sbin", "/snap", "/srv", "/sys", "/tmp",
			"/usr", "/usr/bin", "/usr/include", "/usr/lib", "/usr/libexec", "/usr/local", "/usr/local/bin",
			"/usr/local/lib", "/usr/local/share", "/usr/sbin", "/usr/share", "/usr/src",
			"/var", "/var/cache", "/var/lib", "/var/log", "/var/mail", "/var/spool", "/var/tmp", "/var/www",
			"/Applications", "/Library", "/Network", "/System", "/Users", "/Volumes", "/cores",
			"/private", "/private/etc", "/private/tmp", "/private/var"}
	}
	list = append(list, os.TempDir())
	m := map[string]bool{}
	for _, p := range list {
		m[filepath.Clean(p)] = true
		if real, err := filepath.EvalSymlinks(p); err == nil {
			m[real] = true
		}
	}
	return m
})

// unwrapPath drops the path from an *fs.PathError: the message names the
// folder already.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
