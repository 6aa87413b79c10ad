package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// A chart is laid out for the width of its box (the .draw element), and
// laid out again when that width changes: a scroll bar comes or goes, a
// phone turns, a screenshot tool lays the page out at one width and
// captures it at another (headless Chromium's --screenshot lays a page out
// at no less than 500 px and narrows it to 375 just before the capture).
// The chart must then be painted at its new width in the very frame in
// which its box changed: a capture of that frame showed the drawing of the
// old width, cut off on the right, because ECharts' resize() paints on the
// next animation frame.

// fitWatchJS starts watching every drawn chart of the page. A
// ResizeObserver made after the page's own gets each box's change in the
// same frame, after the page's observers (they run in the order they were
// made), before that frame is painted: what it finds drawn is what a
// capture of that frame shows. It records, at each change, every chart's
// box and the drawing on its canvas.
const fitWatchJS = `(() => {
	window.__fits = [];
	const charts = Array.from(document.querySelectorAll('.draw')).filter(el => echarts.getInstanceByDom(el));
	const ro = new ResizeObserver(() => { window.__fits.push(chartFits(charts)); });
	charts.forEach(el => ro.observe(el));
	return charts.length;
})()`

// chartFitsJS defines chartFits, which reports, for each chart: the size
// of its box; the size its ECharts instance lays out for; its canvas's
// size on screen; the columns its drawing covers (from its pixels: what a
// capture shows); and how many of those pixels differ from ECharts'
// drawing of the chart as it is laid out now (a canvas it has not painted
// since it laid the chart out again shows a stale drawing). ECharts' own
// drawing is made by getRenderedCanvas, which first paints what it has
// not yet painted: the page's pixels are read before.
const chartFitsJS = `window.chartFits = (charts) => {
	const dpr = window.devicePixelRatio || 1;
	const pixels = c => c.getContext('2d', { willReadFrequently: true }).getImageData(0, 0, c.width, c.height).data;
	return { innerWidth: window.innerWidth, charts: charts.map(el => {
		const chart = echarts.getInstanceByDom(el);
		const canvas = el.querySelector('canvas');
		const r = canvas ? canvas.getBoundingClientRect() : { width: 0, height: 0, left: 0 };
		const box = el.getBoundingClientRect();
		let right = 0, differ = 0, total = 0;
		if (canvas && canvas.width && canvas.height) {
			const shown = pixels(canvas);
			const w = canvas.width;
			total = w * canvas.height;
			for (let i = 0; i < total; i++) {
				if (shown[i * 4 + 3] !== 0 && i % w + 1 > right) { right = i % w + 1; }
			}
			const fresh = chart.getRenderedCanvas();
			if (fresh.width !== canvas.width || fresh.height !== canvas.height) {
				differ = total;
			} else {
				const want = pixels(fresh);
				for (let i = 0; i < total * 4; i += 4) {
					if (Math.abs(shown[i] - want[i]) > 8 || Math.abs(shown[i + 1] - want[i + 1]) > 8 ||
						Math.abs(shown[i + 2] - want[i + 2]) > 8 || Math.abs(shown[i + 3] - want[i + 3]) > 8) { differ++; }
				}
			}
		}
		return {
			id: el.id.replace(/^draw-/, ''),
			boxWidth: el.clientWidth, boxHeight: el.clientHeight, boxLeft: box.left,
			chartWidth: chart.getWidth(), chartHeight: chart.getHeight(),
			canvasWidth: r.width, canvasHeight: r.height, canvasLeft: r.left,
			drawnRight: right / dpr, stale: total ? differ / total : 0,
		};
	}) };
}`

type chartFit struct {
	ID                        string
	BoxWidth, BoxHeight       float64
	BoxLeft                   float64
	ChartWidth, ChartHeight   float64
	CanvasWidth, CanvasHeight float64
	CanvasLeft                float64
	DrawnRight                float64
	Stale                     float64 // the share of the canvas's pixels that differ from ECharts' drawing
}

type pageFits struct {
	InnerWidth int64
	Charts     []chartFit
}

func (c chartFit) String() string {
	return fmt.Sprintf("%s (box %gx%g; ECharts lays out %gx%g; canvas %gx%g, drawn up to x=%g; %.1f%% of its pixels stale)",
		c.ID, c.BoxWidth, c.BoxHeight, c.ChartWidth, c.ChartHeight, c.CanvasWidth, c.CanvasHeight, c.DrawnRight, c.Stale*100)
}

// misfit says how a chart is not drawn at its box's size, or "".
func (c chartFit) misfit() string {
	near := func(a, b float64) bool { return a-b <= 1 && b-a <= 1 }
	switch {
	case !near(c.ChartWidth, c.BoxWidth) || !near(c.ChartHeight, c.BoxHeight):
		return "ECharts lays it out at another size than its box's"
	case !near(c.CanvasWidth, c.BoxWidth) || !near(c.CanvasHeight, c.BoxHeight) || c.CanvasLeft < c.BoxLeft-1:
		return "its canvas is not its box's size"
	case c.DrawnRight == 0:
		return "its canvas is blank"
	case c.Stale > 0.005:
		// A canvas that still shows the drawing laid out for its old
		// width: cut off on the right, or in a strip on the left.
		return "its canvas shows another drawing than the chart as ECharts now lays it out (a stale one)"
	}
	return ""
}

// settleJS resolves two frames on: the ResizeObservers of a change have
// run (they run in the frame of the change) and the next frame is painted.
const settleJS = `new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(() => resolve())))`

// TestChartsFitTheirBoxInChromium opens the dashboards of the default
// project at 1280 px, narrows the window to a phone's 375 px and widens it
// back, and checks that every drawn chart is painted at its box's size:
// at once, in the frame in which the box changed (what a capture of that
// frame shows), and two frames on. It also opens them at 375 px from the
// start, the width they are first laid out at.
func TestChartsFitTheirBoxInChromium(t *testing.T) {
	browser := findBrowser(t)
	t.Parallel() // the browser tests run side by side, in tabs of the shared browsers
	ctx := testContext(t)
	out := buildSite(ctx, t)
	browserCtx := startBrowser(ctx, t, browser)

	for _, name := range []string{"sources-compared.html", "overview.html", "recognitions.html", "families-and-children.html", "embed/killed-by-source.html"} {
		t.Run(strings.ReplaceAll(name, "/", "_"), func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(out, filepath.FromSlash(name))

			t.Run("phone", func(t *testing.T) {
				tab, _, done := openPage(browserCtx, t, path, 375, 800, true, false)
				defer done()
				checkFits(t, tab, "opened at 375 px")
			})

			t.Run("resized", func(t *testing.T) {
				tab, _, done := openPage(browserCtx, t, path, 1280, 800, false, false)
				defer done()
				checkFits(t, tab, "opened at 1280 px")
				for _, step := range []struct {
					width  int64
					mobile bool
				}{{375, true}, {1280, false}} {
					resizeAndCheck(t, tab, step.width, step.mobile)
				}
			})
		})
	}
}

// checkFits checks that every chart of the page in tab is drawn at its
// box's size, two frames on.
func checkFits(t *testing.T, tab context.Context, when string) {
	t.Helper()
	wctx, cancel := context.WithTimeout(tab, hangGuard)
	defer cancel()
	if _, err := chromedp.Run(wctx, chromedp.Evaluate[chromedp.Void](settleJS, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatalf("%s: wait two frames: %v", when, err)
	}
	fits, err := chromedp.Run(tab, chromedp.Evaluate[pageFits](chartFitsJS+`;chartFits(Array.from(document.querySelectorAll('.draw')).filter(el => echarts.getInstanceByDom(el)))`))
	if err != nil {
		t.Fatalf("%s: read the charts: %v", when, err)
	}
	if len(fits.Charts) == 0 {
		t.Fatalf("%s: the page drew no chart", when)
	}
	for _, c := range fits.Charts {
		if m := c.misfit(); m != "" {
			t.Errorf("%s, two frames on: %s: %s", when, c, m)
		}
	}
}

// resizeAndCheck sets the viewport of tab to width, waits for the frame
// in which the charts' boxes change, and checks the charts as that frame
// drew them, then two frames on.
func resizeAndCheck(t *testing.T, tab context.Context, width int64, mobile bool) {
	t.Helper()
	when := fmt.Sprintf("resized to %d px", width)
	n, err := chromedp.Run(tab, chromedp.Evaluate[int](chartFitsJS+";"+fitWatchJS))
	if err != nil {
		t.Fatalf("%s: watch the charts: %v", when, err)
	}
	if n == 0 {
		t.Fatalf("%s: the page drew no chart", when)
	}
	if _, err := chromedp.Run(tab, emulate(width, 800, mobile)); err != nil {
		t.Fatalf("%s: %v", when, err)
	}
	// The watcher records once when it starts, then at each change of a
	// box: wait for the change to the new width.
	const changedJS = `new Promise(resolve => {
		const check = () => {
			const f = window.__fits.find(f => f.innerWidth === %d);
			if (f) { resolve(f); } else { setTimeout(check, 10); }
		};
		check();
	})`
	wctx, cancel := context.WithTimeout(tab, hangGuard)
	defer cancel()
	first, err := chromedp.Run(wctx, chromedp.Evaluate[pageFits](fmt.Sprintf(changedJS, width), chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: wait for the charts' boxes to change: %v", when, err)
	}
	for _, c := range first.Charts {
		if m := c.misfit(); m != "" {
			t.Errorf("%s, in the frame of the change: %s: %s", when, c, m)
		}
	}
	checkFits(t, tab, when)
}
