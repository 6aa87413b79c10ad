package benchdata_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/dashgen/dashgen/internal/benchdata"
	"github.com/dashgen/dashgen/internal/build"
	"github.com/dashgen/dashgen/internal/config"
	"github.com/dashgen/dashgen/internal/diag"
)

// DefaultSources are sources of the default project that no chart filters
// on, so that the generated rows add no figure to any chart.
var defaultSources = []string{"hrw-1993", "hrw-1994", "neftchi", "wikiwand-ru"}

// TestScaleProject checks that a scaled copy of the default project builds
// with no error, and that its load reads every generated row.
func TestScaleProject(t *testing.T) {
	dir := t.TempDir()
	const rows = 2000
	if err := benchdata.ScaleProject("../..", dir, rows, "khojaly-1992", defaultSources); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(filepath.Join(dir, "config.yaml"), nil)
	if err != nil {
		t.Fatal(err)
	}
	data, l := build.Load(cfg)
	if l.HasErrors() {
		t.Fatal(diag.Format(l.Items()))
	}
	n := 0
	for _, f := range data.Figures {
		if f.Dataset == "generated" {
			n++
		}
	}
	if n != rows {
		t.Errorf("%d generated figures loaded, want %d", n, rows)
	}
	if _, err := build.Build(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
}
