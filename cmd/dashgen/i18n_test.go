package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dashgen/dashgen/internal/config"
)

// TestLanguages builds the default project, which lists en, az and ru, and
// checks each language's pages: the right lang attribute, numbers written
// as the language writes them, a switcher to the same page in every
// language, and none of the English interface words left. The build warns
// about nothing untranslated.
func TestLanguages(t *testing.T) {
	t.Parallel()
	exe := binary(t)
	dir := project(t)
	r := run(t, exe, dir, "build")
	if r.code != 0 {
		t.Fatalf("build: exit %d\n%s", r.code, r.stderr)
	}
	if strings.Contains(r.stderr, "translation") {
		t.Errorf("the default project has untranslated texts:\n%s", r.stderr)
	}
	cfg, err := config.Load(filepath.Join(dir, "config.yaml"), nil)
	if err != nil {
		t.Fatal(err)
	}
	charts := 0 // each chart has its embed page
	for _, d := range cfg.Dashboards {
		charts += len(d.Charts)
	}
	out := filepath.Join(dir, "output")
	english := []string{"Figures as text", ">Sources<", "Sources:", ">Embed<", "Data (CSV)", ">Home<",
		"Every figure is shown as its source states it", "Copy code", "Skip to the content", "at least 161", "in total"}
	for _, tc := range []struct {
		lang, folder, number, share string
	}{
		{"en", "", "1,275", "17% of 613"},
		{"az", "az", "1.275", "17% (cəmi 613"},
		{"ru", "ru", "1\u00a0275", "17\u00a0% от 613"},
	} {
		pages, _ := filepath.Glob(filepath.Join(out, tc.folder, "*.html"))
		embeds, _ := filepath.Glob(filepath.Join(out, tc.folder, "embed", "*.html"))
		if len(pages) != len(cfg.Dashboards)+2 || len(embeds) != charts {
			t.Errorf("%s: %d pages and %d embeds, want %d and %d", tc.lang, len(pages), len(embeds), len(cfg.Dashboards)+2, charts)
		}
		for _, p := range append(pages, embeds...) {
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			page := string(b)
			name := filepath.Join(tc.folder, filepath.Base(filepath.Dir(p)), filepath.Base(p))
			if !strings.Contains(page, `<html lang="`+tc.lang+`"`) {
				t.Errorf("%s: not marked lang=%q", name, tc.lang)
			}
			if tc.lang != "en" {
				visible := withoutElements(page, "script", "style", "textarea")
				for _, w := range english {
					if strings.Contains(visible, w) {
						t.Errorf("%s: English interface words left: %q", name, w)
					}
				}
			}
			if !strings.Contains(page, "embed/") && filepath.Base(filepath.Dir(p)) != "embed" {
				for _, other := range []string{"en", "az", "ru"} {
					if !strings.Contains(page, `hreflang="`+other+`"`) {
						t.Errorf("%s: no link to the %s version", name, other)
					}
				}
			}
		}
		overview, err := os.ReadFile(filepath.Join(out, tc.folder, "overview.html"))
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{tc.number, tc.share} {
			if !strings.Contains(string(overview), want) {
				t.Errorf("%s overview.html does not write %q", tc.lang, want)
			}
		}
	}
}

// withoutElements returns page without the elements named (from "<name"
// to the next "</name>"), as a reader does not see them as text. It reads
// each page once: a regular expression over pages of half a megabyte took
// most of the test's time with -race.
func withoutElements(page string, names ...string) string {
	var b strings.Builder
	for {
		start, end := -1, ""
		for _, n := range names {
			if i := strings.Index(page, "<"+n); i >= 0 && (start < 0 || i < start) {
				if j := strings.Index(page[i:], "</"+n+">"); j >= 0 {
					start, end = i, page[i+j:i+j+len("</"+n+">")]
				}
			}
		}
		if start < 0 {
			b.WriteString(page)
			return b.String()
		}
		b.WriteString(page[:start])
		page = page[start:]
		page = page[strings.Index(page, end)+len(end):]
	}
}
