package output

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// exportFiles returns files with the manifest of dashgen's exports.
func exportFiles(t *testing.T, files ...File) []File {
	t.Helper()
	build := NewManifest("dashgen test", "5", nil, map[string][]byte{"config.yaml": []byte("x")}, nil)
	m, err := ExportManifest(build.Data, files)
	if err != nil {
		t.Fatal(err)
	}
	return append(files, m)
}

func TestExportManifestKeepsTheBuildsInputs(t *testing.T) {
	files := exportFiles(t, File{Path: "a.png", Data: []byte("png")})
	m := string(files[1].Data)
	for _, want := range []string{`"tool": "dashgen test"`, `"config.yaml": "sha256:`, `"a.png": "sha256:` + strings.TrimPrefix(hash([]byte("png")), "sha256:")} {
		if !strings.Contains(m, want) {
			t.Errorf("manifest lacks %s:\n%s", want, m)
		}
	}
	if _, err := ExportManifest([]byte("not json"), nil); err == nil {
		t.Error("a broken build manifest was accepted")
	}
}

// An export replaces its language folder whole, but only when everything
// in it is what dashgen wrote there; anything else is refused and kept.
func TestWriteExportsReplacesOnlyItsOwnFiles(t *testing.T) {
	write := func(t *testing.T, dir string, files []File) error {
		t.Helper()
		_, err := WriteExports(bg, dir, files)
		return err
	}
	old := func(t *testing.T) string {
		t.Helper()
		dir := filepath.Join(t.TempDir(), "exports", "en")
		if err := write(t, dir, exportFiles(t, File{Path: "a.png", Data: []byte("old")}, File{Path: "b.pdf", Data: []byte("old")})); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	newFiles := exportFiles(t, File{Path: "a.png", Data: []byte("new")})

	t.Run("its own exports are replaced whole", func(t *testing.T) {
		dir := old(t)
		if err := write(t, dir, newFiles); err != nil {
			t.Fatal(err)
		}
		got, _ := Read(dir)
		if len(got) != 2 || got[0].Path != "a.png" || string(got[0].Data) != "new" || got[1].Path != "manifest.json" {
			t.Fatalf("got %+v", got)
		}
		if names := entries(t, filepath.Dir(dir)); len(names) != 1 {
			t.Fatalf("temporary folders or lock file left: %v", names)
		}
	})

	for _, tc := range []struct {
		name   string
		spoil  func(dir string) error
		reason string
	}{
		{"a file added by hand", func(dir string) error { return os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644) },
			`holds "notes.txt", which dashgen did not write (its manifest.json does not list it); move it away, then export again`},
		{"a file in a folder added by hand", func(dir string) error {
			os.Mkdir(filepath.Join(dir, "talk"), 0o755)
			return os.WriteFile(filepath.Join(dir, "talk", "slide.png"), []byte("mine"), 0o644)
		}, `holds "talk/slide.png", which dashgen did not write (its manifest.json does not list it); move it away, then export again`},
		{"an export changed by hand", func(dir string) error { return os.WriteFile(filepath.Join(dir, "b.pdf"), []byte("annotated"), 0o644) },
			`holds "b.pdf", changed since dashgen wrote it; move it away, then export again`},
		{"a symbolic link inside", func(dir string) error { return os.Symlink(os.TempDir(), filepath.Join(dir, "link")) },
			`holds "link", a symbolic link dashgen did not make; move it away, then export again`},
		{"the manifest replaced", func(dir string) error {
			return os.WriteFile(filepath.Join(dir, "manifest.json"), []byte(`{"tool":"other"}`), 0o644)
		}, `holds "a.png" but no manifest.json of dashgen's exports, so it is not a folder dashgen made; an export replaces it whole, so move its files away, then export again`},
	} {
		t.Run(tc.name+" is refused and kept", func(t *testing.T) {
			dir := old(t)
			if err := tc.spoil(dir); err != nil {
				t.Fatal(err)
			}
			before, _ := Read(dir)
			refused(t, CheckExportsFolder(dir), tc.reason)
			refused(t, write(t, dir, newFiles), tc.reason)
			after, _ := Read(dir)
			if fmt.Sprint(after) != fmt.Sprint(before) {
				t.Fatalf("the folder changed:\n%v\n%v", before, after)
			}
		})
	}

	t.Run("a folder of someone else's files is refused", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "en")
		os.Mkdir(dir, 0o755)
		os.WriteFile(filepath.Join(dir, "talk.pptx"), []byte("mine"), 0o644)
		refused(t, write(t, dir, newFiles), `holds "talk.pptx" but no manifest.json of dashgen's exports, so it is not a folder dashgen made; an export replaces it whole, so move its files away, then export again`)
		if b, _ := os.ReadFile(filepath.Join(dir, "talk.pptx")); string(b) != "mine" {
			t.Fatal("the file changed")
		}
	})

	t.Run("a language folder that is a link is refused", func(t *testing.T) {
		parent := t.TempDir()
		elsewhere := filepath.Join(parent, "elsewhere")
		os.Mkdir(elsewhere, 0o755)
		os.WriteFile(filepath.Join(elsewhere, "keep.txt"), []byte("mine"), 0o644)
		dir := filepath.Join(parent, "en")
		if err := os.Symlink(elsewhere, dir); err != nil {
			t.Fatal(err)
		}
		refused(t, write(t, dir, newFiles), fmt.Sprintf("is a symbolic link (to %s), not a folder dashgen made; move it away, then export again", elsewhere))
		if b, _ := os.ReadFile(filepath.Join(elsewhere, "keep.txt")); string(b) != "mine" {
			t.Fatal("the linked folder changed")
		}
	})

	t.Run("a file in its place is refused", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "en")
		os.WriteFile(dir, []byte("mine"), 0o644)
		refused(t, write(t, dir, newFiles), "is a file, not a folder dashgen made; move it away, then export again")
	})
}

// An export stopped at any point leaves the previous exports as they were.
func TestCancelledWriteExportsKeepsThePreviousExports(t *testing.T) {
	files := exportFiles(t, File{Path: "a.png", Data: []byte("new")}, File{Path: "b.svg", Data: []byte("new")})
	for n := int64(0); ; n++ {
		parent := t.TempDir()
		dir := filepath.Join(parent, "en")
		if _, err := WriteExports(bg, dir, exportFiles(t, File{Path: "a.png", Data: []byte("old")})); err != nil {
			t.Fatal(err)
		}
		before, _ := Read(dir)
		ctx := &cancelAfter{Context: bg}
		ctx.n.Store(n)
		_, err := WriteExports(ctx, dir, files)
		if err == nil {
			if ctx.calls.Load() <= n {
				if n < int64(len(files))+2 {
					t.Fatalf("WriteExports checked the context only %d times", ctx.calls.Load())
				}
				return
			}
			t.Fatalf("cancelled at check %d, and still wrote", n)
		}
		after, _ := Read(dir)
		if fmt.Sprint(after) != fmt.Sprint(before) {
			t.Fatalf("cancelled at check %d: the exports changed", n)
		}
		if got := strings.Join(entries(t, parent), " "); got != "en" {
			t.Fatalf("cancelled at check %d: left %s", n, got)
		}
	}
}

func TestCheckExports(t *testing.T) {
	base, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	project := filepath.Join(base, "project")
	g := ExportsGuard{Project: project, Data: filepath.Join(project, "data"), Output: filepath.Join(project, "output")}
	os.MkdirAll(g.Data, 0o755)
	os.MkdirAll(g.Output, 0o755)
	os.WriteFile(filepath.Join(project, "file"), []byte("x"), 0o644)
	own := "choose a folder of its own for the exports, such as exports"
	for _, tc := range []struct{ dir, reason string }{
		{filepath.Join(project, "exports"), ""},
		{filepath.Join(base, "slides"), ""},
		{project, "is the project folder or contains it; " + own},
		{base, "is the project folder or contains it; " + own},
		{g.Data, "is the data folder or contains it; " + own},
		{filepath.Join(g.Data, "x"), "is inside the data folder; " + own},
		{g.Output, "is the output folder or contains it; a build replaces the output whole, so the exports need a folder beside it, such as exports"},
		{filepath.Join(g.Output, "export"), "is inside the output folder, which a build replaces whole; choose a folder beside it, such as exports"},
		{filepath.Join(project, "file"), "is a file, not a folder; " + own},
		{"/", "is the root of the file system; " + own},
		{"/usr", "is a system folder; " + own},
	} {
		err := CheckExports(tc.dir, g)
		if tc.reason == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.dir, err)
			}
			continue
		}
		var r *RefusedError
		if !errors.As(err, &r) || r.Reason != tc.reason || r.Dir != tc.dir {
			t.Errorf("%s: got %v\nwant reason %s", tc.dir, err, tc.reason)
		}
	}
	if home, err := os.UserHomeDir(); err == nil && home != "" && home != "/" && !systemFolders()[home] {
		var r *RefusedError
		if err := CheckExports(home, ExportsGuard{}); !errors.As(err, &r) || !strings.HasPrefix(r.Reason, "is the home folder or contains it") {
			t.Errorf("home: %v", err)
		}
	}
	// A link does not hide the output: exports named through a link into
	// the output are inside it.
	link := filepath.Join(base, "link")
	if err := os.Symlink(g.Output, link); err != nil {
		t.Fatal(err)
	}
	var r *RefusedError
	if err := CheckExports(filepath.Join(link, "x"), g); !errors.As(err, &r) || !strings.HasPrefix(r.Reason, "is inside the output folder (following symbolic links") {
		t.Errorf("through a link: %v", err)
	}
}
