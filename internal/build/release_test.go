package build

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// releaseWords are the release as each language of the default project
// writes it.
var releaseWords = map[string]string{
	"":    "Data release 1.0.0, 29 November 2026",
	"az/": "Məlumatların 1.0.0 buraxılışı, 29 noyabr 2026",
	"ru/": "Выпуск данных 1.0.0 от 29 ноября 2026",
}

// langOf is the language folder of an output path ("" for the first).
func langOf(p string) string {
	for _, pre := range []string{"az/", "ru/"} {
		if strings.HasPrefix(p, pre) {
			return pre
		}
	}
	return ""
}

// TestReleaseOnEveryPage: the default project states release 1.0.0 of
// 2026-11-29; every page shows it in its language (the footer of pages
// with one, the from line of embeds, the printed head of dashboards), every
// chart's CSV and JSON carry it, and so does the manifest.
func TestReleaseOnEveryPage(t *testing.T) {
	res := defaultBuild(t)
	pages, data := 0, 0
	for _, f := range res.Files {
		words := releaseWords[langOf(f.Path)]
		switch {
		case strings.HasSuffix(f.Path, ".html"):
			pages++
			html := string(f.Data)
			if !strings.Contains(html, `<span class="release">`+words) {
				t.Errorf("%s does not show %q", f.Path, words)
			}
			if strings.Contains(html, `<p class="print-only">`) && !strings.Contains(html, " "+words+".</p>") {
				t.Errorf("%s: the printed head does not show %q", f.Path, words)
			}
		case strings.HasSuffix(f.Path, ".csv") && strings.Contains(f.Path, "data/"):
			data++
			lines := strings.Split(strings.TrimSpace(string(f.Data)), "\n")
			if !strings.HasSuffix(lines[0], ",release") {
				t.Errorf("%s: header %q has no release column", f.Path, lines[0])
			}
			for _, l := range lines[1:] {
				if !strings.HasSuffix(l, ",1.0.0") {
					t.Errorf("%s: row %q does not end with the release", f.Path, l)
					break
				}
			}
		case strings.HasSuffix(f.Path, ".json") && strings.Contains(f.Path, "data/"):
			var doc struct {
				Release *struct{ Version, Date string } `json:"release"`
			}
			if err := json.Unmarshal(f.Data, &doc); err != nil || doc.Release == nil || doc.Release.Version != "1.0.0" || doc.Release.Date != "2026-11-29" {
				t.Errorf("%s: release %+v (%v)", f.Path, doc.Release, err)
			}
		case f.Path == "manifest.json":
			var m struct {
				Release *struct{ Version, Date string } `json:"release"`
			}
			if err := json.Unmarshal(f.Data, &m); err != nil || m.Release == nil || *m.Release != (struct{ Version, Date string }{"1.0.0", "2026-11-29"}) {
				t.Errorf("manifest: release %+v (%v)", m.Release, err)
			}
		}
	}
	if pages < 10 || data < 10 {
		t.Fatalf("%d pages and %d data files: the build is not the default project's", pages, data)
	}
}

// TestNoReleaseShowsNothing: a project that states no release gets no
// release words, column or member anywhere, not an empty one.
func TestNoReleaseShowsNothing(t *testing.T) {
	cfg := defaultConfig(t)
	cfg.Release.Version, cfg.Release.Date = "", ""
	res, err := Build(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Files {
		for _, w := range append([]string{`class="release"`, `"release"`, ",release\n", "1.0.0"}, releaseWords[langOf(f.Path)]) {
			if bytes.Contains(f.Data, []byte(w)) {
				t.Errorf("%s holds %q though the project states no release", f.Path, w)
			}
		}
	}
}
