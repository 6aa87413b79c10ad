package main

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// firstCanvasJS runs before a page's own scripts and records when the
// first chart's canvas appears, in ms from the start of navigation.
const firstCanvasJS = `new MutationObserver((list, obs) => {
	if (document.querySelector('canvas')) { window.__firstCanvas = performance.now(); obs.disconnect(); }
}).observe(document, {childList: true, subtree: true});`

// BenchmarkTimeToFirstChart builds the default project and opens
// overview.html from file:// in headless Chromium b.N times, and reports
// the median time from navigation to the first chart's canvas
// (first-chart-median-ms). With DASHGEN_TTFC_BEFORE=DIR it opens that
// output folder's overview.html too, alternating, so that both see the
// same machine (before-first-chart-median-ms). BENCHMARKS.md has the
// command:
//
//	DASHGEN_TTFC_BEFORE=/path/to/old/output go test ./cmd/dashgen -run '^$' -bench TimeToFirstChart -benchtime 15x
func BenchmarkTimeToFirstChart(b *testing.B) {
	browser := findBrowser(b)
	exe, err := buildDashgen()
	if err != nil {
		b.Fatal(err)
	}
	dir := copyProject(b)
	if code, _, stderr := runTB(b, exe, dir, "build"); code != 0 {
		b.Fatalf("build: %s", stderr)
	}
	outputs := [][2]string{{"", filepath.Join(dir, "output")}}
	if before := os.Getenv("DASHGEN_TTFC_BEFORE"); before != "" {
		outputs = append(outputs, [2]string{"before-", before})
	}
	browserCtx := startBrowser(context.Background(), b, browser)
	times := map[string][]float64{}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, o := range outputs {
			times[o[0]] = append(times[o[0]], firstCanvas(b, browserCtx, filepath.Join(o[1], "overview.html")))
		}
	}
	b.StopTimer()
	for _, o := range outputs {
		ts := slices.Clone(times[o[0]])
		slices.Sort(ts)
		info, err := os.Stat(filepath.Join(o[1], "overview.html"))
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(ts[len(ts)/2], o[0]+"first-chart-median-ms")
		b.Logf("%s overview.html, %d bytes: first chart after median %.0f ms (min %.0f, max %.0f, n=%d)",
			o[1], info.Size(), ts[len(ts)/2], ts[0], ts[len(ts)-1], len(ts))
	}
}

// firstCanvas opens the page at path in a new tab and returns the time in
// ms from navigation to its first canvas.
func firstCanvas(b *testing.B, browserCtx context.Context, path string) float64 {
	b.Helper()
	ctx, cancel := chromedp.NewContext(browserCtx)
	defer cancel()
	u := (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
	if err := chromedp.Do(ctx,
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: firstCanvasJS})
			return err
		}),
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(u),
	); err != nil {
		b.Fatal(err)
	}
	for deadline := time.Now().Add(hangGuard); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		ms, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`window.__firstCanvas || 0`))
		if err != nil {
			b.Fatal(err)
		}
		if ms > 0 {
			return ms
		}
	}
	b.Fatalf("%s: no chart drew in %s", path, hangGuard)
	return 0
}
