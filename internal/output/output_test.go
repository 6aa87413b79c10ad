package output

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

var bg = context.Background()

// site returns files with the manifest of a dashgen build, as a build
// makes them: a folder written from it is dashgen's own.
func site(files ...File) []File {
	return append(files, NewManifest("dashgen test", "5", nil, nil, files))
}

func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func mustWrite(t *testing.T, dir string, files []File) Written {
	t.Helper()
	w, err := Write(bg, dir, files)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func TestWriteReplacesWholeFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "output")
	mustWrite(t, dir, site(File{Path: "a.html", Data: []byte("a")}, File{Path: "embed/b.html", Data: []byte("b")}))
	files := site(File{Path: "c.html", Data: []byte("cc")})
	w, err := Write(bg, dir, files)
	if err != nil || w.Bytes != int64(2+len(files[1].Data)) || len(w.Warnings) != 0 {
		t.Fatalf("second write: %+v %v", w, err)
	}
	got, _ := Read(dir)
	if len(got) != 2 || got[0].Path != "c.html" || got[1].Path != "manifest.json" {
		t.Fatalf("stale files kept: %+v", got)
	}
	if names := entries(t, filepath.Dir(dir)); len(names) != 1 {
		t.Fatalf("temporary folders or lock file left: %v", names)
	}
}

func TestWriteRefusesBadPathsAndKeepsOldOutput(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "output")
	mustWrite(t, dir, site(File{Path: "index.html", Data: []byte("old")}))
	for _, bad := range []string{"../escape.html", "/abs.html", "a/../../b", "", "a\\b", "dup.html"} {
		files := []File{{Path: bad, Data: []byte("x")}}
		if bad == "dup.html" {
			files = append(files, File{Path: "dup.html"})
		}
		if _, err := Write(bg, dir, files); err == nil {
			t.Errorf("path %q accepted", bad)
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil || string(b) != "old" {
		t.Fatalf("old output changed: %q %v", b, err)
	}
	if names := entries(t, filepath.Dir(dir)); len(names) != 1 {
		t.Fatalf("temporary folders left: %v", names)
	}
}

func TestWriteFailureKeepsOldOutput(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "output")
	mustWrite(t, dir, site(File{Path: "index.html", Data: []byte("old")}))
	// "a" is a file, so "a/b.html" cannot be created: the write fails
	// midway, after other files were already written to the temp folder.
	_, err := Write(bg, dir, []File{{Path: "a", Data: []byte("x")}, {Path: "a/b.html", Data: []byte("y")}})
	if err == nil || !strings.Contains(err.Error(), "cannot write a/b.html") {
		t.Fatalf("want a write error, got %v", err)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "index.html"))
	if string(b) != "old" {
		t.Fatalf("old output changed: %q", b)
	}
	if names := entries(t, filepath.Dir(dir)); len(names) != 1 {
		t.Fatalf("temporary folders left: %v", names)
	}
}

// refused checks that err is a *RefusedError with exactly the reason want.
func refused(t *testing.T, err error, want string) {
	t.Helper()
	var r *RefusedError
	if !errors.As(err, &r) {
		t.Fatalf("want a refusal %q, got %v", want, err)
	}
	if r.Reason != want {
		t.Fatalf("reason:\n%s\nwant:\n%s", r.Reason, want)
	}
}

func TestWriteReplacesOnlyWhatDashgenMade(t *testing.T) {
	parent := t.TempDir()
	new := site(File{Path: "index.html", Data: []byte("new")})

	t.Run("a folder of someone else's files is refused and kept", func(t *testing.T) {
		victim := filepath.Join(parent, "victim")
		os.MkdirAll(filepath.Join(victim, "notes"), 0o755)
		os.WriteFile(filepath.Join(victim, "thesis.txt"), []byte("years of work"), 0o644)
		_, err := Write(bg, victim, new)
		refused(t, err, `is not a site dashgen built (it holds "notes" and 1 other entry but no manifest.json of a dashgen build); a build replaces the output folder whole, so choose another folder, or empty this one yourself`)
		if err.Error() != `the output "`+victim+`" `+err.(*RefusedError).Reason {
			t.Errorf("message: %v", err)
		}
		if b, _ := os.ReadFile(filepath.Join(victim, "thesis.txt")); string(b) != "years of work" {
			t.Fatal("thesis.txt lost")
		}
		refused(t, Check(victim, Guard{}), err.(*RefusedError).Reason)
	})
	t.Run("another tool's manifest.json is not dashgen's", func(t *testing.T) {
		app := filepath.Join(parent, "app")
		os.MkdirAll(app, 0o755)
		os.WriteFile(filepath.Join(app, "manifest.json"), []byte(`{"name": "My app", "tool": "dashgenerator"}`), 0o644)
		_, err := Write(bg, app, new)
		refused(t, err, `is not a site dashgen built (its manifest.json was not written by dashgen); a build replaces the output folder whole, so choose another folder, or empty this one yourself`)
		os.WriteFile(filepath.Join(app, "manifest.json"), []byte(`not json`), 0o644)
		_, err = Write(bg, app, new)
		refused(t, err, `is not a site dashgen built (its manifest.json was not written by dashgen); a build replaces the output folder whole, so choose another folder, or empty this one yourself`)
		if names := entries(t, app); len(names) != 1 {
			t.Fatalf("folder changed: %v", names)
		}
	})
	t.Run("an empty folder is replaced", func(t *testing.T) {
		empty := filepath.Join(parent, "empty")
		os.MkdirAll(empty, 0o755)
		if err := Check(empty, Guard{}); err != nil {
			t.Fatal(err)
		}
		mustWrite(t, empty, new)
		if b, _ := os.ReadFile(filepath.Join(empty, "index.html")); string(b) != "new" {
			t.Fatal("not written")
		}
	})
	t.Run("dashgen's own output is replaced, files it wrote changed or not", func(t *testing.T) {
		own := filepath.Join(parent, "own")
		mustWrite(t, own, site(File{Path: "old.html", Data: []byte("old")}))
		os.WriteFile(filepath.Join(own, "old.html"), []byte("edited"), 0o644)
		if err := Check(own, Guard{}); err != nil {
			t.Fatal(err)
		}
		mustWrite(t, own, new)
		if names := entries(t, own); strings.Join(names, " ") != "index.html manifest.json" {
			t.Fatalf("got %v", names)
		}
	})
	// A CNAME for a host, a .git folder to publish from, notes: a build
	// would delete them with the rest of the folder.
	t.Run("dashgen's own output holding a file it did not write is refused", func(t *testing.T) {
		for _, added := range []string{"CNAME", ".git/HEAD", "embed/notes.txt"} {
			own := filepath.Join(parent, "own-"+strings.NewReplacer("/", "-", ".", "-").Replace(added))
			mustWrite(t, own, site(File{Path: "embed/old.html", Data: []byte("old")}))
			p := filepath.Join(own, filepath.FromSlash(added))
			os.MkdirAll(filepath.Dir(p), 0o755)
			os.WriteFile(p, []byte("mine"), 0o644)
			want := fmt.Sprintf("holds %q, which dashgen did not write (its manifest.json does not list it); a build replaces the output folder whole, so move it out of the folder (or choose another output folder), then build again", added)
			refused(t, Check(own, Guard{}), want)
			_, err := Write(bg, own, new)
			refused(t, err, want)
			if b, err := os.ReadFile(p); err != nil || string(b) != "mine" {
				t.Fatalf("%s: lost (%v)", added, err)
			}
		}
	})
	t.Run("a file or a link in the output's place is refused", func(t *testing.T) {
		file := filepath.Join(parent, "file")
		os.WriteFile(file, []byte("keep"), 0o644)
		_, err := Write(bg, file, new)
		refused(t, err, "is a file, not a folder; choose another output folder, or move the file away yourself")
		if b, _ := os.ReadFile(file); string(b) != "keep" {
			t.Fatal("file clobbered")
		}
		link := filepath.Join(parent, "link")
		if err := os.Symlink(filepath.Join(parent, "own"), link); err != nil {
			t.Skip("no symbolic links here:", err)
		}
		_, err = Write(bg, link, new)
		refused(t, err, "is a symbolic link (to "+filepath.Join(parent, "own")+"); name a real folder as the output instead")
	})
}

func TestCheckRefusesRootSystemHomeAndWorkingFolder(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("USERPROFILE", home)
	const own = "a build replaces the output folder whole, so choose a folder of its own such as output"
	root := string(filepath.Separator)
	if runtime.GOOS == "windows" {
		root = filepath.VolumeName(os.TempDir()) + `\`
	}
	refused(t, Check(root, Guard{}), "is the root of the file system; "+own)
	refused(t, Check(os.TempDir(), Guard{}), "is a system folder; "+own)
	if runtime.GOOS == "linux" {
		for _, d := range []string{"/usr", "/etc", "/bin", "/var", "/usr/local"} {
			refused(t, Check(d, Guard{}), "is a system folder; "+own)
		}
	}
	refused(t, Check(home, Guard{}), "is the home folder or contains it; "+own)
	refused(t, Check(filepath.Dir(home), Guard{}), "is the home folder or contains it; "+own)
	// Write refuses them the same way, before touching anything.
	_, err := Write(bg, home, site(File{Path: "index.html"}))
	refused(t, err, "is the home folder or contains it; "+own)
	if names := entries(t, home); len(names) != 0 {
		t.Fatalf("home changed: %v", names)
	}
	if err := Check(filepath.Join(home, "site", "output"), Guard{}); err != nil {
		t.Fatalf("a folder inside the home is fine: %v", err)
	}

	wd := filepath.Join(t.TempDir(), "work")
	os.MkdirAll(wd, 0o755)
	t.Chdir(wd)
	refused(t, Check(".", Guard{}), "is the working folder or contains it; "+own)
	refused(t, Check("..", Guard{}), "is the working folder or contains it; "+own)
	refused(t, Check(wd, Guard{}), "is the working folder or contains it; "+own)
	if err := Check("output", Guard{}); err != nil {
		t.Fatal(err)
	}
}

func TestCheckProjectAndData(t *testing.T) {
	base := t.TempDir()
	proj := filepath.Join(base, "proj")
	os.MkdirAll(filepath.Join(proj, "data"), 0o755)
	g := Guard{Project: proj, Data: filepath.Join(proj, "data")}
	const own = "a build replaces the output folder whole, so choose a folder of its own such as output"
	refused(t, Check(proj, g), "is the project folder or contains it; "+own)
	refused(t, Check(base, g), "is the project folder or contains it; "+own)
	g.Data = filepath.Join(base, "data")
	os.MkdirAll(g.Data, 0o755)
	refused(t, Check(g.Data, g), "is the data folder or contains it; a build replaces the output folder whole, so it must not hold the data")
	refused(t, Check(filepath.Join(g.Data, "site"), g), "is inside the data folder; write the site elsewhere")
	if err := Check(filepath.Join(proj, "output"), g); err != nil {
		t.Fatal(err)
	}
}

// The probes of issue 12: links that made a lexical check pass while the
// build deleted the data or the project.
func TestCheckFollowsSymbolicLinks(t *testing.T) {
	base, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	link := func(target, name string) {
		t.Helper()
		if err := os.Symlink(target, name); err != nil {
			t.Skip("no symbolic links here:", err)
		}
	}
	t.Run("data is a link into the output's parent", func(t *testing.T) {
		shared := filepath.Join(base, "a", "shared")
		os.MkdirAll(filepath.Join(shared, "data"), 0o755)
		proj := filepath.Join(base, "a", "proj")
		os.MkdirAll(proj, 0o755)
		link(filepath.Join(shared, "data"), filepath.Join(proj, "data"))
		g := Guard{Project: proj, Data: filepath.Join(proj, "data")}
		refused(t, Check(shared, g), fmt.Sprintf("is the data folder or contains it (following symbolic links: the output is %s, and %s is %s); a build replaces the output folder whole, so it must not hold the data",
			shared, filepath.ToSlash(filepath.Join(proj, "data")), filepath.Join(shared, "data")))
		refused(t, Check(filepath.Join(proj, "data", "site"), g), fmt.Sprintf("is inside the data folder (following symbolic links: the output is %s, and %s is %s); write the site elsewhere",
			filepath.Join(shared, "data", "site"), filepath.ToSlash(filepath.Join(proj, "data")), filepath.Join(shared, "data")))
	})
	t.Run("the config is reached through a linked project path, the output names the real one", func(t *testing.T) {
		real := filepath.Join(base, "b", "real", "proj")
		os.MkdirAll(filepath.Join(real, "data"), 0o755)
		link(filepath.Join(base, "b", "real"), filepath.Join(base, "b", "link"))
		viaLink := filepath.Join(base, "b", "link", "proj")
		g := Guard{Project: viaLink, Data: filepath.Join(viaLink, "data")}
		refused(t, Check(real, g), fmt.Sprintf("is the project folder or contains it (following symbolic links: the output is %s, and %s is %s); a build replaces the output folder whole, so choose a folder of its own such as output",
			real, filepath.ToSlash(viaLink), real))
		if err := Check(filepath.Join(real, "output"), g); err != nil {
			t.Fatal(err)
		}
	})
}

func TestWriteRemovesOnlyItsOwnStaleTemporaryFolders(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "output")
	mustWrite(t, dir, site(File{Path: "index.html", Data: []byte("old")}))
	mk := func(name string, files map[string]string) string {
		p := filepath.Join(parent, name)
		for f, body := range files {
			os.MkdirAll(filepath.Dir(filepath.Join(p, f)), 0o755)
			os.WriteFile(filepath.Join(p, f), []byte(body), 0o644)
		}
		return p
	}
	// Left by builds that stopped: while writing, and after the swap.
	mk(".output.tmp-111", map[string]string{markerName: markerText, "site/index.html": "partial"})
	mk(".output.tmp-222", map[string]string{markerName: markerText, "old/index.html": "older"})
	// Stopped before the marker was whole: nothing in them but a start of it.
	mk(".output.tmp-121", nil)
	os.Mkdir(filepath.Join(parent, ".output.tmp-121"), 0o700)
	mk(".output.tmp-131", map[string]string{markerName: ""})
	mk(".output.tmp-141", map[string]string{markerName: markerText[:10]})
	// Left by versions before the marker: a whole site, by its manifest.
	mk(".output.tmp-888.old", map[string]string{"manifest.json": `{"tool": "dashgen 0.1"}`, "index.html": "older"})
	// Look-alikes that are not dashgen's: kept as they are.
	mk(".output.tmp-999", map[string]string{"manifest.json": `{"tool": "webpack"}`})
	mk(".output.tmp-333", map[string]string{"thesis.txt": "mine"})
	mk(".output.tmp-444", map[string]string{markerName: "something else\n"})
	mk(".output.tmp-454", map[string]string{markerName: markerText[:10], "thesis.txt": "mine"})
	mk(".site.tmp-555", map[string]string{markerName: markerText}) // another output's
	target := mk("elsewhere", map[string]string{markerName: markerText, "keep.txt": "keep"})
	if err := os.Symlink(target, filepath.Join(parent, ".output.tmp-666")); err != nil {
		t.Log("no symbolic links here:", err)
	}
	w := mustWrite(t, dir, site(File{Path: "index.html", Data: []byte("new")}))
	if len(w.Warnings) != 0 {
		t.Errorf("warnings: %v", w.Warnings)
	}
	got := strings.Join(entries(t, parent), " ")
	want := ".output.tmp-333 .output.tmp-444 .output.tmp-454 .output.tmp-666 .output.tmp-999 .site.tmp-555 elsewhere output"
	if _, err := os.Lstat(filepath.Join(parent, ".output.tmp-666")); err != nil {
		want = strings.Replace(want, ".output.tmp-666 ", "", 1)
	}
	if got != want {
		t.Fatalf("left:\n%s\nwant:\n%s", got, want)
	}
	if b, _ := os.ReadFile(filepath.Join(target, "keep.txt")); string(b) != "keep" {
		t.Fatal("a linked folder's file was removed")
	}
}

// A build stopped between its two renames leaves no output and the
// previous one in its temporary folder's old/: the next build puts it back
// before anything else, so a write that then fails loses nothing.
func TestWriteRestoresOutputOfABuildStoppedMidSwap(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "output")
	mustWrite(t, dir, site(File{Path: "index.html", Data: []byte("old")}))
	stale := filepath.Join(parent, ".output.tmp-777")
	os.MkdirAll(stale, 0o755)
	os.WriteFile(filepath.Join(stale, markerName), []byte(markerText), 0o644)
	if err := os.Rename(dir, filepath.Join(stale, "old")); err != nil {
		t.Fatal(err)
	}
	// This write fails after the clean-up: the output is the restored one.
	_, err := Write(bg, dir, []File{{Path: "a", Data: []byte("x")}, {Path: "a/b.html"}})
	if err == nil {
		t.Fatal("want a write error")
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "index.html")); string(b) != "old" {
		t.Fatalf("the previous output was not put back: %q", b)
	}
	if got := strings.Join(entries(t, parent), " "); got != "output" {
		t.Fatalf("left: %s", got)
	}
}

func TestTwoWritesOnOneOutput(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "output")
	mustWrite(t, dir, site(File{Path: "index.html", Data: []byte("old")}))
	unlock, err := lockOutput(parent, "output", dir)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Write(bg, dir, site(File{Path: "index.html", Data: []byte("new")}))
	var busy *BusyError
	if !errors.As(err, &busy) {
		t.Fatalf("want a BusyError, got %v", err)
	}
	if want := fmt.Sprintf("another dashgen (process %d) is writing the output %q now; wait until it is done, then build again", os.Getpid(), dir); err.Error() != want {
		t.Fatalf("message:\n%s\nwant:\n%s", err, want)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "index.html")); string(b) != "old" {
		t.Fatal("the output changed under the lock")
	}
	// A file of the lock's name that is not dashgen's is left alone.
	other := filepath.Join(parent, "other")
	os.WriteFile(filepath.Join(parent, ".other.dashgen-lock"), []byte("my notes"), 0o644)
	_, err = Write(bg, other, site())
	if want := fmt.Sprintf("cannot lock the output %q: %s is not a lock file of dashgen; move it away", other, filepath.Join(parent, ".other.dashgen-lock")); err == nil || err.Error() != want {
		t.Fatalf("got %v\nwant %s", err, want)
	}
	if b, _ := os.ReadFile(filepath.Join(parent, ".other.dashgen-lock")); string(b) != "my notes" {
		t.Fatalf("the file was changed: %q", b)
	}
	os.Remove(filepath.Join(parent, ".other.dashgen-lock"))
	// Another output beside it is not held up.
	mustWrite(t, filepath.Join(parent, "other"), site())
	unlock()
	mustWrite(t, dir, site(File{Path: "index.html", Data: []byte("new")}))
	if got := strings.Join(entries(t, parent), " "); got != "other output" {
		t.Fatalf("left: %s", got)
	}
}

// Many writes at once on one output: each either writes or is told that
// another is writing; the output is always one whole site.
func TestConcurrentWrites(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "output")
	const n = 8
	errs := make(chan error, n)
	for i := range n {
		go func() {
			body := []byte(fmt.Sprint(i))
			_, err := Write(bg, dir, site(File{Path: "a.html", Data: body}, File{Path: "b.html", Data: body}))
			errs <- err
		}()
	}
	wrote := 0
	for range n {
		err := <-errs
		var busy *BusyError
		switch {
		case err == nil:
			wrote++
		case errors.As(err, &busy):
		default:
			t.Errorf("unexpected error: %v", err)
		}
	}
	if wrote == 0 {
		t.Fatal("no write succeeded")
	}
	a, _ := os.ReadFile(filepath.Join(dir, "a.html"))
	b, _ := os.ReadFile(filepath.Join(dir, "b.html"))
	if len(a) == 0 || string(a) != string(b) {
		t.Fatalf("mixed output: %q %q", a, b)
	}
	if got := strings.Join(entries(t, parent), " "); got != "output" {
		t.Fatalf("left: %s", got)
	}
}

func TestCleanupFailureIsAWarning(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "output")
	mustWrite(t, dir, site(File{Path: "index.html", Data: []byte("old")}))
	// No permission stops root, so the removal is made to fail.
	removeAll = func(p string) error {
		if filepath.Base(p) == "old" {
			return &os.PathError{Op: "unlinkat", Path: p, Err: errors.New("operation not permitted")}
		}
		return os.RemoveAll(p)
	}
	defer func() { removeAll = os.RemoveAll }()
	w, err := Write(bg, dir, site(File{Path: "index.html", Data: []byte("new")}))
	if err != nil {
		t.Fatalf("a failed clean-up is not a failed write: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "index.html")); string(b) != "new" {
		t.Fatal("the new site is not in place")
	}
	var tmp string
	for _, name := range entries(t, parent) {
		if strings.HasPrefix(name, ".output.tmp-") {
			tmp = filepath.Join(parent, name)
		}
	}
	want := fmt.Sprintf("the new site is in %s, but the previous output could not be removed from %s: operation not permitted; the next build removes it, or delete it yourself", dir, filepath.Join(tmp, "old"))
	if len(w.Warnings) != 1 || w.Warnings[0] != want {
		t.Fatalf("warnings %q\nwant %q", w.Warnings, want)
	}
	if !isTemp(tmp) {
		t.Fatal("the leftover lost its marker")
	}
	// A build that still cannot remove it says so, and writes.
	w, err = Write(bg, dir, site(File{Path: "index.html", Data: []byte("newer")}))
	want = fmt.Sprintf("could not remove %s, left by an earlier build: operation not permitted; delete it yourself", tmp)
	if err != nil || len(w.Warnings) < 1 || w.Warnings[0] != want {
		t.Fatalf("%v\nwarnings %q\nwant %q", err, w.Warnings, want)
	}
	// Once it can, the next build removes every leftover, with nothing to
	// warn about.
	removeAll = os.RemoveAll
	if w := mustWrite(t, dir, site()); len(w.Warnings) != 0 {
		t.Fatal(w.Warnings)
	}
	if got := strings.Join(entries(t, parent), " "); got != "output" {
		t.Fatalf("left: %s", got)
	}
}

// When only the temporary folder cannot be removed, the warning says so.
func TestTemporaryFolderCleanupFailureIsAWarning(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "output")
	removeAll = func(p string) error {
		if strings.HasPrefix(filepath.Base(p), ".output.tmp-") {
			return &os.PathError{Op: "unlinkat", Path: p, Err: errors.New("device or resource busy")}
		}
		return os.RemoveAll(p)
	}
	defer func() { removeAll = os.RemoveAll }()
	w, err := Write(bg, dir, site(File{Path: "index.html", Data: []byte("new")}))
	if err != nil {
		t.Fatal(err)
	}
	var tmp string
	for _, name := range entries(t, parent) {
		if strings.HasPrefix(name, ".output.tmp-") {
			tmp = filepath.Join(parent, name)
		}
	}
	want := fmt.Sprintf("the new site is in %s, but the temporary folder %s could not be removed: device or resource busy; the next build removes it, or delete it yourself", dir, tmp)
	if len(w.Warnings) != 1 || w.Warnings[0] != want {
		t.Fatalf("warnings %q\nwant %q", w.Warnings, want)
	}
	removeAll = os.RemoveAll
	mustWrite(t, dir, site())
	if got := strings.Join(entries(t, parent), " "); got != "output" {
		t.Fatalf("left: %s", got)
	}
}

// The same with a real undeletable file, where permissions can make one.
func TestCleanupFailureReadOnlyFolder(t *testing.T) {
	if runtime.GOOS == "windows" || os.Geteuid() == 0 {
		t.Skip("permissions do not stop this user from removing files; TestCleanupFailureIsAWarning covers it")
	}
	parent := t.TempDir()
	dir := filepath.Join(parent, "output")
	mustWrite(t, dir, site(File{Path: "locked/index.html", Data: []byte("old")}))
	os.Chmod(filepath.Join(dir, "locked"), 0o555)
	t.Cleanup(func() {
		filepath.WalkDir(parent, func(p string, d os.DirEntry, err error) error {
			if err == nil && d.IsDir() {
				os.Chmod(p, 0o755)
			}
			return nil
		})
	})
	w, err := Write(bg, dir, site(File{Path: "index.html", Data: []byte("new")}))
	if err != nil || len(w.Warnings) != 1 || !strings.Contains(w.Warnings[0], "the previous output could not be removed") {
		t.Fatalf("%+v %v", w, err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "index.html")); string(b) != "new" {
		t.Fatal("the new site is not in place")
	}
}

// cancelAfter is a context whose Err is nil for its first n calls and
// context.Canceled after: a cancellation at every point Write looks.
type cancelAfter struct {
	context.Context
	n, calls atomic.Int64
}

func (c *cancelAfter) Err() error {
	if c.calls.Add(1) > c.n.Load() {
		return context.Canceled
	}
	return nil
}

func (c *cancelAfter) Done() <-chan struct{} { return nil }

func (c *cancelAfter) Deadline() (time.Time, bool) { return time.Time{}, false }

func TestCancelledWriteLeavesNothing(t *testing.T) {
	files := site(File{Path: "a.html", Data: []byte("new")}, File{Path: "embed/b.html", Data: []byte("new")}, File{Path: "c.html", Data: []byte("new")})
	for n := int64(0); ; n++ {
		parent := t.TempDir()
		dir := filepath.Join(parent, "output")
		mustWrite(t, dir, site(File{Path: "index.html", Data: []byte("old")}))
		before, _ := Read(dir)
		ctx := &cancelAfter{Context: bg}
		ctx.n.Store(n)
		_, err := Write(ctx, dir, files)
		if err == nil {
			if ctx.calls.Load() <= n {
				// Write looked fewer than n times: every point is covered.
				if n < int64(len(files))+2 {
					t.Fatalf("Write checked the context only %d times", ctx.calls.Load())
				}
				return
			}
			t.Fatalf("cancelled at check %d, and still wrote", n)
		}
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("check %d: %v", n, err)
		}
		after, _ := Read(dir)
		if fmt.Sprint(after) != fmt.Sprint(before) {
			t.Fatalf("cancelled at check %d: the output changed", n)
		}
		if got := strings.Join(entries(t, parent), " "); got != "output" {
			t.Fatalf("cancelled at check %d: left %s", n, got)
		}
	}
}

// In a working folder reached through a link, ".." is the real folder's
// parent for the system, whatever $PWD says; the checks look where the
// write would go.
func TestCheckDotDotFromALinkedWorkingFolder(t *testing.T) {
	base, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	proj := filepath.Join(base, "real", "proj")
	os.MkdirAll(filepath.Join(proj, "work"), 0o755)
	os.MkdirAll(filepath.Join(proj, "data"), 0o755)
	link := filepath.Join(base, "w")
	if err := os.Symlink(filepath.Join(proj, "work"), link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	t.Chdir(link)
	t.Setenv("PWD", link)
	if wd, _ := os.Getwd(); wd != link {
		t.Logf("Getwd gives %s, not $PWD", wd)
	}
	g := Guard{Project: proj, Data: filepath.Join(proj, "data")}
	refused(t, Check("../data", g), "is the data folder or contains it; a build replaces the output folder whole, so it must not hold the data")
	// Write goes to the same place: the real parent's site folder.
	mustWrite(t, "../site", site(File{Path: "index.html", Data: []byte("x")}))
	if _, err := os.Stat(filepath.Join(proj, "site", "index.html")); err != nil {
		t.Fatal(err)
	}
}
