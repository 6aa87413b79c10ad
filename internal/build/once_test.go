package build

import (
	"context"
	"slices"
	"strings"
	"testing"
)

// TestQueriesRunOnce: the queries run once for all the languages (the
// first language's stage says so); every other language only builds its
// charts from the same tables.
func TestQueriesRunOnce(t *testing.T) {
	cfg := defaultConfig(t)
	if len(cfg.Languages) < 2 {
		t.Fatalf("the default project builds %d language; this test needs several", len(cfg.Languages))
	}
	var stages []string
	if _, err := BuildWith(context.Background(), cfg, Options{Progress: func(s string) {
		if strings.Contains(s, "charts") {
			stages = append(stages, s)
		}
	}}); err != nil {
		t.Fatal(err)
	}
	want := []string{"running queries and building charts (" + cfg.Languages[0] + ")"}
	for _, lang := range cfg.Languages[1:] {
		want = append(want, "building charts ("+lang+")")
	}
	if !slices.Equal(stages, want) {
		t.Errorf("stages %q, want %q", stages, want)
	}
}
