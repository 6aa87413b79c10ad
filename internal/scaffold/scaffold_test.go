package scaffold

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// projectFiles lists the files of a project.
func projectFiles(t *testing.T, project fs.FS) ([]string, error) {
	t.Helper()
	var out []string
	err := fs.WalkDir(project, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out = append(out, p)
		}
		return err
	})
	return out, err
}

func TestTemplateFiles(t *testing.T) {
	files, err := projectFiles(t, Template())
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"config.yaml", "data/counts.csv", "data/events.csv", "data/recognitions.csv", "data/sources.csv"}
	if !slices.Equal(files, want) {
		t.Errorf("template files %q, want %q", files, want)
	}
	ex, err := projectFiles(t, Example())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(ex, "config.yaml") || !slices.Contains(ex, "data/sources.csv") || !slices.Contains(ex, "data/translations/az.yaml") {
		t.Errorf("example files %q lack config.yaml, data/sources.csv or a translation", ex)
	}
	// The example is the repository's own project, not a copy of it.
	for _, f := range ex {
		got, _ := fs.ReadFile(Example(), f)
		want, err := os.ReadFile(filepath.Join("..", "..", filepath.FromSlash(f)))
		if err != nil || string(got) != string(want) {
			t.Errorf("embedded %s differs from the repository's (%v)", f, err)
		}
	}
}
