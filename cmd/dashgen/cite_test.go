package main

import (
	"encoding/json"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/dashgen/dashgen/internal/cite"
)

// citeAreas are the texts of a page's citation textareas: BibTeX, then
// CSL-JSON, for each Cite block.
var (
	bibArea = regexp.MustCompile(`(?s)<textarea readonly rows="7" translate="no" spellcheck="false" aria-label="[^"]*">(@.*?)</textarea>`)
	cslArea = regexp.MustCompile(`(?s)<textarea readonly rows="7" translate="no" spellcheck="false" aria-label="[^"]*">(\[.*?)</textarea>`)
	citeTxt = regexp.MustCompile(`<p class="cite-text">([^<]*)</p>`)
)

// TestCitations builds the default project with a base address and
// reads back every citation it wrote: sources.bib with a strict BibTeX
// reader, sources.json and every page's CSL-JSON against the CSL data
// schema's rules, one entry per source keyed by its id, every dashboard
// and chart with a Cite block whose address is absolute, in every
// language, listed in the manifest, and the same bytes from a second build.
func TestCitations(t *testing.T) {
	t.Parallel()
	exe := binary(t)
	dir := project(t)
	if r := run(t, exe, dir, "build", "--out", "output", "--base-url", "https://example.org/site"); r.code != 0 {
		t.Fatalf("build: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	out := filepath.Join(dir, "output")
	ids := citeSourceIDs(t, filepath.Join(dir, "data", "sources.csv"))
	var manifest struct{ Outputs map[string]string }
	citeReadJSON(t, filepath.Join(out, "manifest.json"), &manifest)
	for _, prefix := range []string{"", "az/", "ru/"} {
		bib := citeReadText(t, filepath.Join(out, prefix+"sources.bib"))
		entries, err := cite.ParseBibTeX(bib)
		if err != nil {
			t.Fatalf("%ssources.bib: %v", prefix, err)
		}
		var keys []string
		for _, e := range entries {
			keys = append(keys, e.Key)
			if e.Fields["title"] == "" {
				t.Errorf("%ssources.bib: %s has no title", prefix, e.Key)
			}
		}
		if strings.Join(keys, " ") != strings.Join(ids, " ") {
			t.Errorf("%ssources.bib keys %v, want the source ids %v", prefix, keys, ids)
		}
		csl := citeReadText(t, filepath.Join(out, prefix+"sources.json"))
		if err := cite.CheckCSL([]byte(csl)); err != nil {
			t.Errorf("%ssources.json: %v", prefix, err)
		}
		for _, f := range []string{"sources.bib", "sources.json"} {
			if manifest.Outputs[prefix+f] == "" {
				t.Errorf("manifest.json does not list %s%s", prefix, f)
			}
		}
		src := citeReadText(t, filepath.Join(out, prefix+"sources.html"))
		if n := len(bibArea.FindAllString(src, -1)); n != len(ids) {
			t.Errorf("%ssources.html has %d BibTeX entries, want one per source (%d)", prefix, n, len(ids))
		}
		checkCiteAreas(t, prefix+"sources.html", src)
	}
	dashboards, err := filepath.Glob(filepath.Join(out, "*.html"))
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, path := range dashboards {
		name := filepath.Base(path)
		if name == "index.html" || name == "sources.html" {
			continue
		}
		for _, prefix := range []string{"", "az/", "ru/"} {
			page := citeReadText(t, filepath.Join(out, prefix+name))
			charts := strings.Count(page, `<section class="chart`)
			texts := citeTxt.FindAllStringSubmatch(page, -1)
			if len(texts) != charts+1 {
				t.Errorf("%s%s: %d citations, want one for the dashboard and one per chart (%d)", prefix, name, len(texts), charts+1)
				continue
			}
			want := "https://example.org/site/" + prefix + name
			for i, m := range texts {
				if !strings.Contains(html.UnescapeString(m[1]), want) || !strings.Contains(m[1], "1.0.0") {
					t.Errorf("%s%s: citation %d %q lacks the address %s or the version", prefix, name, i, m[1], want)
				}
			}
			checkCiteAreas(t, prefix+name, page)
			checked++
		}
	}
	if checked < 3 {
		t.Fatalf("checked %d dashboard pages", checked)
	}
	first := snapshot(t, out)
	if r := run(t, exe, dir, "build", "--out", "output", "--base-url", "https://example.org/site"); r.code != 0 {
		t.Fatalf("second build: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	second := snapshot(t, out)
	for _, f := range []string{"sources.bib", "sources.json", "overview.html", "az/sources.html"} {
		if first[f] != second[f] {
			t.Errorf("%s differs between two builds", f)
		}
	}
}

// TestCitationsOfHostileText builds the project whose every text is
// hostile (TestHostileTextStaysText's: quotes, braces, </script>, %,
// TeX's special characters) and reads every citation back: the BibTeX
// parses, the CSL-JSON meets the schema and gives back each source's
// title exactly.
func TestCitationsOfHostileText(t *testing.T) {
	t.Parallel()
	exe := binary(t)
	dir := project(t)
	makeHostile(t, dir)
	if r := run(t, exe, dir, "build", "--out", "output"); r.code != 0 {
		t.Fatalf("build: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	out := filepath.Join(dir, "output")
	titles := map[string]string{}
	rows := readCSV(t, filepath.Join(dir, "data", "sources.csv"))
	for _, row := range rows[1:] {
		titles[row[0]] = row[1]
	}
	if _, err := cite.ParseBibTeX(citeReadText(t, filepath.Join(out, "sources.bib"))); err != nil {
		t.Fatalf("sources.bib: %v", err)
	}
	csl := citeReadText(t, filepath.Join(out, "sources.json"))
	if err := cite.CheckCSL([]byte(csl)); err != nil {
		t.Fatalf("sources.json: %v", err)
	}
	var items []struct{ ID, Title string }
	if err := json.Unmarshal([]byte(csl), &items); err != nil {
		t.Fatal(err)
	}
	special := 0
	for _, it := range items {
		if it.Title != titles[it.ID] {
			t.Errorf("sources.json: %s's title %q, want %q", it.ID, it.Title, titles[it.ID])
		}
		if strings.ContainsAny(it.Title, `{}%"`) || strings.Contains(it.Title, "</script>") {
			special++
		}
	}
	if len(items) != len(titles) || special == 0 {
		t.Fatalf("%d items for %d sources, %d with special characters", len(items), len(titles), special)
	}
	pages, _ := filepath.Glob(filepath.Join(out, "*.html"))
	for _, p := range pages {
		checkCiteAreas(t, filepath.Base(p), citeReadText(t, p))
	}
}

// checkAreas parses every BibTeX and CSL-JSON textarea of a page.
func checkCiteAreas(t *testing.T, name, page string) {
	t.Helper()
	for _, m := range bibArea.FindAllStringSubmatch(page, -1) {
		if _, err := cite.ParseBibTeX(html.UnescapeString(m[1])); err != nil {
			t.Errorf("%s: a Cite block's BibTeX: %v\n%s", name, err, m[1])
		}
	}
	for _, m := range cslArea.FindAllStringSubmatch(page, -1) {
		if err := cite.CheckCSL([]byte(html.UnescapeString(m[1]))); err != nil {
			t.Errorf("%s: a Cite block's CSL-JSON: %v", name, err)
		}
	}
	if strings.Count(page, `class="embed-code cite"`) != len(bibArea.FindAllString(page, -1)) ||
		len(bibArea.FindAllString(page, -1)) != len(cslArea.FindAllString(page, -1)) {
		t.Errorf("%s: Cite blocks and their BibTeX and CSL-JSON do not pair up", name)
	}
}

func citeSourceIDs(t *testing.T, path string) []string {
	var ids []string
	for _, row := range readCSV(t, path)[1:] {
		ids = append(ids, row[0])
	}
	if len(ids) == 0 {
		t.Fatal("no sources")
	}
	return ids
}

func citeReadText(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func citeReadJSON(t *testing.T, path string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(citeReadText(t, path)), v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}
