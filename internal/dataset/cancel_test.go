package dataset

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"testing"

	"github.com/dashgen/dashgen/internal/benchdata"
)

// TestLoadStopsMidFile cancels a load in the middle of a large figures
// file, in its fast reading (in parts, on every core) and in the reading
// with encoding/csv: LoadContext returns context.Canceled and no data,
// and looks at its context only a few more times: it stops reading rather
// than checking the rest of the file.
func TestLoadStopsMidFile(t *testing.T) {
	const rows = 30_000
	p, err := writeBenchProject(t.TempDir(), rows)
	if err != nil {
		t.Fatal(err)
	}
	for _, slow := range []bool{false, true} {
		name := "fast"
		if slow {
			name = "encoding/csv"
		}
		t.Run(name, func(t *testing.T) {
			if slow {
				old := readFast
				readFast = false
				defer func() { readFast = old }()
			}
			spec := p.spec
			all := benchdata.NewCountdown(1 << 62)
			var before, after int64
			spec.Reading = func(shown string) {
				if strings.HasSuffix(shown, "figures.csv") {
					before = all.Checks()
				} else if before > 0 && after == 0 {
					after = all.Checks()
				}
			}
			data, l, err := LoadContext(all, spec)
			if err != nil || data == nil || l.HasErrors() {
				t.Fatalf("uncancelled load: data %v, error %v, %d problems", data != nil, err, len(l.Items()))
			}
			if in := after - before; in < rows/cancelEvery {
				t.Fatalf("the loader checked its context %d times while reading %d rows; want at least one every %d rows", in, rows, cancelEvery)
			}
			spec.Reading = nil
			n := (before + after) / 2 // in the middle of the figures file
			ctx := benchdata.NewCountdown(n)
			data, _, err = LoadContext(ctx, spec)
			if !errors.Is(err, context.Canceled) || data != nil {
				t.Fatalf("cancelled at check %d (figures file: checks %d to %d): data %v, error %v; want none and context.Canceled", n, before, after, data != nil, err)
			}
			// Each worker notices once, then each stage returns.
			if more := ctx.Checks() - n; more > int64(runtime.GOMAXPROCS(0))+8 {
				t.Errorf("cancelled at check %d: %d more checks before LoadContext returned", n, more)
			}
		})
	}
}
