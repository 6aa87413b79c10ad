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

// TestTimeToFirstChart is a measurement, not an assertion: with
// DASHGEN_TTFC=1 it builds the default project and opens overview.html
// from file:// 15 times in headless Chromium, logging the median time
// from navigation to the first chart's canvas. DASHGEN_TTFC_BEFORE=DIR
// measures another build's output folder in the same run, for a ratio.
func TestTimeToFirstChart(t *testing.T) {
	if os.Getenv("DASHGEN_TTFC") == "" {
		t.Skip("a measurement: set DASHGEN_TTFC=1 to run it")
	}
	browser := findBrowser(t)
	exe := binary(t)
	dir := project(t)
	if r := run(t, exe, dir, "build"); r.code != 0 {
		t.Fatalf("build: %s", r.stderr)
	}
	outputs := [][2]string{{"this build", filepath.Join(dir, "output")}}
	if before := os.Getenv("DASHGEN_TTFC_BEFORE"); before != "" {
		outputs = append([][2]string{{"before", before}}, outputs...)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	browserCtx := startBrowser(ctx, t, browser)
	for round := 0; round < 15; round++ {
		for i := range outputs {
			// Alternate the two builds so that both see the same machine.
			name, out := outputs[i][0], outputs[i][1]
			ms := firstCanvas(t, browserCtx, filepath.Join(out, "overview.html"))
			times[name] = append(times[name], ms)
		}
	}
	for _, o := range outputs {
		ts := slices.Clone(times[o[0]])
		slices.Sort(ts)
		info, _ := os.Stat(filepath.Join(o[1], "overview.html"))
		t.Logf("%-10s overview.html %7d bytes: first chart after median %.0f ms (min %.0f, max %.0f, n=%d)",
			o[0], info.Size(), ts[len(ts)/2], ts[0], ts[len(ts)-1], len(ts))
	}
}

var times = map[string][]float64{}

func firstCanvas(t *testing.T, browserCtx context.Context, path string) float64 {
	t.Helper()
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
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		ms, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`window.__firstCanvas || 0`))
		if err != nil {
			t.Fatal(err)
		}
		if ms > 0 {
			return ms
		}
	}
	t.Fatalf("%s: no chart drew within 10 s", path)
	return 0
}
