package diff

import (
	"errors"
	"strings"
	"testing"

	"github.com/dashgen/dashgen/internal/diag"
	"github.com/dashgen/dashgen/internal/release"
)

// FuzzDecodeHistory: any package/changes.json gives a history whose every
// release has a Semantic Version, or a *diag.Errors naming the file; never
// a panic.
func FuzzDecodeHistory(f *testing.F) {
	for _, seed := range []string{
		`{"releases": [{"version": "1.0.1", "date": "2026-12-01", "previous": "1.0.0", "changes": [{"table": "figures", "id": "a", "kind": "changed", "fields": [{"name": "value", "old": "161", "new": "170"}], "old": {"value": 161, "qualifier": "at_least"}, "new": {"value": 170, "qualifier": "at_least"}}]}]}`,
		`{"releases": []}`, `[]`, `null`, "", "\n", `{"releases": [`, `{"releases": [{"version": "1.0.0", "changes": [{"old": {"value": 1e400}}]}]}`,
		`{"releases": []} {}`, `{"releases": [{"version": "1.0.0", "changes": [{"kind": "moved"}]}]}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		h, err := decodeHistory(b, "out/package/changes.json")
		if err != nil {
			var de *diag.Errors
			if !errors.As(err, &de) || len(de.Items) != 1 || de.Items[0].File != "out/package/changes.json" || strings.TrimSpace(de.Items[0].Message) == "" {
				t.Fatalf("decodeHistory: %T %v", err, err)
			}
			return
		}
		if h == nil {
			t.Fatal("no history and no error")
		}
		for _, r := range h.Releases {
			if !release.Valid(r.Version) {
				t.Fatalf("a release with version %q", r.Version)
			}
		}
	})
}
