package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/dashgen/dashgen/internal/export"
)

// labelBoxesJS returns, for the chart drawn in the .draw element with the
// given id, the box of every category name on its axis as ECharts drew it
// (its text, and its top, bottom, left and right in the page's pixels),
// in the axis' order.
const labelBoxesJS = `((id) => {
	const el = document.getElementById('draw-' + id);
	const chart = el && echarts.getInstanceByDom(el);
	if (!chart) return null;
	const opt = chart.getOption();
	const axes = [].concat(opt.yAxis || [], opt.xAxis || []).filter(a => a.type === 'category');
	const names = new Set((axes[0] && axes[0].data || []).map(String));
	const seen = new Set();
	const boxes = [];
	for (const d of chart.getZr().storage.getDisplayList(true)) {
		const t = d.parent && d.parent.style && typeof d.parent.style.text === 'string' ? d.parent : null;
		if (!t || seen.has(t)) continue;
		seen.add(t);
		const text = t.style.text.split('\n').join(' ');
		if (!names.has(text)) continue;
		const r = t.getBoundingRect().clone();
		r.applyTransform(t.getComputedTransform());
		boxes.push({text: text, top: r.y, bottom: r.y + r.height, left: r.x, right: r.x + r.width});
	}
	return {names: names.size, boxes: boxes};
})`

type labelBox struct {
	Text                     string
	Top, Bottom, Left, Right float64
}

// TestExportCategoryLabelsHaveRoom: the wrapped category names of a
// horizontal bar chart never touch each other, in an exported image at
// every --size (laid out as export lays it out) and on the page at a
// phone's and a desktop's width.
func TestExportCategoryLabelsHaveRoom(t *testing.T) {
	t.Parallel() // side by side with the other tests that wait for a browser or the binary
	browser := findBrowser(t)
	ctx := testContext(t)
	out := buildSite(ctx, t)
	browserCtx := startBrowser(ctx, t, browser)
	type view struct {
		name          string
		page          string
		width, height int64
		mobile        bool
	}
	var views []view
	for _, size := range []string{"16:9", "4:3", "800x600"} {
		w, h, err := export.ParseSize(size)
		if err != nil {
			t.Fatal(err)
		}
		s := export.LayoutScale(w, h, 2)
		views = append(views, view{"export --size " + size, "embed/killed-by-source.html?export=png&theme=light", int64(float64(w) / s), int64(float64(h) / s), false})
	}
	views = append(views,
		view{"page at 375 px", "sources-compared.html", 375, 800, true},
		view{"page at 1280 px", "sources-compared.html", 1280, 900, false},
		view{"az page at 375 px", "az/sources-compared.html", 375, 800, true},
	)
	for _, v := range views {
		t.Run(strings.ReplaceAll(v.name, " ", "_"), func(t *testing.T) {
			tab, cancel := chromedp.NewContext(browserCtx)
			defer cancel()
			u := "file://" + filepath.ToSlash(filepath.Join(out, v.page))
			if err := chromedp.Do(tab, emulate(v.width, v.height, v.mobile), chromedp.Navigate(u)); err != nil {
				t.Fatal(err)
			}
			if err := waitDrawn(tab); err != nil {
				t.Fatal(err)
			}
			got, err := chromedp.Run(tab, chromedp.Evaluate[struct {
				Names int
				Boxes []labelBox
			}](labelBoxesJS+`('killed-by-source')`))
			if err != nil {
				t.Fatal(err)
			}
			if got.Names < 4 || len(got.Boxes) != got.Names {
				t.Fatalf("found %d label boxes for %d category names: %+v", len(got.Boxes), got.Names, got.Boxes)
			}
			for i := range got.Boxes {
				for j := i + 1; j < len(got.Boxes); j++ {
					a, b := got.Boxes[i], got.Boxes[j]
					if a.Left < b.Right && b.Left < a.Right && a.Top < b.Bottom+2 && b.Top < a.Bottom+2 {
						t.Errorf("%dx%d: the labels %q (%.0f–%.0f px) and %q (%.0f–%.0f px) overlap or touch",
							v.width, v.height, a.Text, a.Top, a.Bottom, b.Text, b.Top, b.Bottom)
					}
				}
			}
			t.Logf("%dx%d: %s", v.width, v.height, describeBoxes(got.Boxes))
		})
	}
}

func describeBoxes(boxes []labelBox) string {
	var parts []string
	for _, b := range boxes {
		parts = append(parts, fmt.Sprintf("%.0f–%.0f", b.Top, b.Bottom))
	}
	return strings.Join(parts, ", ")
}

// waitDrawn waits, within hangGuard, for the page script's mark that every
// chart is drawn.
func waitDrawn(tab context.Context) error {
	start := time.Now()
	for {
		drawn, err := chromedp.Run(tab, chromedp.Evaluate[bool](`document.documentElement.hasAttribute('data-drawn')`))
		if err != nil || drawn {
			return err
		}
		if time.Since(start) > hangGuard {
			return fmt.Errorf("the page did not mark itself drawn within %s", hangGuard)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
