package output

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dashgen/dashgen/internal/diag"
	"github.com/dashgen/dashgen/internal/scaffold"
)

// createdTree reads every file under dir, by slash path.
func createdTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			to, _ := os.Readlink(p)
			out[filepath.ToSlash(rel)] = "-> " + to
		case !d.IsDir():
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			out[filepath.ToSlash(rel)] = string(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func diagMessages(t *testing.T, err error) []string {
	t.Helper()
	var de *diag.Errors
	if !errors.As(err, &de) {
		t.Fatalf("error %v (%T) is not a *diag.Errors", err, err)
	}
	return diag.Format(de.Items)
}

func TestCreateNewAndExistingFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "new project")
	files, err := Create(dir, scaffold.Template(), false)
	if err != nil {
		t.Fatal(err)
	}
	got := createdTree(t, dir)
	if len(got) != len(files) {
		t.Errorf("wrote %d files, reported %d", len(got), len(files))
	}
	for _, f := range files {
		want, _ := fs.ReadFile(scaffold.Template(), f)
		if got[f] != string(want) {
			t.Errorf("%s differs from the template", f)
		}
	}
	// An existing folder with other files: they stay, the project is added.
	dir2 := t.TempDir()
	os.WriteFile(filepath.Join(dir2, "notes.txt"), []byte("mine"), 0o644)
	os.Mkdir(filepath.Join(dir2, "data"), 0o755)
	os.WriteFile(filepath.Join(dir2, "data", "other.csv"), []byte("a,b\n"), 0o644)
	if _, err := Create(dir2, scaffold.Template(), false); err != nil {
		t.Fatal(err)
	}
	got = createdTree(t, dir2)
	if got["notes.txt"] != "mine" || got["data/other.csv"] != "a,b\n" || got["config.yaml"] == "" {
		t.Errorf("existing files changed or project missing: %q", slices.Sorted(func(yield func(string) bool) {
			for k := range got {
				if !yield(k) {
					return
				}
			}
		}))
	}
}

func TestCreateRefusesExistingFiles(t *testing.T) {
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "data"), 0o755)
	os.WriteFile(filepath.Join(dir, "data", "events.csv"), []byte("mine\n"), 0o644)
	before := createdTree(t, dir)
	_, err := Create(dir, scaffold.Template(), false)
	msgs := diagMessages(t, err)
	want := filepath.ToSlash(dir) + "/data/events.csv: already exists; dashgen init replaces no file: choose a new folder, or add --force to replace it"
	if len(msgs) != 1 || msgs[0] != want {
		t.Errorf("got %q\nwant %q", msgs, want)
	}
	if after := createdTree(t, dir); len(after) != len(before) || after["data/events.csv"] != "mine\n" {
		t.Errorf("a refused init changed the folder: %v", after)
	}

	// Two existing: the first is named, the other counted.
	os.WriteFile(filepath.Join(dir, "config.yaml"), []byte("mine: 1\n"), 0o644)
	_, err = Create(dir, scaffold.Template(), false)
	msgs = diagMessages(t, err)
	want = filepath.ToSlash(dir) + "/config.yaml: already exists (and 1 more file dashgen init would write); dashgen init replaces no file: choose a new folder, or add --force to replace them"
	if len(msgs) != 1 || msgs[0] != want {
		t.Errorf("got %q\nwant %q", msgs, want)
	}

	// --force replaces those files, and a symbolic link is replaced, not
	// written through.
	outside := filepath.Join(t.TempDir(), "outside.csv")
	os.WriteFile(outside, []byte("keep me\n"), 0o644)
	os.Symlink(outside, filepath.Join(dir, "data", "sources.csv"))
	if _, err := Create(dir, scaffold.Template(), true); err != nil {
		t.Fatal(err)
	}
	got := createdTree(t, dir)
	for _, f := range []string{"config.yaml", "data/events.csv", "data/sources.csv"} {
		want, _ := fs.ReadFile(scaffold.Template(), f)
		if got[f] != string(want) {
			t.Errorf("--force did not replace %s: %q", f, got[f])
		}
	}
	if b, _ := os.ReadFile(outside); string(b) != "keep me\n" {
		t.Errorf("--force wrote through a symbolic link: %q", b)
	}
	for name := range got {
		if strings.Contains(name, ".tmp-") {
			t.Errorf("temporary file left: %s", name)
		}
	}
}

func TestCreateRefusesWrongKinds(t *testing.T) {
	base := t.TempDir()
	file := filepath.Join(base, "a-file")
	os.WriteFile(file, []byte("x"), 0o644)
	for _, tc := range []struct {
		name  string
		setup func(dir string)
		dir   string
		want  string
	}{
		{"folder is a file", nil, file, filepath.ToSlash(file) + ": is a file, not a folder; name a new folder, or an existing folder, for the project"},
		{"data is a file", func(dir string) { os.WriteFile(filepath.Join(dir, "data"), []byte("x"), 0o644) }, "", "/data: is a file, where dashgen init would make a folder; move it away, or choose another folder"},
		{"config is a folder", func(dir string) { os.Mkdir(filepath.Join(dir, "config.yaml"), 0o755) }, "", "/config.yaml: is a folder, where dashgen init would write a file; move it away, or choose another folder"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, want := tc.dir, tc.want
			if dir == "" {
				dir = t.TempDir()
				want = filepath.ToSlash(dir) + want
			}
			if tc.setup != nil {
				tc.setup(dir)
			}
			for _, force := range []bool{false, true} {
				before := createdTree(t, base)
				_, err := Create(dir, scaffold.Template(), force)
				msgs := diagMessages(t, err)
				if len(msgs) != 1 || msgs[0] != want {
					t.Errorf("force=%v: got %q\nwant %q", force, msgs, want)
				}
				if after := createdTree(t, base); len(after) != len(before) {
					t.Errorf("a refused init wrote files")
				}
			}
		})
	}
}

// failingFS is a project whose file "data/b.csv" cannot be read, so a
// Write fails in the middle.
type failingFS struct{ fstest.MapFS }

func (f failingFS) Open(name string) (fs.File, error) {
	if name == "data/b.csv" {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return f.MapFS.Open(name)
}

func (f failingFS) ReadFile(name string) ([]byte, error) {
	if name == "data/b.csv" {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return f.MapFS.ReadFile(name)
}

func TestCreateFailureUndoesWhatItMade(t *testing.T) {
	project := failingFS{fstest.MapFS{
		"config.yaml":  {Data: []byte("site: {}\n")},
		"data/a.csv":   {Data: []byte("a\n")},
		"data/b.csv":   {Data: []byte("b\n")},
		"data/x/c.csv": {Data: []byte("c\n")},
	}}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "mine.txt"), []byte("mine"), 0o644)
	if _, err := Create(filepath.Join(dir, "new"), project, false); err == nil {
		t.Fatal("no error")
	}
	if _, err := os.Stat(filepath.Join(dir, "new")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a failed init left the folder it made: %v", err)
	}
	// In an existing folder, the files it had stay; only what Write made goes.
	if _, err := Create(dir, project, false); err == nil {
		t.Fatal("no error")
	}
	if got := createdTree(t, dir); len(got) != 1 || got["mine.txt"] != "mine" {
		t.Errorf("after a failed init the folder holds %v, want only mine.txt", got)
	}
}

func TestCreateNoPermission(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes into read-only folders; TestInitNoPermission in cmd/dashgen runs the binary as another user")
	}
	parent := t.TempDir()
	os.Chmod(parent, 0o555)
	t.Cleanup(func() { os.Chmod(parent, 0o755) })
	_, err := Create(filepath.Join(parent, "p"), scaffold.Template(), false)
	want := "cannot write " + filepath.ToSlash(filepath.Join(parent, "p")) + ": permission denied; nothing was written"
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}
