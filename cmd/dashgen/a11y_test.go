package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/dashgen/dashgen/internal/config"
)

// TestAccessibility builds the default project with the dashgen binary and
// checks every page it writes with axe-core in a headless Chromium: the
// top-level pages, the embed pages, and the same pages in every language
// folder of the output (a folder with an index.html of its own). Each page
// is checked at 1280x900, and every page outside embed/ (the dashboards,
// the home page, the sources) also as a phone at 375x800. Before the check
// the first "Figures as text" and the first "Embed" <details> of the page
// are opened, so that their contents are checked too; a dashboard (a page
// outside embed/ with a drawn chart) must have both.
//
// The rules are those axe-core tags wcag2a, wcag2aa, wcag21a, wcag21aa,
// wcag22a, wcag22aa and best-practice. A violation of impact serious or
// critical fails the test; moderate and minor ones, and the checks axe could
// not decide ("incomplete", to review by hand), are logged.
//
// axe-core is vendored for this test only, in testdata/axe (see its README);
// the product never embeds it. The test injects it with Runtime.evaluate,
// which the pages' Content-Security-Policy does not govern, so the pages are
// checked with their policy in force. The network is cut off as in
// TestPagesRenderInChromium, and the checks of openPage (no request, no
// console error, no policy violation, every chart drawn) apply here too.
//
// The browser is found as in TestPagesRenderInChromium: without one the test
// is skipped, except in CI (CI set), where it fails.
func TestAccessibility(t *testing.T) {
	browser := findBrowser(t)
	t.Parallel() // the browser tests run side by side, in tabs of the shared browsers
	axeJS := readAxe(t)

	exe := binary(t)
	dir := project(t)
	if r := run(t, exe, dir, "build"); r.code != 0 {
		t.Fatalf("build: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	out := filepath.Join(dir, "output")
	pages := a11yPages(t, out)

	ctx := testContext(t)
	browserCtx := startBrowser(ctx, t, browser)

	sum := &axeSummary{rules: map[string]*axeRuleSummary{}}
	// The pages are checked side by side (as many at once as go test's
	// -parallel), each in a tab of its own: the browser then uses every
	// core while a test waits for it.
	t.Run("pages", func(t *testing.T) {
		for _, p := range pages {
			// Another language's pages come from the same templates as the
			// first language's: its embeds, and its phone views, add time
			// but no new markup, so each of its pages is checked once, on a
			// desktop.
			otherLanguage := strings.Contains(p.rel, "/") && !strings.HasPrefix(p.rel, "embed/")
			if otherLanguage && p.embed {
				continue
			}
			t.Run(p.rel, func(t *testing.T) {
				t.Parallel()
				for _, vp := range a11yViewports {
					if vp.mobile && (p.embed || otherLanguage) {
						continue
					}
					t.Run(vp.name, func(t *testing.T) {
						checkAccessibility(browserCtx, t, axeJS, p, vp.width, vp.height, vp.mobile, sum)
					})
				}
			})
		}
	})
	sum.log(t)
}

// a11yViewports are the sizes each page is checked at; the phone only for
// pages outside embed/.
var a11yViewports = []struct {
	name          string
	width, height int64
	mobile        bool
}{
	{"desktop_1280x900", 1280, 900, false},
	{"phone_375x800", 375, 800, true},
}

// axeTags are the rule sets run: WCAG 2.0, 2.1 and 2.2 at levels A and AA,
// and axe's best practices.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"}

// readAxe reads the vendored axe.min.js and checks it is the version
// testdata/axe/VERSION names.
func readAxe(t *testing.T) string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", "axe", "axe.min.js"))
	if err != nil {
		t.Fatalf("read the vendored axe-core (run testdata/axe/update.sh): %v", err)
	}
	v, err := os.ReadFile(filepath.Join("testdata", "axe", "VERSION"))
	if err != nil {
		t.Fatal(err)
	}
	version := strings.TrimSpace(string(v))
	if !bytes.HasPrefix(src, []byte("/*! axe v"+version+"\n")) {
		t.Fatalf("testdata/axe/axe.min.js is not axe-core %s (testdata/axe/VERSION): it starts %q", version, src[:min(len(src), 40)])
	}
	return string(src)
}

// a11yPage is a page of the output to check.
type a11yPage struct {
	path string // absolute
	rel  string // relative to the output folder, with slashes
	// embed is set for a page in an embed/ folder; dashboard for a page
	// outside one with at least one drawn chart.
	embed, dashboard bool
}

// a11yPages lists the pages of the output folder out: its *.html and
// embed/*.html, and the same in each language folder (a folder of out with
// an index.html), sorted by relative path.
func a11yPages(t *testing.T, out string) []a11yPage {
	t.Helper()
	roots := []string{out}
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	var langs []string
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		if _, err := os.Stat(filepath.Join(out, e.Name(), "index.html")); err == nil {
			roots = append(roots, filepath.Join(out, e.Name()))
			langs = append(langs, e.Name())
		}
	}
	if len(langs) > 0 {
		t.Logf("language folders: %s", strings.Join(langs, ", "))
	}

	seen := map[string]bool{}
	var pages []a11yPage
	dashboards := 0
	for _, root := range roots {
		for _, pattern := range []string{"*.html", filepath.Join("embed", "*.html")} {
			matches, err := filepath.Glob(filepath.Join(root, pattern))
			if err != nil {
				t.Fatal(err)
			}
			for _, path := range matches {
				if seen[path] {
					continue
				}
				seen[path] = true
				rel, err := filepath.Rel(out, path)
				if err != nil {
					t.Fatal(err)
				}
				rel = filepath.ToSlash(rel)
				src, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				embed := filepath.Base(filepath.Dir(path)) == "embed"
				dashboard := !embed && bytes.Contains(src, []byte(`class="draw"`))
				if dashboard {
					dashboards++
				}
				pages = append(pages, a11yPage{path: path, rel: rel, embed: embed, dashboard: dashboard})
			}
		}
	}
	sort.Slice(pages, func(i, j int) bool { return pages[i].rel < pages[j].rel })
	if len(pages) == 0 {
		t.Fatalf("the build wrote no .html file into %s", out)
	}
	if dashboards == 0 {
		t.Fatalf("no dashboard (a page with a class=\"draw\" element) among the %d pages of %s: the markup changed, update a11yPages", len(pages), out)
	}
	return pages
}

// openDetailsJS opens the first "Figures as text", the first "Embed" and
// the first two "Cite" (the page's and a chart's) <details> of a page, as a
// reader would, by clicking their summary.
// It reports the chart section each belongs to, or "" when there is none.
const openDetailsJS = `(() => {
	const open = sel => {
		const d = document.querySelector(sel);
		if (!d) return '';
		const s = d.querySelector(':scope > summary');
		if (s) s.click();
		if (!d.open) d.open = true;
		const sec = d.closest('section');
		return (sec && sec.id) || '(no section)';
	};
	return {asText: open('details.as-text'), embed: open('details.embed-code:not(.cite)'),
		cite: open('details.cite'), chartCite: open('section details.cite')};
})()`

// runAxeJS runs axe on the document; %s is the JSON list of tags. It keeps
// of each result what the test reports.
const runAxeJS = `(async () => {
	const r = await axe.run(document, {
		runOnly: {type: 'tag', values: %s},
		resultTypes: ['violations'],
	});
	const rule = v => ({
		id: v.id, impact: v.impact || '', help: v.help, helpUrl: v.helpUrl,
		nodes: v.nodes.map(n => ({
			target: n.target.map(s => Array.isArray(s) ? s.join(' >>> ') : String(s)),
			html: n.html, impact: n.impact || '', summary: n.failureSummary || '',
		})),
	});
	return {
		version: r.testEngine.version, violations: r.violations.map(rule), incomplete: r.incomplete.map(rule),
		passes: r.passes.length, inapplicable: r.inapplicable.length,
	};
})()`

type axeResults struct {
	Version    string    `json:"version"`
	Violations []axeRule `json:"violations"`
	Incomplete []axeRule `json:"incomplete"`
	// Passes and Inapplicable count the rules that passed and those that
	// found nothing to check.
	Passes       int `json:"passes"`
	Inapplicable int `json:"inapplicable"`
}

type axeRule struct {
	ID      string    `json:"id"`
	Impact  string    `json:"impact"`
	Help    string    `json:"help"`
	HelpURL string    `json:"helpUrl"`
	Nodes   []axeNode `json:"nodes"`
}

type axeNode struct {
	Target  []string `json:"target"`
	HTML    string   `json:"html"`
	Impact  string   `json:"impact"`
	Summary string   `json:"summary"`
}

// checkAccessibility opens the page p in a width x height viewport (a phone
// when mobile is set), opens its details, runs axe and reports its
// violations.
func checkAccessibility(browserCtx context.Context, t *testing.T, axeJS string, p a11yPage, width, height int64, mobile bool, sum *axeSummary) {
	ctx, st, done := openPage(browserCtx, t, p.path, width, height, mobile, false)
	defer done()

	opened, err := chromedp.Run(ctx, chromedp.Evaluate[struct {
		AsText    string `json:"asText"`
		Embed     string `json:"embed"`
		Cite      string `json:"cite"`
		ChartCite string `json:"chartCite"`
	}](openDetailsJS))
	if err != nil {
		t.Fatalf("open the details: %v", err)
	}
	if p.dashboard && (opened.AsText == "" || opened.Embed == "") {
		t.Errorf("a dashboard without a details.as-text (found in %q) or a details.embed-code (found in %q) to open: the markup changed, update openDetailsJS", opened.AsText, opened.Embed)
	}
	if p.dashboard && (opened.Cite != "(no section)" || opened.ChartCite == "") {
		t.Errorf("a dashboard without its own details.cite (found in %q) or a chart's (found in %q) to open: the markup changed, update openDetailsJS", opened.Cite, opened.ChartCite)
	}
	if opened.AsText != "" || opened.Embed != "" {
		t.Logf("opened the Figures as text of %s and the Embed of %s", orElse(opened.AsText, "(none)"), orElse(opened.Embed, "(none)"))
		// Let the page follow the toggle: the resize of the charts runs
		// in the next frame (a ResizeObserver), before it is painted.
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r())))`, chromedp.EvalAwaitPromise)); err != nil {
			t.Fatal(err)
		}
	}

	// Runtime.evaluate is not subject to the page's policy: no bypass.
	kind, err := chromedp.Run(ctx, chromedp.Evaluate[string](axeJS+"\n;typeof axe"))
	if err != nil || kind != "object" {
		t.Fatalf("inject axe-core: %v (typeof axe %q)", err, kind)
	}
	tags, err := json.Marshal(axeTags)
	if err != nil {
		t.Fatal(err)
	}
	axeCtx, cancel := context.WithTimeout(ctx, 2*hangGuard)
	defer cancel()
	res, err := chromedp.Run(axeCtx, chromedp.Evaluate[axeResults](fmt.Sprintf(runAxeJS, string(tags)), chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe.run: %v", err)
	}
	// Read the page's state again, so done reports what axe's run made the
	// page do (a policy violation, a dialog).
	if s, err := chromedp.Run(ctx, chromedp.Evaluate[pageState](fmt.Sprintf("(%s)(%d)", pageStateJS, width))); err == nil {
		*st = s
	}

	where := p.rel + " " + viewportName(width, height, mobile)
	for _, v := range res.Violations {
		sum.add(where, v)
		msg := formatViolation(v, 4)
		switch v.Impact {
		case "serious", "critical":
			t.Errorf("%s", msg)
		default:
			t.Logf("not a failure: %s", msg)
		}
	}
	for _, v := range res.Incomplete {
		t.Logf("to review by hand (axe could not decide; not a failure): %s", formatViolation(v, 1))
	}
	if res.Passes == 0 {
		t.Errorf("axe-core %s ran, but no rule passed (%d violated, %d had nothing to check): did the page render?", res.Version, len(res.Violations), res.Inapplicable)
	}
}

// formatViolation describes the violation v with its first n elements:
// selector, HTML and axe's summary of what fails.
func formatViolation(v axeRule, n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s, %d elements): %s\n\t%s", v.ID, orElse(v.Impact, "no impact"), len(v.Nodes), v.Help, v.HelpURL)
	for i, node := range v.Nodes {
		if i == n {
			fmt.Fprintf(&b, "\n\t… and %d more", len(v.Nodes)-n)
			break
		}
		fmt.Fprintf(&b, "\n\t- %s\n\t  %s", strings.Join(node.Target, " "), clip(node.HTML, 240))
		if s := strings.Join(strings.Fields(node.Summary), " "); s != "" {
			fmt.Fprintf(&b, "\n\t  %s", clip(s, 400))
		}
	}
	return b.String()
}

// axeSummary counts the violations of the whole run, by rule, for a last
// overview in the log.
type axeSummary struct {
	mu    sync.Mutex
	rules map[string]*axeRuleSummary
}

type axeRuleSummary struct {
	impact  string
	help    string
	nodes   int
	pages   []string
	example string
}

func (s *axeSummary) add(where string, v axeRule) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.rules[v.ID]
	if r == nil {
		r = &axeRuleSummary{impact: v.Impact, help: v.Help, example: firstTarget(v)}
		s.rules[v.ID] = r
	}
	r.nodes += len(v.Nodes)
	r.pages = append(r.pages, where)
}

func (s *axeSummary) log(t *testing.T) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.rules) == 0 {
		t.Logf("axe-core: no violation")
		return
	}
	ids := make([]string, 0, len(s.rules))
	for id := range s.rules {
		ids = append(ids, id)
	}
	rank := map[string]int{"critical": 0, "serious": 1, "moderate": 2, "minor": 3}
	sort.Slice(ids, func(i, j int) bool {
		a, b := s.rules[ids[i]], s.rules[ids[j]]
		if rank[a.impact] != rank[b.impact] {
			return rank[a.impact] < rank[b.impact]
		}
		return ids[i] < ids[j]
	})
	var b strings.Builder
	b.WriteString("axe-core violations by rule (all pages and viewports):")
	for _, id := range ids {
		r := s.rules[id]
		fmt.Fprintf(&b, "\n  %s (%s): %d elements on %d page views: %s; e.g. %s", id, r.impact, r.nodes, len(r.pages), r.help, r.example)
		fmt.Fprintf(&b, "\n      on %s", strings.Join(r.pages, ", "))
	}
	t.Log(b.String())
}

func firstTarget(v axeRule) string {
	if len(v.Nodes) == 0 {
		return "(no element)"
	}
	n := v.Nodes[0]
	return strings.Join(n.Target, " ") + " " + clip(n.HTML, 120)
}

func viewportName(width, height int64, mobile bool) string {
	s := fmt.Sprintf("%dx%d", width, height)
	if mobile {
		s += " phone"
	}
	return s
}

func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

func orElse(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

// TestAccessibilityCoversEveryPage: every HTML page that a build of the
// default project writes, in every language (the manifest's outputs), is a
// page TestAccessibility checks, and every dashboard of config.yaml is
// checked as a dashboard (with its details opened) in every language. It
// needs no browser, so -short runs it.
func TestAccessibilityCoversEveryPage(t *testing.T) {
	t.Parallel()
	out := buildSite(testContext(t), t)
	b, err := os.ReadFile(filepath.Join(out, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var manifest struct {
		Outputs map[string]string `json:"outputs"`
	}
	if err := json.Unmarshal(b, &manifest); err != nil {
		t.Fatalf("manifest.json: %v", err)
	}
	var want []string
	for p := range manifest.Outputs {
		if strings.HasSuffix(p, ".html") {
			want = append(want, p)
		}
	}
	sort.Strings(want)
	var got []string
	dashboards := map[string]bool{}
	for _, p := range a11yPages(t, out) {
		got = append(got, p.rel)
		if p.dashboard {
			dashboards[p.rel] = true
		}
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("TestAccessibility checks %d pages, the build wrote %d:\n\tchecked: %s\n\twritten: %s",
			len(got), len(want), strings.Join(got, " "), strings.Join(want, " "))
	}
	cfg, err := config.Load(filepath.Join("..", "..", "config.yaml"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Languages) < 2 {
		t.Fatalf("config.yaml builds %d languages; the check of language folders needs two or more", len(cfg.Languages))
	}
	for i, lang := range cfg.Languages {
		prefix := ""
		if i > 0 {
			prefix = lang + "/"
		}
		for _, d := range cfg.Dashboards {
			if page := prefix + d.ID + ".html"; !dashboards[page] {
				t.Errorf("%s (dashboard %q in %s) is not checked as a dashboard", page, d.ID, lang)
			}
		}
	}
}
