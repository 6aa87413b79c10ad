package diff_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/dashgen/dashgen/internal/build"
	"github.com/dashgen/dashgen/internal/config"
	"github.com/dashgen/dashgen/internal/diff"
)

// built is the default project built once, for every test's release.
var built struct {
	once sync.Once
	res  *build.Result
	err  error
}

// release builds the default project in memory and writes its data
// package (datapackage.json and package/) to a temporary output folder,
// as a build writes it; it returns the folder.
func release(t *testing.T) string {
	t.Helper()
	built.once.Do(func() {
		cfg, err := config.Load("../../config.yaml", nil)
		if err != nil {
			built.err = err
			return
		}
		built.res, built.err = build.Build(context.Background(), cfg)
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	dir := t.TempDir()
	n := 0
	for _, f := range built.res.Files {
		if f.Path != diff.DescriptorFile && !strings.HasPrefix(f.Path, diff.PackageDir+"/") {
			continue
		}
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n < 2 {
		t.Fatalf("the build wrote %d files of its data package", n)
	}
	return dir
}

// TestRoundTrip: a release read back from its data package is the data
// it was built from: no change against today's same data, by folder and
// by descriptor.
func TestRoundTrip(t *testing.T) {
	dir := release(t)
	cfg, err := config.Load("../../config.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	now, l := build.Load(cfg)
	if now == nil || l.HasErrors() || len(now.Figures) == 0 || len(now.Recognitions) == 0 {
		t.Fatalf("the default data does not load whole: %v", l.Err())
	}
	for _, path := range []string{dir, filepath.Join(dir, diff.DescriptorFile)} {
		rel, err := diff.Load(context.Background(), path)
		if err != nil {
			t.Fatalf("Load(%s): %v", path, err)
		}
		if rel.Version != cfg.Release.Version || rel.Date != cfg.Release.Date {
			t.Errorf("release %q %q, want %q %q", rel.Version, rel.Date, cfg.Release.Version, cfg.Release.Date)
		}
		if len(rel.Problems) > 0 {
			t.Errorf("problems in the default data read back: %v", rel.Problems)
		}
		if len(rel.Data.Figures) != len(now.Figures) || len(rel.Data.Recognitions) != len(now.Recognitions) ||
			len(rel.Data.Sources) != len(now.Sources) || len(rel.Data.Events) != len(now.Events) {
			t.Errorf("read back %d figures, %d recognitions, %d sources, %d events; built from %d, %d, %d, %d",
				len(rel.Data.Figures), len(rel.Data.Recognitions), len(rel.Data.Sources), len(rel.Data.Events),
				len(now.Figures), len(now.Recognitions), len(now.Sources), len(now.Events))
		}
		if ch := diff.Compare(rel.Data, now); len(ch) != 0 {
			t.Errorf("%d changes between a release and its own data, first %+v", len(ch), ch[0])
		}
	}
}
