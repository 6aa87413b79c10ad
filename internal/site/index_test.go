package site

import (
	"context"
	"strings"
	"testing"

	"github.com/dashgen/dashgen/internal/dataset"
)

// TestIndexCountsSources: the home page says how many sources the sources
// page lists, in words that fit the count ("All 1 sources" was printed for
// a project with one source).
func TestIndexCountsSources(t *testing.T) {
	for _, tc := range []struct {
		sources int
		want    string
	}{
		{1, "The one source, cited in full."},
		{2, "All 2 sources, cited in full."},
	} {
		in := testInput()
		in.Sources = nil
		for i := range tc.sources {
			in.Sources = append(in.Sources, &dataset.Source{ID: string(rune('a' + i)), Title: "S", URL: "https://example.org/"})
		}
		files, err := Render(context.Background(), in)
		if err != nil {
			t.Fatal(err)
		}
		var index string
		for _, f := range files {
			if f.Path == "index.html" {
				index = string(f.Data)
			}
		}
		if !strings.Contains(index, tc.want) {
			t.Errorf("%d sources: index.html does not say %q", tc.sources, tc.want)
		}
		if strings.Contains(index, "All 1 sources") {
			t.Errorf("%d sources: index.html says \"All 1 sources\"", tc.sources)
		}
	}
}
