package main

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The pages carry a bundle of only the ECharts modules they use
// (internal/site/assets/echarts-modules.js, built by update-echarts.sh). A
// module left out fails without a word (ECharts' production build checks
// nothing): a series of a type that is not registered is dropped, and the
// chart draws empty axes; a component (a title, a legend, aria's decal
// patterns) is dropped, and the chart draws without it; a renderer that is
// not registered draws nothing. The tests below ask ECharts what it kept.

// bundleSeries are the series types the pages draw: bar, line (timelines),
// pie, scatter (dot plots) and custom (error bars and open ends, page.js).
// bundleRenderers are the renderers page.js asks for: canvas on a page,
// SVG for an SVG or PDF export.
var (
	bundleSeries    = []string{"bar", "line", "pie", "scatter", "custom"}
	bundleRenderers = []string{"canvas", "svg"}
)

// bundleProbeJS is a function of the series types and renderers to try. In
// a loaded page, it draws each type with each renderer on a new element,
// with every component the pages use (grid and axes, tooltip, legend,
// title, aria's decal patterns), and reports what ECharts refused or
// dropped.
const bundleProbeJS = `((types, renderers) => {
	const problems = [];
	const data = { bar: [3, 5], line: [3, 5], scatter: [[0, 3], [1, 5]], custom: [[0, 3], [1, 5]],
		pie: [{ name: 'a', value: 3 }, { name: 'b', value: 5 }] };
	for (const renderer of renderers) {
		for (const type of types) {
			const where = type + ' series, ' + renderer + ' renderer: ';
			const el = document.createElement('div');
			el.style.width = '400px';
			el.style.height = '300px';
			document.body.appendChild(el);
			try {
				const axes = type !== 'pie';
				const series = { type: type, name: 's', data: data[type] };
				if (type === 'custom') {
					series.renderItem = (params, api) => {
						const p = api.coord([api.value(0), api.value(1)]);
						return { type: 'rect', shape: { x: p[0] - 2, y: p[1] - 2, width: 4, height: 4 }, style: { fill: '#000' } };
					};
				}
				const option = {
					title: { text: 'T' }, legend: { data: ['s'] }, tooltip: { trigger: 'item' },
					aria: { enabled: true, label: { enabled: false }, decal: { show: true } },
					animation: false, series: [series],
				};
				if (axes) {
					option.grid = { left: 40, right: 10, top: 30, bottom: 30 };
					option.xAxis = [{ type: type === 'scatter' || type === 'custom' ? 'value' : 'category', data: type === 'scatter' || type === 'custom' ? undefined : ['x', 'y'] }];
					option.yAxis = [{ type: 'value' }];
				}
				const chart = echarts.init(el, null, { renderer: renderer });
				chart.setOption(option);
				const got = chart.getOption();
				const want = ['title', 'legend', 'tooltip'].concat(axes ? ['grid', 'xAxis', 'yAxis'] : []);
				for (const key of want) {
					if (!got[key] || !got[key].length) { problems.push(where + 'the ' + key + ' component was dropped (not registered)'); }
				}
				const drawnType = ((got.series || [])[0] || {}).type;
				if (drawnType !== type) {
					problems.push(where + 'the series was dropped (not registered)');
					chart.dispose();
					el.remove();
					continue;
				}
				const surface = renderer === 'svg' ? 'svg' : 'canvas';
				if (!el.querySelector(surface)) { problems.push(where + 'no <' + surface + '> was drawn (renderer not registered)'); }
				// aria is no component of the option: it shows as the decal
				// patterns it gives the marks.
				const marks = chart.getModel().getSeriesByIndex(0).getData();
				if (type !== 'custom' && !(marks.getVisual('decal') || marks.getItemVisual(0, 'decal'))) {
					problems.push(where + 'the marks have no decal pattern: aria is not registered');
				}
				chart.dispose();
			} catch (e) {
				problems.push(where + String(e && e.message || e));
			}
			el.remove();
		}
	}
	return problems;
})`

// bundlePageJS reports, for every drawn chart of a loaded page, whether
// its ECharts instance kept every component its option names (top-level
// keys, and markers inside a series) and those page.js adds, and drew
// every series, and the series types it drew. (aria is not a component:
// the probe checks it by its decals.)
const bundlePageJS = `(() => {
	const out = { drawnMark: document.documentElement.hasAttribute('data-drawn'), charts: 0, problems: [], types: [] };
	const notComponents = ['series', 'color', 'animation', 'textStyle', 'backgroundColor'];
	for (const block of document.querySelectorAll('script[type="application/json"][data-chart]')) {
		const id = block.getAttribute('data-chart');
		const el = document.getElementById('draw-' + id);
		if (!el) { continue; }
		out.charts++;
		const spec = JSON.parse(block.textContent);
		const chart = echarts.getInstanceByDom(el);
		if (!chart) { out.problems.push(id + ': no ECharts instance (' + el.textContent.trim().slice(0, 200) + ')'); continue; }
		const got = chart.getOption();
		const want = Object.keys(spec.option).filter(k => !notComponents.includes(k)).concat(['tooltip']);
		// Markers are components named inside a series.
		for (const s of spec.option.series) {
			for (const k of ['markLine', 'markPoint', 'markArea']) {
				if (s[k] && !want.includes(k)) { want.push(k); }
			}
		}
		if (spec.option.xAxis || spec.option.yAxis) { want.push('grid'); }
		for (const key of want) {
			if (!got[key] || !got[key].length) { out.problems.push(id + ': the ' + key + ' component was dropped (not registered)'); }
		}
		const drawn = (got.series || []).map(s => s.type);
		const wanted = spec.option.series.map(s => s.type);
		if ((spec.ranges || []).length || (spec.openEnds || []).length) { wanted.push('custom'); }
		for (const t of wanted) {
			if (!drawn.includes(t)) { out.problems.push(id + ': no ' + t + ' series was drawn (it has ' + drawn.join(', ') + ')'); }
			if (!out.types.includes(t)) { out.types.push(t); }
		}
	}
	return out;
})()`

// drawnMarkJS resolves when the page has set data-drawn on <html> (what
// dashgen export waits for: every chart drawn, two frames on).
const drawnMarkJS = `new Promise(resolve => {
	const check = () => document.documentElement.hasAttribute('data-drawn') ? resolve() : setTimeout(check, 10);
	check();
})`

type bundlePageState struct {
	DrawnMark bool     `json:"drawnMark"`
	Charts    int      `json:"charts"`
	Problems  []string `json:"problems"`
	Types     []string `json:"types"`
}

// TestEChartsBundleRegistersEveryKind opens every dashboard of the default
// project in Chromium (with no console error, no exception, no network
// request: see openPage) and checks that each drawn chart kept every
// component its option names and drew every series, that the page set
// data-drawn, and that every series type the pages draw is one the bundle
// is checked for. Then, in the same page, it draws every series type the
// pages use (scatter too, for dot plots) with both renderers and every
// component, and fails on any that ECharts refuses or drops.
func TestEChartsBundleRegistersEveryKind(t *testing.T) {
	browser := findBrowser(t)
	t.Parallel() // the browser tests run side by side, in tabs of the shared browsers

	ctx := testContext(t)
	out := buildSite(ctx, t)
	browserCtx := startBrowser(ctx, t, browser)

	pages, err := filepath.Glob(filepath.Join(out, "*.html"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(pages)
	seen := map[string]bool{}
	drawnPages := 0
	for _, path := range pages {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			tab, _, done := openPage(browserCtx, t, path, 1280, 1000, false, false)
			defer done()
			if n, err := chromedp.Run(tab, chromedp.Evaluate[int](`document.querySelectorAll('.draw').length`)); err != nil || n == 0 {
				return // index and sources draw no chart (and load no ECharts)
			}
			wctx, cancel := context.WithTimeout(tab, hangGuard)
			_, err := chromedp.Run(wctx, chromedp.Evaluate[chromedp.Void](drawnMarkJS, chromedp.EvalAwaitPromise))
			cancel()
			st, err2 := chromedp.Run(tab, chromedp.Evaluate[bundlePageState](bundlePageJS))
			if err2 != nil {
				t.Fatalf("read the charts of %s: %v", name, err2)
			}
			drawnPages++
			if err != nil || !st.DrawnMark {
				t.Errorf("%s: <html> has no data-drawn after %v (%v): dashgen export would wait for ever", name, hangGuard, err)
			}
			for _, p := range st.Problems {
				t.Errorf("%s: %s", name, p)
			}
			for _, typ := range st.Types {
				seen[typ] = true
			}
			if name != "overview.html" {
				return
			}
			problems, err := chromedp.Run(tab, chromedp.Evaluate[[]string](fmt.Sprintf("(%s)(%s, %s)", bundleProbeJS, jsList(bundleSeries), jsList(bundleRenderers))))
			if err != nil {
				t.Fatalf("draw every series type: %v", err)
			}
			for _, p := range problems {
				t.Errorf("the ECharts bundle: %s", p)
			}
		})
	}
	if drawnPages == 0 {
		t.Fatalf("no page of %s draws a chart", out)
	}
	for typ := range seen {
		if !slices.Contains(bundleSeries, typ) && !slices.Contains(mapBundleSeries, typ) {
			t.Errorf("the pages draw a %s series, which the bundle is not checked for: add it to bundleSeries (and to internal/site/assets/echarts-modules.js)", typ)
		}
	}
	for _, typ := range []string{"bar", "line", "pie", "custom"} {
		if !seen[typ] {
			t.Errorf("no dashboard of the default project drew a %s series: the check above did not cover it", typ)
		}
	}
}

func jsList(items []string) string {
	return "['" + strings.Join(items, "', '") + "']"
}

// TestExportEveryKind exports, as PNG and SVG, the dashboard with the
// default project's pie (TestExport covers bars, cards and the timeline):
// each drawn chart gives a PNG of the size asked for that is not blank and
// an SVG that parses and holds the pie's labels as text. The SVG renderer
// draws from the same bundle as the pages.
func TestExportEveryKind(t *testing.T) {
	browser := findBrowser(t)
	t.Parallel()
	exe := binary(t)
	dir := project(t)
	r := run(t, exe, dir, "export", "--format", "png,svg", "--size", "4:3", "--dashboard", "sources-compared", "--lang", "en", "--chrome", browser)
	if r.code != 0 {
		t.Fatalf("export: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	out := filepath.Join(dir, "exports", "en")
	for _, name := range []string{"memorial-bodies-by-sex", "killed-by-source"} {
		checkPNG(t, filepath.Join(out, name+".png"), 1440, 1080)
		checkSVG(t, filepath.Join(out, name+".svg"))
	}
	text := svgTexts(t, filepath.Join(out, "memorial-bodies-by-sex.svg"))
	// The title is broken into lines to fit the drawing.
	for _, want := range []string{"Bodies examined, as Memorial reports", "by sex", "Male", "Female", "130 (72%)", "51 (28%)", "Sources: Memorial Human Rights Centre"} {
		if !strings.Contains(text, want) {
			t.Errorf("memorial-bodies-by-sex.svg lacks the text %q; it has:\n%s", want, text)
		}
	}
}
