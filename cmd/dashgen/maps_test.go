package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// mapBundleSeries are the series types only the bundle of pages with a
// map (echarts-map.min.js) registers.
var mapBundleSeries = []string{"map"}

// mapPageMax is the most a page with maps may weigh.
const mapPageMax = 1 << 20

var (
	chartBlockRE = regexp.MustCompile(`(?s)<script type="application/json" data-chart="([^"]+)"[^>]*>(.*?)</script>`)
	notesRE      = regexp.MustCompile(`(?s)<section class="chart wide" id="chart-([^"]+)".*?<ul class="notes">(.*?)</ul>`)
)

// TestEveryRecognitionIsOnAMapOrNamed: in every language, each record of
// the default project's recognitions.csv is a shape of one of the
// Recognitions dashboard's maps (by its code) or is named in the note
// under a map; the page stays under 1 MB, carries the map bundle and the
// shapes of both maps, and the pages without a map carry neither.
func TestEveryRecognitionIsOnAMapOrNamed(t *testing.T) {
	out := buildSite(testContext(t), t)
	f, err := os.Open(filepath.Join("..", "..", "data", "recognitions.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	for _, lang := range []string{"", "az", "ru"} {
		path := filepath.Join(out, lang, "recognitions.html")
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		page := string(b)
		if len(b) > mapPageMax {
			t.Errorf("%s weighs %d bytes, more than %d", path, len(b), mapPageMax)
		}
		for _, m := range []string{"world", "us-states"} {
			if !strings.Contains(page, `id="dashgen-map-`+m+`"`) {
				t.Errorf("%s does not carry the shapes of the %s map", path, m)
			}
		}
		shapes := map[string]bool{}
		maps := 0
		for _, m := range chartBlockRE.FindAllStringSubmatch(page, -1) {
			var spec struct {
				Option struct {
					Series []struct {
						Type string
						Data []struct{ Name string }
					}
				}
			}
			if err := json.Unmarshal([]byte(html.UnescapeString(m[2])), &spec); err != nil {
				t.Fatalf("%s: chart %s: %v", path, m[1], err)
			}
			for _, s := range spec.Option.Series {
				if s.Type != "map" {
					continue
				}
				maps++
				for _, d := range s.Data {
					shapes[d.Name] = true
				}
			}
		}
		if maps != 2 {
			t.Errorf("%s draws %d maps, want 2", path, maps)
		}
		var notes strings.Builder
		for _, m := range notesRE.FindAllStringSubmatch(page, -1) {
			if strings.HasPrefix(m[1], "recognitions-map-") {
				notes.WriteString(html.UnescapeString(m[2]))
			}
		}
		for _, r := range recs[1:] {
			code, name := r[col["code"]], r[col["jurisdiction"]]
			if code != "" && shapes[code] {
				continue
			}
			if !strings.Contains(notes.String(), name) {
				t.Errorf("%s: %s (%q) is on no map and not named under one", path, r[col["id"]], code)
			}
		}
		if !strings.Contains(notes.String(), "(world-atlas 2.0.2)") || !strings.Contains(notes.String(), "(us-atlas 3.0.1)") {
			t.Errorf("%s: a map's note does not name its boundary source:\n%s", path, notes.String())
		}
	}
	overview, err := os.ReadFile(filepath.Join(out, "overview.html"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(overview), "dashgen-map-") {
		t.Error("overview.html, which draws no map, carries a map's shapes")
	}
}

// mapProbeJS draws a map series of the world's shapes with a renderer,
// and says what ECharts dropped: "" when it drew the map.
const mapProbeJS = `((renderer) => {
	const el = document.createElement('div');
	el.style.width = '400px';
	el.style.height = '300px';
	document.body.appendChild(el);
	try {
		const chart = echarts.init(el, null, { renderer: renderer });
		chart.setOption({ animation: false, series: [{ type: 'map', map: 'world', data: [{ name: 'MX', value: 1 }] }] });
		const got = chart.getOption();
		const type = ((got.series || [])[0] || {}).type;
		chart.dispose();
		return type === 'map' ? '' : 'the map series was dropped (not registered)';
	} catch (e) {
		return String(e && e.message || e);
	} finally {
		el.remove();
	}
})`

// TestMapsDrawOffline opens the Recognitions dashboard from file:// in
// Chromium with the network off (openPage fails on any request, console
// error or policy violation): both maps are drawn, with the map series
// registered for the canvas and the SVG renderer (exports); the overview,
// which has no map, carries a bundle without the map series.
func TestMapsDrawOffline(t *testing.T) {
	browser := findBrowser(t)
	t.Parallel()
	ctx := testContext(t)
	out := buildSite(ctx, t)
	browserCtx := startBrowser(ctx, t, browser)
	for _, width := range []int64{375, 1280} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			tab, _, done := openPage(browserCtx, t, filepath.Join(out, "recognitions.html"), width, 1000, width < 600, false)
			defer done()
			wctx, cancel := context.WithTimeout(tab, hangGuard)
			defer cancel()
			if _, err := chromedp.Run(wctx, chromedp.Evaluate[chromedp.Void](drawnMarkJS, chromedp.EvalAwaitPromise)); err != nil {
				t.Fatalf("the page never set data-drawn: %v", err)
			}
			st, err := chromedp.Run(tab, chromedp.Evaluate[bundlePageState](bundlePageJS))
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range st.Problems {
				t.Errorf("recognitions.html: %s", p)
			}
			if maps, err := chromedp.Run(tab, chromedp.Evaluate[int](`['world', 'us-states'].filter(m => echarts.getMap(m)).length`)); err != nil || maps != 2 {
				t.Errorf("%d maps registered (%v), want 2", maps, err)
			}
			for _, id := range []string{"recognitions-map-world", "recognitions-map-us"} {
				if h, err := chromedp.Run(tab, chromedp.Evaluate[int](`document.getElementById('draw-`+id+`').querySelector('canvas').height`)); err != nil || h < 100 {
					t.Errorf("%s: canvas %d px high (%v)", id, h, err)
				}
			}
			// DASHGEN_MAP_SHOTS names a folder for screenshots of the maps,
			// to look at; the test asserts nothing of them.
			if dir := os.Getenv("DASHGEN_MAP_SHOTS"); dir != "" {
				for _, id := range []string{"recognitions-map-world", "recognitions-map-us"} {
					if _, err := chromedp.Run(tab, chromedp.Evaluate[chromedp.Void](`document.getElementById('chart-`+id+`').scrollIntoView()`)); err != nil {
						t.Fatal(err)
					}
					if png, err := chromedp.Run(tab, chromedp.CaptureScreenshot()); err == nil {
						_ = os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%d.png", id, width)), png, 0o644)
					}
				}
			}
			if width == 1280 {
				for _, renderer := range []string{"canvas", "svg"} {
					if problem, err := chromedp.Run(tab, chromedp.Evaluate[string](mapProbeJS+`('`+renderer+`')`)); err != nil || problem != "" {
						t.Errorf("a map with the %s renderer: %q %v", renderer, problem, err)
					}
				}
			}
		})
	}
	t.Run("overview", func(t *testing.T) {
		tab, _, done := openPage(browserCtx, t, filepath.Join(out, "overview.html"), 1280, 1000, false, false)
		defer done()
		wctx, cancel := context.WithTimeout(tab, hangGuard)
		defer cancel()
		if _, err := chromedp.Run(wctx, chromedp.Evaluate[chromedp.Void](drawnMarkJS, chromedp.EvalAwaitPromise)); err != nil {
			t.Fatalf("the page never set data-drawn: %v", err)
		}
		problem, err := chromedp.Run(tab, chromedp.Evaluate[string](mapProbeJS+`('canvas')`))
		if err != nil {
			t.Fatal(err)
		}
		if problem == "" {
			t.Error("overview.html, which draws no map, carries the map series")
		}
	})
}
