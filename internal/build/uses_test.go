package build

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dashgen/dashgen/internal/dataset"
	"github.com/dashgen/dashgen/internal/i18n"
	"github.com/dashgen/dashgen/internal/site"
)

// TestSourceUsesListed: the sources page lists the first usesListed uses
// of a source and counts the others, so that a source cited by every row
// of a large project keeps the page small; a figure citing two sources is
// listed under the one with room and counted under the full one.
func TestSourceUsesListed(t *testing.T) {
	cfg := defaultConfig(t)
	en, err := i18n.Load("en", nil)
	if err != nil {
		t.Fatal(err)
	}
	v := int64(5)
	data := &dataset.Data{}
	for i := range usesListed + 7 {
		data.Figures = append(data.Figures, &dataset.Figure{ID: fmt.Sprintf("f%d", i), Event: "e", Measure: "killed", Group: "all",
			Value: &v, Qualifier: "exact", Sources: []string{"busy"}})
	}
	data.Figures = append(data.Figures, &dataset.Figure{ID: "both", Event: "e", Measure: "killed", Group: "all",
		Value: &v, Qualifier: "exact", Sources: []string{"busy", "quiet", "busy"}})
	uses, unlisted := sourceUses(data, NewWords(cfg, data, en), nil)
	if len(uses["busy"]) != usesListed || unlisted["busy"] != 8 {
		t.Errorf("busy: %d listed, %d unlisted; want %d and 8", len(uses["busy"]), unlisted["busy"], usesListed)
	}
	if len(uses["quiet"]) != 1 || uses["quiet"][0].ID != "both" || unlisted["quiet"] != 0 {
		t.Errorf("quiet: %+v, %d unlisted; want the figure both, listed", uses["quiet"], unlisted["quiet"])
	}

	for _, tc := range []struct{ prefix, lang, want string }{
		{"", "en", `…and 1,234 more, not listed here. The data package lists every figure and record with its sources: <a href="datapackage.json">`},
		{"ru/", "ru", `…и ещё 1 234, здесь не перечисленных. Все цифры и записи с их источниками есть в пакете данных: <a href="../datapackage.json">`},
	} {
		loc, err := i18n.Load(tc.lang, nil)
		if err != nil {
			t.Fatal(err)
		}
		in := site.Input{Title: "T", Lang: tc.lang, Locale: loc, Prefix: tc.prefix,
			Sources:      []*dataset.Source{{ID: "busy", Title: "Busy source", Kind: "ngo"}},
			Uses:         map[string][]site.SourceUse{"busy": uses["busy"]},
			UsesUnlisted: map[string]int{"busy": 1234},
			SourceName:   func(id string) string { return id }}
		files, err := site.Render(t.Context(), in)
		if err != nil {
			t.Fatal(err)
		}
		page := string(fileOf(t, files, tc.prefix+"sources.html"))
		if !strings.Contains(strings.ReplaceAll(page, "\u00a0", " "), tc.want) {
			t.Errorf("%ssources.html lacks %q", tc.prefix, tc.want)
		}
	}
}
