package benchdata_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/dashgen/dashgen/internal/benchdata"
	"github.com/dashgen/dashgen/internal/build"
	"github.com/dashgen/dashgen/internal/config"
	"github.com/dashgen/dashgen/internal/diag"
)

// TestGenerate: a generated project of either shape loads every row and
// builds with no error and no warning (the benchmarks measure clean
// projects), and its files are those a bare read reads.
func TestGenerate(t *testing.T) {
	// The smallest, and a size not a multiple of RowsPerEvent (the last
	// event is short) nor of 8 (the last group of figures is cut).
	for _, rows := range []int{benchdata.MinRows, 701} {
		for _, shape := range benchdata.Shapes {
			testGenerate(t, shape, rows)
		}
	}
}

func testGenerate(t *testing.T, shape benchdata.Shape, rows int) {
	t.Run(fmt.Sprintf("%s/%d", shape, rows), func(t *testing.T) {
		g, err := benchdata.Generate(t.TempDir(), shape, rows)
		if err != nil {
			t.Fatal(err)
		}
		if len(g.Files) != 3 || g.Rows != rows || g.Bytes <= 0 {
			t.Fatalf("Generate = %+v", g)
		}
		cfg, err := config.Load(filepath.Join(g.Dir, "config.yaml"), nil)
		if err != nil {
			t.Fatal(err)
		}
		data, l := build.Load(cfg)
		if items := l.Items(); len(items) > 0 {
			t.Fatal(diag.Format(items))
		}
		n := len(data.Figures)
		if shape == benchdata.RecognitionsShape {
			n = len(data.Recognitions)
		}
		if n != rows {
			t.Errorf("%d rows loaded, want %d", n, rows)
		}
		if want := (rows + benchdata.RowsPerEvent - 1) / benchdata.RowsPerEvent; len(data.Events) != want {
			t.Errorf("%d events, want %d", len(data.Events), want)
		}
		res, err := build.Build(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Warnings) > 0 {
			t.Fatal(diag.Format(res.Warnings))
		}
	})
}

func TestGenerateRefuses(t *testing.T) {
	for _, c := range []struct {
		shape benchdata.Shape
		rows  int
		want  string
	}{
		{benchdata.FiguresShape, 0, "Generate: 0 rows; the charts of a generated project need at least 128"},
		{benchdata.RecognitionsShape, benchdata.MinRows - 1, "Generate: 127 rows; the charts of a generated project need at least 128"},
		{"tables", 1000, `Generate: unknown shape "tables"`},
	} {
		if _, err := benchdata.Generate(t.TempDir(), c.shape, c.rows); err == nil || err.Error() != c.want {
			t.Errorf("Generate(%q, %d) = %v, want %q", c.shape, c.rows, err, c.want)
		}
	}
}
