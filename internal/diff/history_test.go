package diff_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/dashgen/dashgen/internal/diag"
	"github.com/dashgen/dashgen/internal/diff"
)

// withHistory adds a history to the release in dir, as a build of a
// project with a corrections log writes it, and loads the release.
func withHistory(t *testing.T, dir string, b []byte) *diff.Release {
	t.Helper()
	edit(t, dir, func(d map[string]any) {
		d["resources"] = append(d["resources"].([]any), map[string]any{
			"name": "changes", "path": diff.HistoryPath, "format": "json", "mediatype": "application/json",
		})
	})
	rewrite(t, dir, diff.HistoryPath, b)
	rel, err := diff.Load(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	return rel
}

const goodHistory = `{"releases": [
  {"version": "1.0.1", "date": "2026-12-01", "previous": "1.0.0", "changes": [
    {"table": "figures", "id": "a", "kind": "changed", "fields": [{"name": "value", "old": "161", "new": "170"}],
     "old": {"value": 161, "qualifier": "at_least"}, "new": {"value": 170, "qualifier": "at_least"}}]}
]}
`

func TestReadHistory(t *testing.T) {
	rel, err := diff.Load(context.Background(), release(t))
	if err != nil {
		t.Fatal(err)
	}
	if h, err := diff.ReadHistory(context.Background(), rel); h != nil || err != nil {
		t.Errorf("a release with no history: %+v, %v", h, err)
	}
	dir := release(t)
	h, err := diff.ReadHistory(context.Background(), withHistory(t, dir, []byte(goodHistory)))
	if err != nil {
		t.Fatal(err)
	}
	e := h.Find("1.0.1", "a")
	if e == nil || e.Kind != diff.Changed || *e.Old.Value != 161 || *e.New.Value != 170 || e.New.Qualifier != "at_least" || h.Find("1.0.1", "b") != nil || h.Find("1.0.0", "a") != nil {
		t.Errorf("history %+v", h)
	}
}

// TestReadHistoryErrors: a history changed after the release was built,
// gone, not JSON, or not as dashgen writes it is refused, with the file
// and the reason.
func TestReadHistoryErrors(t *testing.T) {
	cases := []struct {
		name string
		// history is the file the release is built with; after, when
		// set, what it is changed to once the release is loaded.
		history, after string
		gone           bool
		want           string
		code           diag.Code
	}{
		{name: "tampered", history: goodHistory, after: strings.Replace(goodHistory, "170", "171", 2),
			want: "OLD/package/changes.json: is not the file datapackage.json describes (resources[N].bytes and .hash); it was changed after the release was built", code: diag.HashMismatch},
		{name: "gone", history: goodHistory, gone: true,
			want: "OLD/package/changes.json: does not exist, but datapackage.json lists it (resources[N].path); the release is incomplete", code: diag.FileMissing},
		{name: "not JSON", history: "{\"releases\": [\n  {\"version\": \"1.0.1\",,}]}\n",
			want: "OLD/package/changes.json:2:23: is not valid JSON: invalid character ',' looking for beginning of object key string", code: diag.JSONSyntax},
		{name: "bad version", history: `{"releases": [{"version": "next", "previous": "", "changes": []}]}`,
			want: `OLD/package/changes.json: releases[0].version: "next" is not a Semantic Version (1.0.1); a dashgen build records only stated releases`, code: diag.InvalidValue},
		{name: "bad kind", history: `{"releases": [{"version": "1.0.1", "previous": "", "changes": [{"table": "figures", "id": "a", "kind": "moved"}]}]}`,
			want: "OLD/package/changes.json: is not a history of changes as dashgen writes it: unknown kind of change moved (added, removed or changed)", code: diag.InvalidValue},
		{name: "empty", history: "\n",
			want: "OLD/package/changes.json: is empty; a dashgen build writes a JSON object here", code: diag.JSONSyntax},
		{name: "cut short", history: `{"releases": [`,
			want: "OLD/package/changes.json:1:14: is not valid JSON: it ends before its JSON value does", code: diag.JSONSyntax},
		{name: "two values", history: `{"releases": []} {"releases": []}`,
			want: "OLD/package/changes.json: is not a history of changes as dashgen writes it: more follows the history's JSON object", code: diag.InvalidValue},
		{name: "unknown member", history: `{"releases": [], "extra": 1}`,
			want: `OLD/package/changes.json: is not a history of changes as dashgen writes it: json: unknown field "extra"`, code: diag.InvalidValue},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := release(t)
			rel := withHistory(t, dir, []byte(c.history))
			p := filepath.Join(dir, filepath.FromSlash(diff.HistoryPath))
			if c.after != "" {
				if err := os.WriteFile(p, []byte(c.after), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if c.gone {
				if err := os.Remove(p); err != nil {
					t.Fatal(err)
				}
			}
			h, err := diff.ReadHistory(context.Background(), rel)
			var de *diag.Errors
			if !errors.As(err, &de) || len(de.Items) != 1 {
				t.Fatalf("ReadHistory = %+v, %v; want one error", h, err)
			}
			got := strings.ReplaceAll(de.Items[0].String(), filepath.ToSlash(dir), "OLD")
			got = resourceIndex.ReplaceAllString(got, "resources[N]")
			if got != c.want || de.Items[0].Code != c.code {
				t.Errorf("got  %s (%s)\nwant %s (%s)", got, de.Items[0].Code, c.want, c.code)
			}
		})
	}
}

var resourceIndex = regexp.MustCompile(`resources\[\d+\]`)

func recorded(version string) diff.Recorded {
	return diff.Recorded{Version: version, Changes: []diff.Entry{{Table: diff.Figures, ID: "x-" + version}}}
}

func versions(h *diff.History) string {
	var v []string
	for _, r := range h.Releases {
		v = append(v, r.Version)
	}
	return strings.Join(v, " ")
}

// TestCarry: a release's history is the previous one's, up to it, with
// its own record; newest first, by Semantic Version (1.10.0 after 1.9.0).
func TestCarry(t *testing.T) {
	old := &diff.History{Releases: []diff.Recorded{recorded("1.9.0"), recorded("1.0.1"), recorded("1.0.0")}}
	now := recorded("1.10.0")
	if got := versions(diff.Carry(old, &now, "1.10.0")); got != "1.10.0 1.9.0 1.0.1 1.0.0" {
		t.Errorf("carried: %s", got)
	}
	// A build of a release older than the previous one keeps none after
	// it; its own record replaces the previous one's of that version.
	again := recorded("1.0.1")
	again.Previous = "1.0.0"
	h := diff.Carry(old, &again, "1.0.1")
	if got := versions(h); got != "1.0.1 1.0.0" || h.Releases[0].Previous != "1.0.0" {
		t.Errorf("rebuilt: %s %+v", got, h.Releases[0])
	}
	// A build of the same release as the previous one (no record of its
	// own) keeps the previous one's.
	if got := versions(diff.Carry(old, nil, "1.9.0")); got != "1.9.0 1.0.1 1.0.0" {
		t.Errorf("same release: %s", got)
	}
	if got := diff.Carry(nil, nil, ""); got == nil || got.Releases == nil || len(got.Releases) != 0 {
		t.Errorf("nothing: %+v", got)
	}
}
