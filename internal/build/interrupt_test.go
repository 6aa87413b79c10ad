package build

import (
	"context"
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dashgen/dashgen/internal/benchdata"
	"github.com/dashgen/dashgen/internal/config"
)

// scaledConfig is the default project grown by rows generated figures.
func scaledConfig(t *testing.T, rows int) *config.Config {
	t.Helper()
	dir := t.TempDir()
	if err := benchdata.ScaleProject("../..", dir, rows, "khojaly-1992", []string{"hrw-1993", "hrw-1994", "neftchi", "wikiwand-ru"}); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(filepath.Join(dir, "config.yaml"), nil)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// TestBuildStopsAtEveryStage cancels the build as each stage starts (as
// --progress names them: every file read, the queries and charts of each
// language, the rendering) and checks that it returns context.Canceled
// and no files.
func TestBuildStopsAtEveryStage(t *testing.T) {
	cfg := scaledConfig(t, 5_000)
	var stages []string
	res, err := BuildWith(context.Background(), cfg, Options{Progress: func(s string) { stages = append(stages, s) }})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Files) == 0 {
		t.Fatal("the build made no files")
	}
	for _, want := range []string{"/data/sources.csv", "/data/generated.csv", "/data/recognitions.csv", "running queries and building charts (en)", "rendering pages"} {
		if !slices.ContainsFunc(stages, func(s string) bool { return strings.HasSuffix(s, want) }) {
			t.Errorf("no stage %q among %q", want, stages)
		}
	}
	for i, stage := range stages {
		t.Run(fmt.Sprintf("%02d %s", i, path.Base(stage)), func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			seen := 0
			res, err := BuildWith(ctx, cfg, Options{Progress: func(s string) {
				if seen == i {
					cancel()
				}
				seen++
			}})
			if !errors.Is(err, context.Canceled) || res != nil {
				t.Fatalf("cancelled at %q: result %v, error %v; want no result and context.Canceled", stage, res != nil, err)
			}
			if seen != i+1 {
				t.Errorf("cancelled at stage %d (%q), the build went on to %d stages", i, stage, seen)
			}
		})
	}
}

// TestBuildStopsAtEveryCheck stops the build at checks of its context
// spread over the whole build: each time Build returns context.Canceled,
// no files, and looks at its context only a few more times (it does not go
// on working once it has seen the end).
func TestBuildStopsAtEveryCheck(t *testing.T) {
	cfg := scaledConfig(t, 5_000)
	all := benchdata.NewCountdown(1 << 62)
	if _, err := Build(all, cfg); err != nil {
		t.Fatal(err)
	}
	total := all.Checks()
	if total < 20 {
		t.Fatalf("the build checked its context %d times; want it checked in every stage", total)
	}
	const samples = 12
	for k := int64(0); k < samples; k++ {
		n := total * k / samples
		ctx := benchdata.NewCountdown(n)
		res, err := Build(ctx, cfg)
		if !errors.Is(err, context.Canceled) || res != nil {
			t.Fatalf("cancelled at check %d of %d: result %v, error %v; want no result and context.Canceled", n, total, res != nil, err)
		}
		// Each worker reading a part of a file, and each language
		// rendering, notices once; then each stage returns.
		if after := ctx.Checks() - n; after > 16 {
			t.Errorf("cancelled at check %d of %d: %d more checks before Build returned", n, total, after)
		}
	}
}
