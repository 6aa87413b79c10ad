package build

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/dashgen/dashgen/internal/benchdata"
	"github.com/dashgen/dashgen/internal/config"
	"github.com/dashgen/dashgen/internal/diag"
	"github.com/dashgen/dashgen/internal/diff"
)

// previousRelease builds cfg and reads its data package back, as
// --previous reads a release's output folder.
func previousRelease(t *testing.T, cfg *config.Config) *diff.Release {
	t.Helper()
	res, err := Build(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return publish(t, res)
}

// TestPreviousAddedAndRemoved: a figure added and one removed since the
// previous release, with no log, warn at the new row and at the old
// release's row; Result.Changes lists both, in order. A release that is
// not newer than the previous one, with changes, warns at its key.
func TestPreviousAddedAndRemoved(t *testing.T) {
	dir := t.TempDir()
	if err := benchdata.CopyProject("../..", dir); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(filepath.Join(dir, "config.yaml"), nil)
	if err != nil {
		t.Fatal(err)
	}
	prev := previousRelease(t, cfg)
	p := filepath.Join(dir, "data", "hostages.csv")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(b), "\n")
	removed := strings.SplitN(lines[len(lines)-2], ",", 2)[0]
	added := strings.Replace(lines[len(lines)-2], removed+",", "zz-added,", 1)
	lines[len(lines)-2] = added
	if err := os.WriteFile(p, []byte(strings.Join(lines, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := BuildWith(context.Background(), cfg, Options{Previous: prev})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Changes) != 2 || res.Changes[0].ID != removed || res.Changes[0].Kind != diff.Removed ||
		res.Changes[1].ID != "zz-added" || res.Changes[1].Kind != diff.Added {
		t.Fatalf("changes %+v", res.Changes)
	}
	var got []string
	for _, w := range res.Warnings {
		if w.Code == diag.UnexplainedChange {
			got = append(got, strings.ReplaceAll(w.String(), filepath.ToSlash(dir), "DIR"))
		}
	}
	v := cfg.Release.Version
	oldFile := strings.ReplaceAll(res.Changes[0].Old.File, filepath.ToSlash(dir), "DIR")
	want := []string{
		"DIR/config.yaml: release.version: warning: is " + v + ", not newer than release " + v + " (" + strings.ReplaceAll(prev.Path, filepath.ToSlash(dir), "DIR") + "), yet the data changed; a release with changes states a new version",
		"DIR/data/hostages.csv:" + strconv.Itoa(len(lines)-1) + ":1: warning: figure \"zz-added\" is new since release " + v + ", and DIR/data/corrections.csv has no entry of release " + v + " for it; log it there: " + v + "," + cfg.Release.Date + ",zz-added,added,REASON,SOURCE",
		oldFile + ":" + strconv.Itoa(len(lines)-1) + ":1: warning: figure \"" + removed + "\" of release " + v + " is gone, and DIR/data/corrections.csv has no entry of release " + v + " for it; log it there: " + v + "," + cfg.Release.Date + "," + removed + ",removed,REASON,",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	cfg.Strict = true
	if _, err := BuildWith(context.Background(), cfg, Options{Previous: prev}); err == nil || !strings.Contains(err.Error(), "zz-added") {
		t.Errorf("strict: %v", err)
	}
}
