package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLimitedChartsAccessible: a table cut to its max_rows (its scrolling
// box, the sentence that says how many rows it shows, the link to every
// row) and a bar and a pie with top and "Other (K)" pass the accessibility
// checks of TestAccessibility, on a desktop and a phone, in a page and an
// embed, and draw in Chromium with no request and no error.
func TestLimitedChartsAccessible(t *testing.T) {
	if testing.Short() {
		t.Skip("a browser test")
	}
	browser := findBrowser(t)
	t.Parallel()
	axeJS := readAxe(t)
	exe := binary(t)
	dir := project(t)
	scaleRecognitions(t, dir, 600)
	cfgPath := filepath.Join(dir, "config.yaml")
	cfg, err := os.ReadFile(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	extra := `
  - id: at-scale
    title: At scale
    charts:
      - id: recognitions-by-jurisdiction
        type: bar
        title: Recognitions listed, the jurisdictions with the most
        top: 10
        query: { dataset: recognitions, group_by: jurisdiction, value: count }
      - id: recognitions-by-country
        type: pie
        title: Recognitions listed, by country
        top: 5
        query: { dataset: recognitions, group_by: country, value: count }
      - id: recognitions-short-table
        type: table
        title: The first recognitions listed
        max_rows: 30
        columns: [jurisdiction, level, body, date, source]
        query: { dataset: recognitions, group_by: jurisdiction, value: each }
`
	if err := os.WriteFile(cfgPath, append(cfg, extra...), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := run(t, exe, dir, "build"); r.code != 0 {
		t.Fatalf("build: exit %d\n%s", r.code, r.stderr)
	}
	out := filepath.Join(dir, "output")
	page, err := os.ReadFile(filepath.Join(out, "at-scale.html"))
	if err != nil {
		t.Fatal(err)
	}
	shown := fmt.Sprintf("30 of %d rows shown; every row is in the data download.", 600+recognitionsIn(t))
	for _, want := range []string{"Other (", shown, `href="data/recognitions-short-table.csv"`} {
		if !strings.Contains(string(page), want) {
			t.Errorf("at-scale.html lacks %q", want)
		}
	}
	ctx := testContext(t)
	browserCtx := startBrowser(ctx, t, browser)
	sum := &axeSummary{rules: map[string]*axeRuleSummary{}}
	pages := []a11yPage{
		{path: filepath.Join(out, "at-scale.html"), rel: "at-scale.html", dashboard: true},
		{path: filepath.Join(out, "embed", "recognitions-short-table.html"), rel: "embed/recognitions-short-table.html", embed: true},
		{path: filepath.Join(out, "embed", "recognitions-by-jurisdiction.html"), rel: "embed/recognitions-by-jurisdiction.html", embed: true},
	}
	for _, p := range pages {
		for _, vp := range a11yViewports {
			t.Run(p.rel+"/"+vp.name, func(t *testing.T) {
				checkAccessibility(browserCtx, t, axeJS, p, vp.width, vp.height, vp.mobile, sum)
			})
		}
	}
	sum.log(t)
}
