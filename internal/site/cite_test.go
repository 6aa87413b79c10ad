package site

import (
	"context"
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/dashgen/dashgen/internal/cite"
	"github.com/dashgen/dashgen/internal/output"
)

var citeText = regexp.MustCompile(`<p class="cite-text">([^<]*)</p>`)

// TestCiteText: the citation of a dashboard and of its charts, as text,
// with and without a release and a base address; and the BibTeX and
// CSL-JSON of the same, read back.
func TestCiteText(t *testing.T) {
	for _, c := range []struct {
		name, version, date, base string
		want                      []string
		url                       string
	}{
		{"release, relative", "1.2.0", "2026-11-29", "", []string{
			"Site. D. Version 1.2.0, 29 November 2026. d.html (relative to the address where this site is published).",
			"Site. “Cards”, in D. Version 1.2.0, 29 November 2026. d.html#chart-card (relative to the address where this site is published).",
			"Site. “A bar chart”, in D. Version 1.2.0, 29 November 2026. d.html#chart-bar (relative to the address where this site is published).",
		}, ""},
		{"no release, absolute", "", "", "https://example.org/x/", []string{
			"Site. D. https://example.org/x/d.html.",
			"Site. “Cards”, in D. https://example.org/x/d.html#chart-card.",
			"Site. “A bar chart”, in D. https://example.org/x/d.html#chart-bar.",
		}, "https://example.org/x/d.html"},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := testInput()
			in.Release, in.ReleaseDate, in.BaseURL = c.version, c.date, c.base
			files, err := Render(context.Background(), in)
			if err != nil {
				t.Fatal(err)
			}
			page := string(fileData(t, files, "d.html"))
			var got []string
			for _, m := range citeText.FindAllStringSubmatch(page, -1) {
				got = append(got, html.UnescapeString(m[1]))
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("citations:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
			if !strings.Contains(page, `<p class="cite-print">Cite as: `+html.EscapeString(c.want[0])) {
				t.Error("the printed dashboard does not say how to cite it")
			}
			areas := regexp.MustCompile(`(?s)<textarea readonly rows="7" translate="no"[^>]*>(.*?)</textarea>`).FindAllStringSubmatch(page, -1)
			if len(areas) != 6 {
				t.Fatalf("%d citation textareas, want BibTeX and CSL-JSON for the dashboard and its two charts", len(areas))
			}
			e, err := cite.ParseBibTeX(html.UnescapeString(areas[0][1]))
			if err != nil || len(e) != 1 {
				t.Fatalf("the dashboard's BibTeX: %v %v", e, err)
			}
			wantKey := "d"
			if c.version != "" {
				wantKey = "d-" + c.version
			}
			if e[0].Key != wantKey || e[0].Fields["url"] != c.url || e[0].Fields["version"] != c.version {
				t.Errorf("the dashboard's BibTeX: key %q url %q version %q", e[0].Key, e[0].Fields["url"], e[0].Fields["version"])
			}
			if c.url == "" && !strings.Contains(e[0].Fields["note"], "relative to the address") {
				t.Errorf("a relative address without its note: %v", e[0].Fields)
			}
			for i := 1; i < 6; i += 2 {
				if err := cite.CheckCSL([]byte(html.UnescapeString(areas[i][1]))); err != nil {
					t.Errorf("textarea %d: %v", i, err)
				}
			}
		})
	}
}

func fileData(t *testing.T, files []output.File, name string) []byte {
	t.Helper()
	for _, f := range files {
		if f.Path == name {
			return f.Data
		}
	}
	t.Fatalf("no file %s", name)
	return nil
}
