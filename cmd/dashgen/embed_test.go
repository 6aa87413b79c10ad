package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html"
	"maps"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/dashgen/dashgen/internal/config"
)

// TestEmbedsCrossOrigin builds the default project in each asset mode,
// serves the output folder from one loopback port and a host page from
// another (so the two are cross-origin), and checks the embed pages the way
// another website would use them: one chart of each kind pasted
// with the embed code, at 320, 768 and 1280 px wide.
//
// First it checks the files: an embed page, data/ID.csv and data/ID.json
// for every chart of config.yaml, embed/embed.js, each embed's policy
// (scripts by hash only), and in shared mode the embeds' weight (30 KB at
// most) and the one copy of ECharts they load by relative path.
//
// For every iframe it compares the height embed.js gave it with the height
// of the embed page's content at the iframe's width, measured in a tab of
// its own (see measureAlone). It also checks that neither page scrolls
// sideways, that nothing logs an error or breaks the policy, that each chart
// drew, that the embed never touches its host and ignores the messages it
// gets, that it follows a change of its height (a reflow at a new width, a
// details element opened and closed), and that without embed.js the iframe
// keeps its fallback height and still shows the chart. Last, it checks that
// an embed is dark exactly when ?theme=dark, or the reader's system without
// a ?theme, asks for it.
//
// With DASHGEN_EMBED_SCREENSHOTS=1 it saves the host page, in inline mode,
// as /tmp/embed-host-{320,768,1280}.png.
func TestEmbedsCrossOrigin(t *testing.T) {
	browser := findBrowser(t)
	t.Parallel() // the browser tests run side by side, in tabs of the shared browsers
	exe := binary(t)

	browserCtx := startEmbedBrowser(testContext(t), t, browser)

	// The modes, and the host pages of a mode, are checked side by side,
	// each in tabs of its own.
	for _, mode := range []string{"inline", "shared"} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			s := serveEmbedSite(t, exe, mode)
			// Content heights measured alone, by width of the frame and
			// chart, for the reflow check at the end.
			alone := &aloneByWidth{m: map[int64]map[string]aloneState{}}
			for _, width := range embedWidths {
				t.Run(fmt.Sprintf("host_%d", width), func(t *testing.T) {
					t.Parallel()
					checkHostPage(browserCtx, t, s, width, alone)
				})
			}
			t.Run("without_embed_js", func(t *testing.T) {
				t.Parallel()
				checkBareHostPage(browserCtx, t, s, 320)
			})
			if mode == "shared" {
				// The same script and style sheet in both modes: once is
				// enough.
				t.Run("theme", func(t *testing.T) {
					t.Parallel()
					checkThemes(browserCtx, t, s)
				})
			}
		})
	}
}

// aloneByWidth holds the content heights of the charts measured alone, by
// width of the frame and chart id; the host pages of the widths, checked
// side by side, share it.
type aloneByWidth struct {
	mu sync.Mutex
	m  map[int64]map[string]aloneState
}

func (a *aloneByWidth) set(width int64, m map[string]aloneState) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.m[width] = m
}

// get returns a copy of the measures at width, nil when there are none
// (yet).
func (a *aloneByWidth) get(width int64) map[string]aloneState {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.m[width] == nil {
		return nil
	}
	return maps.Clone(a.m[width])
}

// embedWidths are the widths of the host page's viewport.
var embedWidths = []int64{320, 768, 1280}

// embedTolerance is how far, in CSS pixels, an iframe's height may be from
// the height of its content.
const embedTolerance = 2.0

// embedChart is a chart the host page embeds.
type embedChart struct {
	ID   string
	Kind string // "drawn" (a canvas in .draw), "cards" or "table"
	// Want is text the embed must show, visible or in its "Figures as
	// text" table.
	Want []string
	// Filled in from the config and the build.
	Title, Dashboard string
	Fallback         int // the iframe's height attribute
}

// embedCharts are one chart of each kind: bars with an error bar (a
// range), a pie, a timeline, cards, and a table.
func embedCharts() []*embedChart {
	return []*embedChart{
		{ID: "killed-by-source", Kind: "drawn", Want: []string{"at least 161", "500–1,000", "about 800"}},
		{ID: "memorial-bodies-by-sex", Kind: "drawn", Want: []string{"Male", "130", "Female", "51"}},
		{ID: "recognitions-over-time", Kind: "drawn", Want: []string{"2010", "1 in total", "2013", "17 in total"}},
		{ID: "headline", Kind: "cards", Want: []string{"613", "1,275", "487", "150"}},
		{ID: "recognitions-table", Kind: "table", Want: []string{"Mexico", "Pakistan", "Colombia"}},
	}
}

// embedSite is one build of the default project, served.
type embedSite struct {
	mode   string
	out    string
	site   string // the output folder's address, with a trailing slash
	host   string // the host pages' address, with a trailing slash
	charts []*embedChart
}

// serveEmbedSite copies the default project, builds it in the asset mode,
// checks the files the embeds need, and serves the output folder and the
// host pages from two loopback ports.
func serveEmbedSite(t *testing.T, exe, mode string) *embedSite {
	t.Helper()
	dir := project(t)
	r := run(t, exe, dir, "build", "--assets", mode)
	if r.code != 0 {
		t.Fatalf("dashgen build --assets %s: exit %d\n%s%s", mode, r.code, r.stdout, r.stderr)
	}
	s := &embedSite{mode: mode, out: filepath.Join(dir, "output"), charts: embedCharts()}

	cfg, err := config.Load(filepath.Join(dir, "config.yaml"), nil)
	if err != nil {
		t.Fatalf("read config.yaml: %v", err)
	}
	checkEmbedFiles(t, s.out, mode, cfg)
	for _, c := range s.charts {
		for _, d := range cfg.Dashboards {
			for _, cc := range d.Charts {
				if cc.ID == c.ID {
					c.Title, c.Dashboard = cc.Title, d.ID
				}
			}
		}
		if c.Dashboard == "" {
			t.Fatalf("config.yaml has no chart %q", c.ID)
		}
		c.Fallback = publishedFallback(t, s.out, c)
	}

	siteSrv := httptest.NewServer(http.FileServer(http.Dir(s.out)))
	t.Cleanup(siteSrv.Close)
	s.site = siteSrv.URL + "/"
	mux := http.NewServeMux()
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(hostPage(s, true))
	})
	mux.HandleFunc("/bare.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(hostPage(s, false))
	})
	hostSrv := httptest.NewServer(mux)
	t.Cleanup(hostSrv.Close)
	s.host = hostSrv.URL + "/"
	if s.site == s.host {
		t.Fatal("the two servers have the same address")
	}
	t.Logf("the site is served at %s, the host pages at %s", s.site, s.host)
	return s
}

// checkEmbedFiles checks, in the output folder, the files of every chart
// of the config: its embed page, its data as CSV and as JSON; the host
// script; the policy of every embed page; and, in shared mode, the weight
// of the embed pages and the one copy of ECharts they load.
func checkEmbedFiles(t *testing.T, out, mode string, cfg *config.Config) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(out, "embed")); err != nil {
		t.Fatalf("the build wrote no embed pages (want output/embed/<chart-id>.html for every chart): %v", err)
	}
	if b, err := os.ReadFile(filepath.Join(out, "embed", "embed.js")); err != nil || len(bytes.TrimSpace(b)) == 0 {
		t.Errorf("embed/embed.js, the host script, is missing or empty (%v)", err)
	}
	n := 0
	for _, d := range cfg.Dashboards {
		for _, c := range d.Charts {
			n++
			page := filepath.Join(out, "embed", c.ID+".html")
			b, err := os.ReadFile(page)
			if err != nil {
				t.Errorf("embed page of chart %q: %v", c.ID, err)
			} else {
				checkEmbedSource(t, "embed/"+c.ID+".html", string(b), mode)
			}
			checkDataFiles(t, out, c.ID)
		}
	}
	pages, _ := filepath.Glob(filepath.Join(out, "embed", "*.html"))
	if len(pages) != n {
		t.Errorf("embed/ holds %d pages; config.yaml has %d charts", len(pages), n)
	}
	if mode != "shared" {
		return
	}
	const limit = 30 * 1024
	var largest int64
	for _, p := range pages {
		fi, err := os.Stat(p)
		if err != nil {
			continue
		}
		largest = max(largest, fi.Size())
		if fi.Size() > limit {
			t.Errorf("shared mode: embed/%s weighs %d bytes, more than %d", filepath.Base(p), fi.Size(), limit)
		}
	}
	t.Logf("shared mode: the largest embed page weighs %d bytes", largest)
	// (assets/echarts-map-VERSION-HASH.min.js is the bundle of pages with a map.)
	echarts, _ := filepath.Glob(filepath.Join(out, "assets", "echarts-[0-9]*.min.js"))
	if len(echarts) != 1 {
		t.Errorf("shared mode: want one assets/echarts-VERSION.min.js, found %q", echarts)
	}
}

var (
	cspMetaRE   = regexp.MustCompile(`(?i)<meta http-equiv="Content-Security-Policy" content="([^"]*)"`)
	scriptSrcRE = regexp.MustCompile(`(?i)<script\b[^>]*\bsrc="([^"]*)"[^>]*>`)
	hashTokenRE = regexp.MustCompile(`^'sha(256|384|512)-[A-Za-z0-9+/=_-]+'$`)
)

// checkEmbedSource checks the source of an embed page: a policy that lets
// scripts run by hash only, and the scripts it loads: none in inline mode,
// shared copies by relative path with their integrity in shared mode.
func checkEmbedSource(t *testing.T, name, src, mode string) {
	t.Helper()
	m := cspMetaRE.FindStringSubmatch(src)
	if m == nil {
		t.Errorf("%s has no Content-Security-Policy <meta>", name)
	} else {
		policy := html.UnescapeString(m[1])
		scriptSrc := ""
		for d := range strings.SplitSeq(policy, ";") {
			if f := strings.Fields(d); len(f) > 0 && f[0] == "script-src" {
				scriptSrc = strings.Join(f[1:], " ")
				for _, tok := range f[1:] {
					if !hashTokenRE.MatchString(tok) {
						t.Errorf("%s: script-src allows %s; want hashes only (policy %q)", name, tok, policy)
					}
				}
			}
		}
		if scriptSrc == "" {
			t.Errorf("%s: the policy has no script-src (so default-src rules scripts); want script-src by hash: %q", name, policy)
		}
	}
	for _, m := range scriptSrcRE.FindAllStringSubmatch(src, -1) {
		tag, ref := m[0], html.UnescapeString(m[1])
		switch {
		case mode == "inline":
			t.Errorf("%s (inline mode) loads a script: %s; every page must be standalone", name, tag)
		case !strings.HasPrefix(ref, "../assets/"):
			t.Errorf("%s (shared mode) loads %q; want a relative path into ../assets/", name, ref)
		case !strings.Contains(tag, "integrity="):
			t.Errorf("%s (shared mode): %s has no integrity attribute, so a hash in the policy cannot allow it", name, tag)
		}
	}
	if mode == "shared" && !strings.Contains(src, `src="../assets/echarts-`) && strings.Contains(src, `class="draw"`) {
		t.Errorf("%s (shared mode) draws a chart but does not load ../assets/echarts-VERSION.min.js", name)
	}
}

// checkDataFiles checks data/ID.csv and data/ID.json: both there and not
// empty, the CSV one table with a header row that encoding/csv reads as it
// is, the JSON valid.
func checkDataFiles(t *testing.T, out, id string) {
	t.Helper()
	csvPath := filepath.Join(out, "data", id+".csv")
	b, err := os.ReadFile(csvPath)
	switch {
	case err != nil:
		t.Errorf("data/%s.csv: %v", id, err)
	case len(bytes.TrimSpace(b)) == 0:
		t.Errorf("data/%s.csv is empty", id)
	default:
		// The default reader: every record has as many fields as the
		// first, the header, as a program reading the table expects.
		records, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		switch {
		case err != nil:
			t.Errorf("data/%s.csv does not parse with encoding/csv: %v", id, err)
		case len(records) < 2:
			t.Errorf("data/%s.csv has %d records; want a header row and at least one row", id, len(records))
		default:
			seen := map[string]bool{}
			for _, h := range records[0] {
				if strings.TrimSpace(h) == "" || seen[h] {
					t.Errorf("data/%s.csv: the header row %q has an empty or repeated name", id, records[0])
					break
				}
				seen[h] = true
			}
		}
	}
	jsonPath := filepath.Join(out, "data", id+".json")
	b, err = os.ReadFile(jsonPath)
	switch {
	case err != nil:
		t.Errorf("data/%s.json: %v", id, err)
	case len(bytes.TrimSpace(b)) == 0:
		t.Errorf("data/%s.json is empty", id)
	case !json.Valid(b):
		t.Errorf("data/%s.json is not valid JSON", id)
	}
}

// publishedFallback returns the height attribute of the embed code the
// chart's dashboard page gives, or 480 when the page gives none.
func publishedFallback(t *testing.T, out string, c *embedChart) int {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(out, c.Dashboard+".html"))
	if err != nil {
		t.Errorf("dashboard page of %s: %v", c.ID, err)
		return 480
	}
	re := regexp.MustCompile(`<iframe src="[^"]*embed/` + regexp.QuoteMeta(c.ID) + `\.html"[^>]*\sheight="(\d+)"`)
	if m := re.FindStringSubmatch(html.UnescapeString(string(b))); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	t.Logf("%s.html gives no embed code for %s; the host page uses height=\"480\"", c.Dashboard, c.ID)
	return 480
}

// hostPage is another website's article with every chart of embedCharts pasted in,
// each with the embed code, embed.js included (withScript) or left out.
// Its own script records the messages the page receives; a sentinel and
// its title show whether an embed touched it. With the script, it ends
// with a frame that is not an embed and posts a height message (and more
// when its ping is called): embed.js must not resize it.
func hostPage(s *embedSite, withScript bool) []byte {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="strict-origin-when-cross-origin">
<title>Host article</title>
<link rel="icon" href="data:,">
<style>
html { font-family: Georgia, "Times New Roman", serif; background: #fbf8f1; color: #222; }
body { margin: 0; }
main { max-width: 960px; margin: 0 auto; padding: 8px 16px 48px; box-sizing: border-box; }
h1 { font-size: 1.7rem; line-height: 1.2; }
figure { margin: 24px 0; }
figcaption { font-size: .85rem; color: #555; }
/* On a phone the charts go edge to edge, as on many news sites: the
   iframe is then as wide as the viewport. */
@media (max-width: 600px) { figure { margin-left: -16px; margin-right: -16px; } figcaption { padding: 0 16px; } }
</style>
<script>
window.__hostSentinel = 'host-ok';
window.__hostMessages = [];
window.addEventListener('message', function (e) {
	var frames = document.querySelectorAll('iframe'), frame = -1;
	for (var i = 0; i < frames.length; i++) { if (frames[i].contentWindow === e.source) { frame = i; } }
	var d = e.data, keys = [], height = null, text;
	try { text = JSON.stringify(d); } catch (err) { text = String(d); }
	if (d && typeof d === 'object') {
		keys = Object.keys(d);
		if (typeof d['dashgen:height'] === 'number') { height = d['dashgen:height']; }
	}
	window.__hostMessages.push({frame: frame, self: e.source === window, origin: e.origin, data: String(text).slice(0, 200), keys: keys, height: height});
});
</script>
</head>
<body>
<main>
<h1>What the sources say about one night in February 1992</h1>
<p>This paragraph is the host site's own text, before the first chart. The charts below come from another site, in frames.</p>
`)
	for i, c := range s.charts {
		fmt.Fprintf(&b, "<h2>Chart %d</h2>\n<p>Host text before the chart %q.</p>\n<figure>\n", i+1, c.ID)
		src := s.site + "embed/" + c.ID + ".html"
		fmt.Fprintf(&b, `<iframe src="%s" title="%s" data-dashgen-embed width="100%%" height="%d" style="border:0;width:100%%" loading="lazy"></iframe>`,
			html.EscapeString(src), html.EscapeString(c.Title), c.Fallback)
		if withScript {
			fmt.Fprintf(&b, `<script src="%s" async></script>`, html.EscapeString(s.site+"embed/embed.js"))
		}
		fmt.Fprintf(&b, "\n<figcaption>Host caption under the chart %q.</figcaption>\n</figure>\n", c.ID)
	}
	b.WriteString("<p id=\"host-end\">Host text after the charts: the end of the article.</p>\n")
	if withScript {
		b.WriteString(`<p>Not an embed (a test fixture): a frame that posts a height message.</p>
<iframe id="not-an-embed" height="40" style="border:1px dashed #999;width:100%" srcdoc="&lt;p&gt;not an embed&lt;/p&gt;&lt;script&gt;window.ping = function (h) { parent.postMessage({'dashgen:height': h}, '*'); }; ping(7);&lt;/script&gt;"></iframe>
<script>window.postMessage({'dashgen:height': 3}, '*');</script>
`)
	}
	b.WriteString("</main>\n</body>\n</html>\n")
	return []byte(b.String())
}

// startEmbedBrowser is startBrowser for pages served from loopback ports
// (see loopbackBrowserFlags).
func startEmbedBrowser(ctx context.Context, t *testing.T, browser string) context.Context {
	t.Helper()
	return sharedBrowser(ctx, t, browser, "loopback", loopbackBrowserFlags())
}

// embedTab is a tab whose page may load from the given origins and nothing
// else. It records what recorder records (console errors, exceptions,
// errors in the browser log, dialogs, requests elsewhere), HTTP errors,
// and the main JavaScript world of every frame.
type embedTab struct {
	ctx     context.Context
	cancel  context.CancelFunc
	rec     *recorder
	origins []string

	mu       sync.Mutex
	worlds   map[cdp.FrameID]string // frame → uniqueId of its main world
	httpErrs []string
}

func openEmbedTab(browserCtx context.Context, origins []string, width, height int64, mobile bool) (*embedTab, error) {
	tab := &embedTab{rec: &recorder{}, origins: origins, worlds: map[cdp.FrameID]string{}}
	tab.ctx, tab.cancel = chromedp.NewContext(browserCtx, chromedp.WithListener(tab.listen))
	tab.rec.setTab(tab.ctx)
	var patterns []*network.BlockPattern
	for _, o := range origins {
		patterns = append(patterns, &network.BlockPattern{URLPattern: strings.TrimSuffix(o, "/") + "/*", Block: false})
	}
	patterns = append(patterns, blockedURLs...)
	if err := chromedp.Do(tab.ctx,
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			if _, err := chromedp.Call(ctx, network.SetBlockedURLs, network.SetBlockedURLsParams{URLPatterns: patterns}); err != nil {
				return err
			}
			_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: pageInitJS})
			return err
		}),
		emulate(width, height, mobile),
	); err != nil {
		tab.cancel()
		return nil, fmt.Errorf("open a tab: %w", err)
	}
	return tab, nil
}

func (tab *embedTab) allowed(u string) bool {
	for _, o := range tab.origins {
		if strings.HasPrefix(u, o) {
			return true
		}
	}
	return false
}

// listen runs in the tab's event loop: it must return fast.
func (tab *embedTab) listen(ev any) {
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		if ev.Request != nil && tab.allowed(ev.Request.URL) {
			return
		}
	case *network.EventResponseReceived:
		if r := ev.Response; r != nil && r.Status >= 400 && !isFavicon(r.URL) {
			tab.mu.Lock()
			tab.httpErrs = append(tab.httpErrs, fmt.Sprintf("HTTP %d for %s", r.Status, r.URL))
			tab.mu.Unlock()
		}
	case *log.EventEntryAdded:
		if ev.Entry != nil && isFavicon(ev.Entry.URL) {
			return
		}
	case *runtime.EventExecutionContextCreated:
		var aux struct {
			FrameID   cdp.FrameID `json:"frameId"`
			IsDefault bool        `json:"isDefault"`
		}
		if ev.Context != nil && json.Unmarshal(ev.Context.AuxData, &aux) == nil && aux.IsDefault && aux.FrameID != "" {
			tab.mu.Lock()
			tab.worlds[aux.FrameID] = ev.Context.UniqueID
			tab.mu.Unlock()
		}
	}
	tab.rec.record(ev)
}

// isFavicon tells the browser's own request for a site's icon, which it
// makes when it opens an embed page in a tab (measureAlone), not in a frame.
func isFavicon(u string) bool {
	return strings.HasSuffix(u, "/favicon.ico")
}

// close reports what the tab recorded through t and closes it.
func (tab *embedTab) close(t *testing.T) {
	t.Helper()
	tab.mu.Lock()
	for _, e := range tab.httpErrs {
		t.Error(e)
	}
	tab.httpErrs = nil
	tab.mu.Unlock()
	tab.rec.report(t)
	tab.cancel()
}

func (tab *embedTab) navigate(u string) error {
	if err := chromedp.Do(tab.ctx, chromedp.Navigate(u)); err != nil {
		return fmt.Errorf("open %s: %w", u, err)
	}
	return nil
}

// evalIn evaluates expr in the main world of a frame (world "" is the
// tab's page) and decodes the result.
func evalIn[T any](tab *embedTab, world, expr string) (T, error) {
	return chromedp.Run(tab.ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise, func(p *runtime.EvaluateParams) {
		p.UniqueContextID = world
	}))
}

// embedWorlds returns the main world of each embed frame of the page, by
// chart id.
func (tab *embedTab) embedWorlds(site string) (map[string]string, error) {
	tree, err := chromedp.Call(tab.ctx, page.GetFrameTree, cdp.Empty{})
	if err != nil {
		return nil, err
	}
	worlds := map[string]string{}
	tab.mu.Lock()
	defer tab.mu.Unlock()
	var walk func(ft *page.FrameTree)
	walk = func(ft *page.FrameTree) {
		if ft == nil {
			return
		}
		if f := ft.Frame; f != nil && strings.HasPrefix(f.URL, site+"embed/") {
			id := strings.TrimSuffix(strings.TrimPrefix(f.URL, site+"embed/"), ".html")
			if w := tab.worlds[f.ID]; w != "" {
				worlds[id] = w
			}
		}
		for _, c := range ft.ChildFrames {
			walk(c)
		}
	}
	walk(tree.FrameTree)
	return worlds, nil
}

// hostState is what the host page reports; see hostStateJS.
type hostState struct {
	Ready       string        `json:"ready"`
	Title       string        `json:"title"`
	Href        string        `json:"href"`
	Sentinel    string        `json:"sentinel"`
	ScrollWidth int64         `json:"scrollWidth"`
	ClientWidth int64         `json:"clientWidth"`
	InnerWidth  int64         `json:"innerWidth"`
	DocHeight   int64         `json:"docHeight"`
	Frames      []hostFrame   `json:"frames"`
	Messages    []hostMessage `json:"messages"`
}

type hostFrame struct {
	ID          string  `json:"id"`
	Src         string  `json:"src"`
	Embed       bool    `json:"embed"`
	Width       float64 `json:"width"`
	Height      float64 `json:"height"`
	StyleHeight string  `json:"styleHeight"`
	AttrHeight  string  `json:"attrHeight"`
}

type hostMessage struct {
	Frame  int      `json:"frame"`
	Self   bool     `json:"self"`
	Origin string   `json:"origin"`
	Data   string   `json:"data"`
	Keys   []string `json:"keys"`
	Height *float64 `json:"height"`
}

const hostStateJS = `(() => {
	const de = document.documentElement;
	return {
		ready: document.readyState,
		title: document.title,
		href: location.href,
		sentinel: String(window.__hostSentinel),
		scrollWidth: de.scrollWidth,
		clientWidth: de.clientWidth,
		innerWidth: window.innerWidth,
		docHeight: de.scrollHeight,
		frames: Array.from(document.querySelectorAll('iframe')).map(f => {
			const r = f.getBoundingClientRect();
			return {id: f.id, src: f.src, embed: f.hasAttribute('data-dashgen-embed'), width: r.width, height: r.height,
				styleHeight: f.style.height, attrHeight: f.getAttribute('height') || ''};
		}),
		messages: window.__hostMessages || [],
	};
})()`

// frameState is what an embed page reports about itself: pageStateJS, and
// its sizes and contents; see frameStateJS.
type frameState struct {
	Page  pageState `json:"page"`
	Frame struct {
		InnerWidth   int64   `json:"innerWidth"`
		InnerHeight  int64   `json:"innerHeight"`
		ClientWidth  int64   `json:"clientWidth"`
		ClientHeight int64   `json:"clientHeight"`
		ScrollWidth  int64   `json:"scrollWidth"`
		ScrollHeight int64   `json:"scrollHeight"`
		HTMLHeight   float64 `json:"htmlHeight"`
		BodyHeight   float64 `json:"bodyHeight"`
		Canvases     int     `json:"canvases"`
		Cards        int     `json:"cards"`
		TableRows    int     `json:"tableRows"`
		HeadingTop   float64 `json:"headingTop"`
		ContentTop   float64 `json:"contentTop"`
		Links        []struct {
			Href   string `json:"href"`
			Target string `json:"target"`
		} `json:"links"`
		// Plots are the drawn charts with a grid: the width of the chart
		// and of its plot area (where the bars are), -1 when it has none.
		Plots []struct {
			ID        string  `json:"id"`
			Width     float64 `json:"width"`
			PlotLeft  float64 `json:"plotLeft"`
			PlotWidth float64 `json:"plotWidth"`
		} `json:"plots"`
		// Scrollers are the elements that scroll sideways in their own box.
		Scrollers []string `json:"scrollers"`
		DOM       string   `json:"dom"`
		Href      string   `json:"href"`
		Polluted  string   `json:"polluted"`
	} `json:"frame"`
}

// frameStateJS runs in an embed page. Its content height is its root
// element's height: the layout's height, body margins included, whatever
// the height of the viewport (document scrollHeight is never less than the
// viewport, so it cannot tell a frame that is too tall).
const frameStateJS = `(() => {
	const de = document.documentElement, body = document.body;
	const visible = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
	const inText = e => !!e.closest('details.as-text');
	const heading = document.querySelector('h1, h2');
	const content = document.querySelector('.draw, .cards, table');
	const s = body ? body.outerHTML : '';
	let h = 0;
	for (let i = 0; i < s.length; i++) { h = (h * 31 + s.charCodeAt(i)) | 0; }
	const attrs = Array.from(de.attributes).map(a => a.name + '=' + a.value).join(' ');
	return {
		innerWidth: window.innerWidth, innerHeight: window.innerHeight,
		clientWidth: de.clientWidth, clientHeight: de.clientHeight,
		scrollWidth: de.scrollWidth, scrollHeight: de.scrollHeight,
		htmlHeight: de.getBoundingClientRect().height,
		bodyHeight: body ? body.getBoundingClientRect().height : 0,
		canvases: Array.from(document.querySelectorAll('.draw canvas')).filter(visible).length,
		cards: Array.from(document.querySelectorAll('.card')).filter(visible).length,
		tableRows: Array.from(document.querySelectorAll('table tbody tr')).filter(e => !inText(e) && visible(e)).length,
		headingTop: heading ? heading.getBoundingClientRect().top : -1,
		contentTop: content ? content.getBoundingClientRect().top : -1,
		links: Array.from(document.querySelectorAll('a[href]')).map(a => ({href: a.href, target: a.target})),
		plots: Array.from(document.querySelectorAll('.draw')).map(el => {
			let r = null;
			try {
				const grid = window.echarts.getInstanceByDom(el).getModel().getComponent('grid', 0);
				if (grid) { r = grid.coordinateSystem.getRect(); }
			} catch (e) { r = null; }
			return {id: el.id, width: el.clientWidth, plotLeft: r ? r.x : -1, plotWidth: r ? r.width : -1};
		}),
		scrollers: Array.from(body ? body.querySelectorAll('*') : []).filter(e => {
			const o = getComputedStyle(e).overflowX;
			return (o === 'auto' || o === 'scroll') && e.scrollWidth > e.clientWidth + 1;
		}).map(e => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : '') +
			' shows ' + e.clientWidth + ' of ' + e.scrollWidth + ' px'),
		dom: s.length + ':' + h + ':' + attrs + ':' + document.title,
		href: location.href,
		polluted: String(Object.prototype.polluted) + ',' + String(window.__pwned),
	};
})()`

func readFrame(tab *embedTab, world string) (frameState, error) {
	return evalIn[frameState](tab, world, fmt.Sprintf("({page: (%s)(window.innerWidth), frame: %s})", pageStateJS, frameStateJS))
}

// settle waits until every embed frame of the host page is loaded, its
// chart drew and, with embed.js (resized), each iframe is as tall as its
// content says (see heightsReported); it gives up after hangGuard. It
// returns the host's last state and the embeds' worlds and states by chart
// id.
func settle(t *testing.T, tab *embedTab, s *embedSite, resized bool) (hostState, map[string]string, map[string]frameState) {
	t.Helper()
	start := time.Now()
	for {
		host, err := evalIn[hostState](tab, "", hostStateJS)
		if err != nil {
			t.Fatalf("read the host page: %v", err)
		}
		worlds, err := tab.embedWorlds(s.site)
		if err != nil {
			t.Fatalf("read the frames of the host page: %v", err)
		}
		states := map[string]frameState{}
		ready := host.Ready == "complete" && len(worlds) == len(s.charts)
		for id, w := range worlds {
			st, err := readFrame(tab, w)
			if err != nil {
				ready = false
				continue
			}
			states[id] = st
			if st.Page.Ready != "complete" || len(st.Page.Undrawn) > 0 {
				ready = false
			}
		}
		var key strings.Builder
		for _, f := range host.Frames {
			if f.Embed {
				fmt.Fprintf(&key, "%s=%.2f;", f.StyleHeight, f.Height)
				if resized && f.StyleHeight == "" {
					ready = false
				}
			}
		}
		// With embed.js, the host is settled when each iframe is as tall
		// as its content last said, and its content says the same now
		// (page.js posts the ceiling of its body's height on every
		// change). The frames and then the host handle the messages in
		// flight first.
		if ready && resized {
			ready = heightsReported(t, tab, s, worlds, host)
		}
		if ready {
			return host, worlds, states
		}
		now := time.Now()
		if now.Sub(start) > hangGuard {
			var missing []string
			for _, c := range s.charts {
				st, ok := states[c.ID]
				switch {
				case !ok:
					missing = append(missing, c.ID+": no frame or no JavaScript world yet")
				case st.Page.Ready != "complete" || len(st.Page.Undrawn) > 0:
					missing = append(missing, fmt.Sprintf("%s: readyState %q, undrawn %q", c.ID, st.Page.Ready, st.Page.Undrawn))
				}
			}
			for _, f := range host.Frames {
				if f.Embed && resized && f.StyleHeight == "" {
					missing = append(missing, fmt.Sprintf("%s: embed.js never set its height (still the height attribute %s)", f.Src, f.AttrHeight))
				}
			}
			t.Errorf("the host page did not settle in %.1f s (heights %s): %s", now.Sub(start).Seconds(), key.String(), strings.Join(missing, "; "))
			return host, worlds, states
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// heightsReported tells whether every embed iframe of the host page is as
// tall as the content of its page says, once the frames and the host
// handled the messages in flight, and as tall as in before (the host's
// state the caller read).
func heightsReported(t *testing.T, tab *embedTab, s *embedSite, worlds map[string]string, before hostState) bool {
	t.Helper()
	body := map[string]float64{}
	for id, w := range worlds {
		if _, err := evalIn[chromedp.Void](tab, w, flushMessagesJS); err != nil {
			return false
		}
		h, err := evalIn[float64](tab, w, "Math.ceil(document.body.getBoundingClientRect().height)")
		if err != nil {
			return false
		}
		body[id] = h
	}
	if _, err := evalIn[chromedp.Void](tab, "", flushMessagesJS); err != nil {
		t.Fatalf("wait for the host page's messages: %v", err)
	}
	host, err := evalIn[hostState](tab, "", hostStateJS)
	if err != nil {
		t.Fatalf("read the host page: %v", err)
	}
	for _, c := range s.charts {
		f, ok := frameOf(host, s, c.ID)
		h, ok2 := body[c.ID]
		b, ok3 := frameOf(before, s, c.ID)
		if !ok || !ok2 || !ok3 || f.StyleHeight != strconv.FormatFloat(h, 'f', -1, 64)+"px" || b.StyleHeight != f.StyleHeight || b.Height != f.Height {
			return false
		}
	}
	return true
}

// aloneState is an embed page measured in a tab of its own.
type aloneState struct {
	Width        int64
	HTMLHeight   float64
	ScrollHeight int64
}

// measureAlone opens the embed page in a tab of its own whose viewport is
// as wide as the iframe, and much taller than the page (so no vertical
// scroll bar takes width from the layout), and returns the height of its
// content (the root element's) once its charts drew and it stopped
// changing.
func measureAlone(browserCtx context.Context, t *testing.T, s *embedSite, id string, width int64, tall float64) (aloneState, bool) {
	t.Helper()
	height := int64(max(4000, 2*tall))
	tab, err := openEmbedTab(browserCtx, []string{s.site}, width, height, false)
	if err != nil {
		t.Errorf("%s alone at %d px: %v", id, width, err)
		return aloneState{}, false
	}
	defer tab.close(t)
	if err := tab.navigate(s.site + "embed/" + id + ".html"); err != nil {
		t.Errorf("%s alone at %d px: %v", id, width, err)
		return aloneState{}, false
	}
	start := time.Now()
	prev := -1.0
	for {
		st, err := readFrame(tab, "")
		if err != nil {
			t.Errorf("%s alone at %d px: %v", id, width, err)
			return aloneState{}, false
		}
		ready := st.Page.Ready == "complete" && len(st.Page.Undrawn) == 0
		now := time.Now()
		// Drawn, and the same height before and after two frames (in
		// which the charts' ResizeObservers run): it stopped changing.
		stable := ready && st.Frame.HTMLHeight == prev
		prev = st.Frame.HTMLHeight
		if ready && !stable && now.Sub(start) <= hangGuard {
			if _, err := evalIn[chromedp.Void](tab, "", twoFramesJS); err != nil {
				t.Errorf("%s alone at %d px: %v", id, width, err)
				return aloneState{}, false
			}
			continue
		}
		if stable {
			if float64(st.Frame.InnerHeight) < st.Frame.HTMLHeight {
				t.Errorf("%s alone at %d px: the page is taller (%.1f) than the %d px viewport; measure it again taller", id, width, st.Frame.HTMLHeight, st.Frame.InnerHeight)
			}
			if st.Frame.InnerWidth != width || st.Frame.ScrollWidth > st.Frame.ClientWidth {
				t.Errorf("%s alone in a %d px viewport: innerWidth %d, scrollWidth %d, clientWidth %d (scrolls sideways: %s)",
					id, width, st.Frame.InnerWidth, st.Frame.ScrollWidth, st.Frame.ClientWidth, strings.Join(st.Page.Wide, "; "))
			}
			return aloneState{Width: st.Frame.InnerWidth, HTMLHeight: st.Frame.HTMLHeight, ScrollHeight: st.Frame.ScrollHeight}, true
		}
		if now.Sub(start) > hangGuard {
			t.Errorf("%s alone at %d px did not settle in %s: readyState %q, undrawn %q, height %.1f", id, width, hangGuard, st.Page.Ready, st.Page.Undrawn, st.Frame.HTMLHeight)
			return aloneState{}, false
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// twoFramesJS resolves after the next two frames of the page.
const twoFramesJS = `new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r())))`

// measureAll measures every chart alone, in parallel, at the widths of
// their frames.
func measureAll(browserCtx context.Context, t *testing.T, s *embedSite, states map[string]frameState) map[string]aloneState {
	t.Helper()
	var mu sync.Mutex
	var wg sync.WaitGroup
	alone := map[string]aloneState{}
	for _, c := range s.charts {
		st, ok := states[c.ID]
		if !ok {
			continue
		}
		wg.Go(func() {
			a, ok := measureAlone(browserCtx, t, s, c.ID, st.Frame.InnerWidth, st.Frame.HTMLHeight)
			if ok {
				mu.Lock()
				alone[c.ID] = a
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return alone
}

// frameOf returns the host's iframe of the chart.
func frameOf(host hostState, s *embedSite, id string) (hostFrame, bool) {
	for _, f := range host.Frames {
		if f.Src == s.site+"embed/"+id+".html" {
			return f, true
		}
	}
	return hostFrame{}, false
}

// checkHeights compares each iframe's height with its content's height
// measured alone, and checks inside it that the frame neither scrolls nor
// leaves blank space. It returns a line of measures per chart.
func checkHeights(t *testing.T, s *embedSite, what string, host hostState, states map[string]frameState, alone map[string]aloneState) []string {
	t.Helper()
	var lines []string
	for _, c := range s.charts {
		f, ok := frameOf(host, s, c.ID)
		st, ok2 := states[c.ID]
		a, ok3 := alone[c.ID]
		if !ok || !ok2 || !ok3 {
			t.Errorf("%s: %s: no measure (frame %v, state %v, alone %v)", what, c.ID, ok, ok2, ok3)
			continue
		}
		last := "none"
		for _, m := range host.Messages {
			if m.Height != nil && m.Frame >= 0 && m.Frame < len(host.Frames) && host.Frames[m.Frame].Src == f.Src {
				last = strconv.FormatFloat(*m.Height, 'f', -1, 64)
			}
		}
		line := fmt.Sprintf("%s: %s: iframe %.0f×%.1f (style.height %q), content alone at %d px %.1f, in the frame: root %.1f, body %.1f, scrollHeight %d, clientHeight %d; last posted height %s",
			what, c.ID, f.Width, f.Height, f.StyleHeight, a.Width, a.HTMLHeight, st.Frame.HTMLHeight, st.Frame.BodyHeight, st.Frame.ScrollHeight, st.Frame.ClientHeight, last)
		for _, pl := range st.Frame.Plots {
			line += fmt.Sprintf("; plot area %.0f of %.0f px", pl.PlotWidth, pl.Width)
		}
		if len(st.Frame.Scrollers) > 0 {
			line += "; scrolls in its own box: " + strings.Join(st.Frame.Scrollers, ", ")
		}
		lines = append(lines, line)
		if a.Width != st.Frame.InnerWidth {
			t.Errorf("%s: %s: measured alone at %d px but the frame is %d px wide", what, c.ID, a.Width, st.Frame.InnerWidth)
		}
		if d := f.Height - a.HTMLHeight; math.Abs(d) > embedTolerance {
			t.Errorf("%s: %s: the iframe is %.1f px tall, its content %.1f px (off by %+.1f; more than %.0f): %s", what, c.ID, f.Height, a.HTMLHeight, d, embedTolerance, line)
		}
		if st.Frame.ScrollHeight > st.Frame.ClientHeight+1 {
			t.Errorf("%s: %s: the embed scrolls inside its frame: scrollHeight %d > clientHeight %d", what, c.ID, st.Frame.ScrollHeight, st.Frame.ClientHeight)
		}
		checkWidthIn(t, what+": "+c.ID, st)
	}
	return lines
}

// checkWidthIn checks that an embed does not scroll sideways in its frame.
func checkWidthIn(t *testing.T, what string, st frameState) {
	t.Helper()
	if st.Frame.ScrollWidth > st.Frame.ClientWidth {
		t.Errorf("%s: the embed scrolls sideways in its frame: scrollWidth %d > clientWidth %d (frame %d px wide); innermost elements that stick out: %s",
			what, st.Frame.ScrollWidth, st.Frame.ClientWidth, st.Frame.InnerWidth, strings.Join(st.Page.Wide, "; "))
	}
}

// checkEmbed checks what an embed page shows and how: its policy, no
// violation or dialog, its chart drawn, its text, and its links.
func checkEmbed(t *testing.T, s *embedSite, what string, c *embedChart, st frameState) {
	t.Helper()
	p := st.Page
	if len(p.Head) < 2 || !strings.HasPrefix(p.Head[0], "<meta charset=") || !strings.HasPrefix(p.Head[1], `<meta http-equiv="Content-Security-Policy"`) {
		t.Errorf("%s: <head> does not start with <meta charset> and the Content-Security-Policy: %q", what, p.Head)
	}
	if !strings.HasPrefix(p.CSP, "default-src 'none'; ") || strings.Contains(p.CSP, "unsafe") || strings.Contains(p.CSP, "http") || strings.Contains(p.CSP, "*") {
		t.Errorf("%s: the Content-Security-Policy is not strict: %q", what, p.CSP)
	}
	if p.Violations == nil || p.Dialogs == nil {
		t.Errorf("%s: pageInitJS did not run in the frame", what)
	}
	for _, v := range p.Violations {
		t.Errorf("%s: Content-Security-Policy violation: %s", what, v)
	}
	for _, d := range p.Dialogs {
		t.Errorf("%s: the embed called %s", what, d)
	}
	if strings.TrimSpace(p.Lang) == "" {
		t.Errorf("%s: <html lang> is missing", what)
	}
	switch c.Kind {
	case "drawn":
		if len(p.Charts) == 0 || len(p.Undrawn) > 0 || st.Frame.Canvases == 0 {
			t.Errorf("%s: the chart did not draw: .draw elements %q, undrawn %q, visible canvases %d", what, p.Charts, p.Undrawn, st.Frame.Canvases)
		}
	case "cards":
		if st.Frame.Cards == 0 {
			t.Errorf("%s: no visible .card", what)
		}
	case "table":
		if st.Frame.TableRows == 0 {
			t.Errorf("%s: no visible table row", what)
		}
	}
	// Bars need room to be compared: the plot area must get at least a
	// third of the chart's width, the rest going to category labels and
	// value labels.
	for _, pl := range st.Frame.Plots {
		if pl.PlotWidth >= 0 && pl.PlotWidth < pl.Width/3 {
			t.Errorf("%s: the chart's plot area is %.0f px wide (from x=%.0f) in a chart %.0f px wide: the bars get %.0f%% of the width, too little to compare them; want at least a third",
				what, pl.PlotWidth, pl.PlotLeft, pl.Width, 100*pl.PlotWidth/pl.Width)
		}
	}
	if !strings.Contains(p.Text, c.Title) {
		t.Errorf("%s: the embed does not show its title %q", what, c.Title)
	}
	for _, w := range append([]string{"Sources"}, c.Want...) {
		if !strings.Contains(p.Text, w) {
			t.Errorf("%s: the embed's text (visible, or in its Figures as text table) lacks %q", what, w)
		}
	}
	back := false
	for _, l := range st.Frame.Links {
		u, err := url.Parse(l.Href)
		if err != nil {
			continue
		}
		if u.Scheme+"://"+u.Host+"/" == s.site && u.Path == "/"+c.Dashboard+".html" {
			back = true
		}
		// A link that opened in the frame would put another page in the
		// host's article; one that targets _top or _parent would take
		// the reader away from it.
		if strings.HasPrefix(u.Scheme, "http") && l.Target != "_blank" {
			t.Errorf("%s: the link to %s opens with target %q, inside the frame or over the host page; want _blank", what, l.Href, l.Target)
		}
	}
	if !back {
		t.Errorf("%s: no link back to its dashboard %s%s.html", what, s.site, c.Dashboard)
	}
}

// checkMessages checks the messages the host page received: from each
// embed, only {"dashgen:height": n} from the site's origin; none from the
// rest, except the test fixtures.
func checkMessages(t *testing.T, s *embedSite, what string, host hostState) {
	t.Helper()
	got := map[string]int{}
	for _, m := range host.Messages {
		if m.Self || m.Frame < 0 || m.Frame >= len(host.Frames) || !host.Frames[m.Frame].Embed {
			continue // the fixtures: the page itself, the frame that is not an embed
		}
		f := host.Frames[m.Frame]
		got[f.Src]++
		if m.Origin+"/" != s.site {
			t.Errorf("%s: a message from %s has origin %q, not the site's", what, f.Src, m.Origin)
		}
		if m.Height == nil || !slices.Equal(m.Keys, []string{"dashgen:height"}) || *m.Height <= 0 {
			t.Errorf(`%s: %s posted %s; want only {"dashgen:height": <positive number>}`, what, f.Src, m.Data)
		}
	}
	for _, c := range s.charts {
		if got[s.site+"embed/"+c.ID+".html"] == 0 {
			t.Errorf("%s: %s posted no height message", what, c.ID)
		}
	}
}

// checkHostIntact checks that the host page is as it was: not navigated,
// its title, its sentinel and its own width; the frame that is not an embed
// and the page itself were not resized by their messages.
func checkHostIntact(t *testing.T, s *embedSite, what string, host hostState, width int64) {
	t.Helper()
	if host.Href != s.host {
		t.Errorf("%s: the host page navigated to %s", what, host.Href)
	}
	if host.Title != "Host article" || host.Sentinel != "host-ok" {
		t.Errorf("%s: the host page changed: title %q, sentinel %q", what, host.Title, host.Sentinel)
	}
	if host.ScrollWidth > host.ClientWidth {
		t.Errorf("%s: the host page scrolls sideways: scrollWidth %d > clientWidth %d (viewport %d)", what, host.ScrollWidth, host.ClientWidth, width)
	}
	for _, f := range host.Frames {
		if !f.Embed && (f.StyleHeight != "" || math.Abs(f.Height-42) > 0.5) {
			t.Errorf("%s: the frame %q, not an embed, was resized by its own height message: %.1f px, style.height %q (want 40 px plus its border)", what, f.ID, f.Height, f.StyleHeight)
		}
	}
}

// checkHostPage loads the host page with embed.js at the width and checks
// it, its embeds, their heights, and (at 768) their indifference to
// messages and to a details element opened and closed, and (at 1280) that
// they follow the host as it narrows to 320 and widens back.
func checkHostPage(browserCtx context.Context, t *testing.T, s *embedSite, width int64, alone *aloneByWidth) {
	mobile := width < 600
	tab, err := openEmbedTab(browserCtx, []string{s.site, s.host}, width, 900, mobile)
	if err != nil {
		t.Fatal(err)
	}
	defer tab.close(t)
	if err := tab.navigate(s.host); err != nil {
		t.Fatal(err)
	}
	scrollFramesIntoView(t, tab)

	host, worlds, states := settle(t, tab, s, true)
	at := fmt.Sprintf("%s, %d px", s.mode, width)
	msgsAtSettle := len(host.Messages)
	a := measureAll(browserCtx, t, s, states)
	alone.set(width, a)
	for _, line := range checkHeights(t, s, at, host, states, a) {
		t.Log(line)
	}
	for _, c := range s.charts {
		if st, ok := states[c.ID]; ok {
			checkEmbed(t, s, at+": "+c.ID, c, st)
		}
	}

	// A second look, after the measures: the page kept still (no loop of
	// messages and resizes) and the host is intact.
	host2, err := evalIn[hostState](tab, "", hostStateJS)
	if err != nil {
		t.Fatalf("read the host page: %v", err)
	}
	if n := len(host2.Messages) - msgsAtSettle; n > 2*len(s.charts) {
		t.Errorf("%s: the embeds posted %d more messages after their heights settled, while nothing changed: %s", at, n, messageList(host2.Messages[msgsAtSettle:]))
	}
	for _, c := range s.charts {
		f1, _ := frameOf(host, s, c.ID)
		f2, _ := frameOf(host2, s, c.ID)
		if f1.Height != f2.Height {
			t.Errorf("%s: %s: the iframe's height changed from %.1f to %.1f after it settled", at, c.ID, f1.Height, f2.Height)
		}
	}
	checkMessages(t, s, at, host2)
	checkHostIntact(t, s, at, host2, width)

	if width == 768 {
		checkMessagesIgnored(t, tab, s, at, worlds)
		checkDetailsToggle(browserCtx, t, tab, s, at, worlds)
	}
	if os.Getenv("DASHGEN_EMBED_SCREENSHOTS") == "1" && s.mode == "inline" {
		screenshotHost(t, tab, s, width, mobile, fmt.Sprintf("/tmp/embed-host-%d.png", width))
	}
	if width == 1280 {
		checkReflow(browserCtx, t, tab, s, alone)
	}
}

// scrollFramesIntoView scrolls to each iframe in turn, a frame apart, and
// back to the top, so that the lazy ones load.
func scrollFramesIntoView(t *testing.T, tab *embedTab) {
	t.Helper()
	const js = `(async () => {
		const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
		for (const f of document.querySelectorAll('iframe')) { f.scrollIntoView({block: 'center'}); await frame(); }
		scrollTo(0, 0);
		await frame();
		return true;
	})()`
	if _, err := evalIn[bool](tab, "", js); err != nil {
		t.Fatalf("scroll the host page: %v", err)
	}
}

func messageList(ms []hostMessage) string {
	var parts []string
	for _, m := range ms {
		parts = append(parts, fmt.Sprintf("frame %d: %s", m.Frame, m.Data))
		if len(parts) == 12 {
			parts = append(parts, "…")
			break
		}
	}
	return strings.Join(parts, "; ")
}

// flushMessagesJS resolves when the window has handled every message
// posted to it before: it posts one to itself and waits for it.
const flushMessagesJS = `new Promise(resolve => {
	const key = 'dashgen-test-flush-' + Math.random();
	const got = e => {
		if (e.source === window && e.data === key) {
			window.removeEventListener('message', got);
			resolve();
		}
	};
	window.addEventListener('message', got);
	window.postMessage(key, '*');
})`

// checkMessagesIgnored posts, from the host page into each embed, a
// height message and hostile ones, and checks that nothing changed in the
// embed (its DOM, its location, its prototype, no dialog), in its iframe's
// height, and that it did not answer. It also posts height messages to
// the host page from itself and from the frame that is not an embed:
// embed.js must resize nothing.
func checkMessagesIgnored(t *testing.T, tab *embedTab, s *embedSite, at string, worlds map[string]string) {
	t.Helper()
	before := map[string]frameState{}
	for id, w := range worlds {
		st, err := readFrame(tab, w)
		if err != nil {
			t.Fatalf("read %s: %v", id, err)
		}
		before[id] = st
	}
	hostBefore, err := evalIn[hostState](tab, "", hostStateJS)
	if err != nil {
		t.Fatal(err)
	}
	const post = `(() => {
		const evil = [
			{'dashgen:height': 5},
			{'dashgen:height': 99999},
			'dashgen:height',
			JSON.stringify({'dashgen:height': 5}),
			{'dashgen:theme': 'dark', theme: 'dark'},
			{type: 'html', html: '<img src=x onerror="window.__pwned=1;alert(1)">'},
			'<script>window.__pwned=2;alert(2)</script>',
			JSON.parse('{"__proto__": {"polluted": "yes"}}'),
			{constructor: {prototype: {polluted: 'yes'}}},
			{navigate: 'javascript:alert(3)', href: 'http://example.invalid/', location: 'http://example.invalid/'},
			null, 42, [1, 2, 3],
		];
		let n = 0;
		for (const f of document.querySelectorAll('iframe[data-dashgen-embed]')) {
			for (const m of evil) { f.contentWindow.postMessage(m, '*'); n++; }
		}
		// Height messages embed.js must not act on: from the page itself,
		// and from a frame that is not an embed (ping runs in that frame,
		// so the message's source is the frame's window).
		window.postMessage({'dashgen:height': 3}, '*');
		document.getElementById('not-an-embed').contentWindow.ping(11);
		return n;
	})()`
	if n, err := evalIn[int](tab, "", post); err != nil || n == 0 {
		t.Fatalf("post messages into the embeds: %d posted, %v", n, err)
	}
	// Wait until every embed has handled the messages, then until the host
	// has handled every answer: a window handles the messages posted to it
	// in the order they were posted, so a message it posts to itself
	// comes back after the ones queued before it.
	for id, w := range worlds {
		if _, err := evalIn[chromedp.Void](tab, w, flushMessagesJS); err != nil {
			t.Fatalf("%s: wait for the messages posted into it: %v", id, err)
		}
	}
	if _, err := evalIn[chromedp.Void](tab, "", flushMessagesJS); err != nil {
		t.Fatalf("wait for the host page's messages: %v", err)
	}
	hostAfter, err := evalIn[hostState](tab, "", hostStateJS)
	if err != nil {
		t.Fatal(err)
	}
	var answers []hostMessage
	for _, m := range hostAfter.Messages[len(hostBefore.Messages):] {
		if !m.Self && m.Frame >= 0 && m.Frame < len(hostAfter.Frames) && hostAfter.Frames[m.Frame].Embed {
			answers = append(answers, m)
		}
	}
	if len(answers) > 0 {
		t.Errorf("%s: the embeds answered the messages posted into them with %d messages: %s", at, len(answers), messageList(answers))
	}
	for _, c := range s.charts {
		w, ok := worlds[c.ID]
		if !ok {
			continue
		}
		after, err := readFrame(tab, w)
		if err != nil {
			t.Errorf("%s: read %s after the messages: %v", at, c.ID, err)
			continue
		}
		b := before[c.ID]
		if after.Frame.DOM != b.Frame.DOM || after.Frame.Href != b.Frame.Href {
			t.Errorf("%s: %s changed after messages posted into it: DOM %s → %s, location %s → %s", at, c.ID, b.Frame.DOM[:min(len(b.Frame.DOM), 40)], after.Frame.DOM[:min(len(after.Frame.DOM), 40)], b.Frame.Href, after.Frame.Href)
		}
		if after.Frame.Polluted != "undefined,undefined" {
			t.Errorf("%s: %s after the messages: Object.prototype.polluted, window.__pwned = %s", at, c.ID, after.Frame.Polluted)
		}
		for _, d := range after.Page.Dialogs {
			t.Errorf("%s: %s called %s after the messages", at, c.ID, d)
		}
		f1, _ := frameOf(hostBefore, s, c.ID)
		f2, _ := frameOf(hostAfter, s, c.ID)
		if f1.Height != f2.Height {
			t.Errorf("%s: %s: the iframe's height went from %.1f to %.1f after messages posted into it", at, c.ID, f1.Height, f2.Height)
		}
	}
	checkHostIntact(t, s, at+", after posting into the embeds", hostAfter, 768)
}

// checkDetailsToggle opens the first <details> of each drawn chart's
// embed (its figures as text), then closes it: the iframe must follow the
// content as it grows and as it shrinks back.
func checkDetailsToggle(browserCtx context.Context, t *testing.T, tab *embedTab, s *embedSite, at string, worlds map[string]string) {
	t.Helper()
	for _, c := range s.charts {
		w, ok := worlds[c.ID]
		if !ok || c.Kind != "drawn" {
			continue
		}
		// Chromium does not update the rendering of a cross-origin frame
		// out of view (see checkReflow): bring this one into view first.
		scroll := fmt.Sprintf(`(async () => {
			const f = Array.from(document.querySelectorAll('iframe')).find(f => f.src === %q);
			if (!f) return false;
			f.scrollIntoView({block: 'start'});
			await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
			return true;
		})()`, s.site+"embed/"+c.ID+".html")
		if ok, err := evalIn[bool](tab, "", scroll); err != nil || !ok {
			t.Errorf("%s: %s: no iframe to scroll to (%v)", at, c.ID, err)
			continue
		}
		before, _ := readFrame(tab, w)
		for _, open := range []bool{true, false} {
			js := fmt.Sprintf(`(() => { const d = document.querySelector('details.as-text') || document.querySelector('details'); if (!d) return false; d.open = %v; return true; })()`, open)
			if ok, err := evalIn[bool](tab, w, js); err != nil || !ok {
				t.Errorf("%s: %s: no details element to open (%v)", at, c.ID, err)
				return
			}
			host, _, states := settle(t, tab, s, true)
			st := states[c.ID]
			f, _ := frameOf(host, s, c.ID)
			what := fmt.Sprintf("%s: %s with its details open=%v", at, c.ID, open)
			// In the frame, the root's height is the content's; the
			// frame must neither scroll nor leave blank space under it.
			t.Logf("%s: iframe %.1f, content %.1f, scrollHeight %d, clientHeight %d", what, f.Height, st.Frame.HTMLHeight, st.Frame.ScrollHeight, st.Frame.ClientHeight)
			if math.Abs(f.Height-st.Frame.HTMLHeight) > embedTolerance || st.Frame.ScrollHeight > st.Frame.ClientHeight+1 {
				t.Errorf("%s: the iframe is %.1f px tall, its content %.1f px (scrollHeight %d, clientHeight %d)", what, f.Height, st.Frame.HTMLHeight, st.Frame.ScrollHeight, st.Frame.ClientHeight)
			}
			if open && st.Frame.HTMLHeight <= before.Frame.HTMLHeight {
				t.Errorf("%s: the content did not grow (%.1f, was %.1f)", what, st.Frame.HTMLHeight, before.Frame.HTMLHeight)
			}
			if !open && math.Abs(st.Frame.HTMLHeight-before.Frame.HTMLHeight) > embedTolerance {
				t.Errorf("%s: closed again, the content is %.1f px tall, was %.1f", what, st.Frame.HTMLHeight, before.Frame.HTMLHeight)
			}
		}
	}
}

// checkReflow narrows the host page from 1280 to 320 px, with the embeds
// loaded, and widens it back: each embed must reflow to the new width and
// report its new height, which must match its content measured alone.
func checkReflow(browserCtx context.Context, t *testing.T, tab *embedTab, s *embedSite, alone *aloneByWidth) {
	t.Helper()
	for _, width := range []int64{320, 1280} {
		if err := chromedp.Do(tab.ctx, emulate(width, 900, width < 600)); err != nil {
			t.Fatalf("resize the host page: %v", err)
		}
		at := fmt.Sprintf("%s, resized live to %d px", s.mode, width)
		// A browser does not update the rendering of a cross-origin
		// frame that is out of view (Chromium throttles it), so an embed
		// below the fold reports its new height when the reader scrolls
		// to it: scroll to each.
		scrollFramesIntoView(t, tab)
		host, _, states := settle(t, tab, s, true)
		want := alone.get(width)
		for _, c := range s.charts {
			if st, ok := states[c.ID]; ok && (want == nil || want[c.ID].Width != st.Frame.InnerWidth) {
				if a, ok := measureAlone(browserCtx, t, s, c.ID, st.Frame.InnerWidth, st.Frame.HTMLHeight); ok {
					if want == nil {
						want = map[string]aloneState{}
					}
					want[c.ID] = a
				}
			}
		}
		for _, line := range checkHeights(t, s, at, host, states, want) {
			t.Log(line)
		}
		checkHostIntact(t, s, at, host, width)
	}
}

// screenshotHost saves the whole host page as a PNG.
func screenshotHost(t *testing.T, tab *embedTab, s *embedSite, width int64, mobile bool, path string) {
	t.Helper()
	host, err := evalIn[hostState](tab, "", hostStateJS)
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(tab.ctx, emulate(width, host.DocHeight, mobile)); err != nil {
		t.Fatalf("resize for the screenshot: %v", err)
	}
	settle(t, tab, s, true)
	png, err := chromedp.Run(tab.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("saved %s (%d×%d)", path, width, host.DocHeight)
	if err := chromedp.Do(tab.ctx, emulate(width, 900, mobile)); err != nil {
		t.Fatal(err)
	}
}

// checkBareHostPage loads the host page without embed.js: each iframe
// keeps its height attribute, and its chart still draws and shows its
// title, with no error.
func checkBareHostPage(browserCtx context.Context, t *testing.T, s *embedSite, width int64) {
	tab, err := openEmbedTab(browserCtx, []string{s.site, s.host}, width, 900, width < 600)
	if err != nil {
		t.Fatal(err)
	}
	defer tab.close(t)
	if err := tab.navigate(s.host + "bare.html"); err != nil {
		t.Fatal(err)
	}
	scrollFramesIntoView(t, tab)
	host, _, states := settle(t, tab, s, false)
	at := fmt.Sprintf("%s, %d px, no embed.js", s.mode, width)
	for _, c := range s.charts {
		f, ok := frameOf(host, s, c.ID)
		if !ok {
			t.Errorf("%s: no iframe for %s", at, c.ID)
			continue
		}
		if f.StyleHeight != "" || math.Abs(f.Height-float64(c.Fallback)) > 0.5 {
			t.Errorf("%s: %s: the iframe is %.1f px tall (style.height %q); want its height attribute, %d", at, c.ID, f.Height, f.StyleHeight, c.Fallback)
		}
		st, ok := states[c.ID]
		if !ok {
			continue
		}
		t.Logf("%s: %s: iframe %.0f×%.1f, content %.1f (scrolls inside by %.1f)", at, c.ID, f.Width, f.Height, st.Frame.HTMLHeight, max(0, st.Frame.HTMLHeight-f.Height))
		checkEmbed(t, s, at+": "+c.ID, c, st)
		checkWidthIn(t, at+": "+c.ID, st)
		if st.Frame.HeadingTop < 0 || st.Frame.HeadingTop >= float64(st.Frame.InnerHeight) || st.Frame.ContentTop < 0 || st.Frame.ContentTop >= float64(st.Frame.InnerHeight) {
			t.Errorf("%s: %s: the title (top %.1f) or the chart (top %.1f) is not in the %d px tall frame", at, c.ID, st.Frame.HeadingTop, st.Frame.ContentTop, st.Frame.InnerHeight)
		}
	}
	if host.Href != s.host+"bare.html" || host.Title != "Host article" || host.Sentinel != "host-ok" {
		t.Errorf("%s: the host page changed: %s, title %q, sentinel %q", at, host.Href, host.Title, host.Sentinel)
	}
	if host.ScrollWidth > host.ClientWidth {
		t.Errorf("%s: the host page scrolls sideways: scrollWidth %d > clientWidth %d", at, host.ScrollWidth, host.ClientWidth)
	}
}

// themeState is the colours an embed page shows; see themeJS.
type themeState struct {
	Ready   string `json:"ready"`
	Undrawn int    `json:"undrawn"`
	Theme   string `json:"theme"`
	// Background and Text are the page's colours as [r, g, b]; Chart
	// the colours of the texts a drawn chart paints on its canvas.
	Background [3]float64            `json:"background"`
	Text       [3]float64            `json:"text"`
	Chart      map[string][3]float64 `json:"chart"`
}

// themeJS reads the colours of an embed page: of its body, and of the
// texts its chart draws (from the chart's ECharts option, since a canvas
// has no style to read).
const themeJS = `(() => {
	const ctx = document.createElement('canvas').getContext('2d');
	const rgb = c => {
		ctx.fillStyle = '#010203';
		ctx.fillStyle = c;
		const v = ctx.fillStyle;
		if (v[0] === '#') { return [1, 3, 5].map(i => parseInt(v.slice(i, i + 2), 16)); }
		const m = v.match(/[0-9.]+/g) || [0, 0, 0];
		return m.slice(0, 3).map(Number);
	};
	const body = getComputedStyle(document.body);
	const chart = {};
	let undrawn = 0;
	for (const el of document.querySelectorAll('.draw')) {
		const c = window.echarts && echarts.getInstanceByDom(el);
		if (!c) { undrawn++; continue; }
		const o = c.getOption();
		const put = (name, color) => { if (typeof color === 'string' && color) { chart[name] = rgb(color); } };
		put('textStyle', (o.textStyle || {}).color);
		for (const axis of ['xAxis', 'yAxis']) {
			(o[axis] || []).forEach((a, i) => put(axis + i + '.axisLabel', (a.axisLabel || {}).color));
		}
		(o.series || []).forEach((s, i) => put('series' + i + '.label', (s.label || {}).color));
	}
	return {
		ready: document.readyState,
		undrawn: undrawn,
		theme: document.documentElement.getAttribute('data-theme') || '',
		background: rgb(body.backgroundColor),
		text: rgb(body.color),
		chart: chart,
	};
})()`

// checkThemes opens a drawn chart's embed alone with the reader's system light and
// dark, each with no ?theme, ?theme=light and ?theme=dark: the page must
// be dark exactly when asked by the query or, without one, by the
// system, and every text, the chart's included, must contrast with the
// background.
func checkThemes(browserCtx context.Context, t *testing.T, s *embedSite) {
	for _, id := range []string{"killed-by-source"} {
		for _, system := range []string{"light", "dark"} {
			for _, query := range []string{"", "light", "dark"} {
				want := system
				if query != "" {
					want = query
				}
				what := fmt.Sprintf("%s with the system %s and ?theme=%s", id, system, query)
				u := s.site + "embed/" + id + ".html"
				if query != "" {
					u += "?theme=" + query
				}
				st, ok := readTheme(browserCtx, t, s, u, system)
				if !ok {
					continue
				}
				bg := luminance(st.Background)
				t.Logf("%s: data-theme %q, background rgb%v, text rgb%v, chart %v", what, st.Theme, st.Background, st.Text, st.Chart)
				if dark := bg < 0.2; dark != (want == "dark") {
					t.Errorf("%s: the background is rgb%v (luminance %.2f); want a %s page", what, st.Background, bg, want)
				}
				if r := contrast(st.Text, st.Background); r < 4.5 {
					t.Errorf("%s: the text rgb%v on the background rgb%v has a contrast of %.1f:1; want at least 4.5:1", what, st.Text, st.Background, r)
				}
				for name, c := range st.Chart {
					if r := contrast(c, st.Background); r < 3 {
						t.Errorf("%s: the chart draws its %s in rgb%v on the background rgb%v, a contrast of %.1f:1; want at least 3:1", what, name, c, st.Background, r)
					}
				}
			}
		}
	}
}

func readTheme(browserCtx context.Context, t *testing.T, s *embedSite, u, system string) (themeState, bool) {
	t.Helper()
	tab, err := openEmbedTab(browserCtx, []string{s.site}, 600, 2000, false)
	if err != nil {
		t.Fatal(err)
	}
	defer tab.close(t)
	if _, err := chromedp.Call(tab.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: system}},
	}); err != nil {
		t.Fatalf("emulate prefers-color-scheme: %s: %v", system, err)
	}
	if err := tab.navigate(u); err != nil {
		t.Fatal(err)
	}
	// The page tells when it has loaded and drawn (drawnJS); a page that
	// never does fails after hangGuard.
	wctx, cancel := context.WithTimeout(tab.ctx, hangGuard)
	defer cancel()
	_, waitErr := chromedp.Run(wctx, chromedp.Evaluate[chromedp.Void](drawnJS, chromedp.EvalAwaitPromise))
	st, err := evalIn[themeState](tab, "", themeJS)
	if err != nil {
		t.Errorf("%s: %v", u, err)
		return st, false
	}
	if st.Ready != "complete" || st.Undrawn != 0 {
		t.Errorf("%s did not load and draw in %s (%v): %+v", u, hangGuard, waitErr, st)
		return st, false
	}
	return st, true
}

// luminance is the relative luminance of an sRGB colour (WCAG 2).
func luminance(c [3]float64) float64 {
	var l [3]float64
	for i, v := range c {
		v /= 255
		if v <= 0.03928 {
			l[i] = v / 12.92
		} else {
			l[i] = math.Pow((v+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*l[0] + 0.7152*l[1] + 0.0722*l[2]
}

// contrast is the WCAG 2 contrast ratio of two colours.
func contrast(a, b [3]float64) float64 {
	la, lb := luminance(a), luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}
