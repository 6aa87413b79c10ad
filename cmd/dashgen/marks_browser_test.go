package main

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// marksStateJS reads back, from the ECharts instances of a new project's
// overview, what the reader sees: the value axis of the small-count
// timeline (its tick values and labels) and the drawn style of each bar
// and slice, and the legend of marks under each chart.
const marksStateJS = `(function () {
  function inst(id) { return echarts.getInstanceByDom(document.getElementById('draw-' + id)); }
  var axis = inst('recognitions-over-time').getModel().getComponent('yAxis', 0).axis;
  function styles(id) {
    var data = inst(id).getModel().getSeriesByIndex(0).getData(), out = [];
    for (var i = 0; i < data.count(); i++) {
      var s = data.getItemVisual(i, 'style') || {};
      out.push({ fill: typeof s.fill === 'string' ? s.fill : JSON.stringify(s.fill), stroke: String(s.stroke || ''),
        lineWidth: s.lineWidth || 0, decal: !!data.getItemVisual(i, 'decal') });
    }
    return out;
  }
  var legends = {};
  document.querySelectorAll('section.chart').forEach(function (sec) {
    legends[sec.id] = Array.prototype.map.call(sec.querySelectorAll('ul.marks li'), function (li) { return li.textContent.trim(); });
  });
  var openEnds = inst('killed-by-group').getOption().series.filter(function (s) { return s.name === 'open-end'; })
    .map(function (s) { return s.data.map(function (d) { return d[0]; }); });
  return {
    ticks: axis.scale.getTicks().map(function (t) { return t.value; }),
    labels: axis.getViewLabels().map(function (l) { return l.formattedLabel; }),
    bar: styles('killed-by-group'), pie: styles('killed-by-sex'), openEnds: openEnds, legends: legends
  };
})()`

type drawnStyle struct {
	Fill, Stroke string
	LineWidth    float64
	Decal        bool
}

type marksState struct {
	Ticks    []float64
	Labels   []string
	Bar, Pie []drawnStyle
	OpenEnds [][]int
	Legends  map[string][]string
}

// TestMarksInChromium builds a new project (dashgen init) whose figures
// mix qualifiers ("at least 120" killed, about 30 women; about 70 men and
// an exact 45 women among the parts) and reads back from the drawn
// charts: the timeline of 2 recognitions ticks 0, 1, 2 (no fraction, no
// label twice); the lower bound, the estimate and the exact figures are
// drawn differently, and not by hue alone; and each legend lists exactly
// the styles its chart uses.
func TestMarksInChromium(t *testing.T) {
	t.Parallel() // side by side with the other tests that wait for a browser or the binary
	browser := findBrowser(t)
	ctx := testContext(t)
	exe := binary(t)
	dir := t.TempDir()
	if r := run(t, exe, dir, "init", "p"); r.code != 0 {
		t.Fatalf("dashgen init: exit %d\n%s", r.code, r.stderr)
	}
	proj := filepath.Join(dir, "p")
	counts := filepath.Join(proj, "data", "counts.csv")
	b, err := os.ReadFile(counts)
	if err != nil {
		t.Fatal(err)
	}
	csv := string(b)
	for _, edit := range [][2]string{{"example-killed-women,example-event,killed,women,example-killed,overlap,30,exact", "example-killed-women,example-event,killed,women,example-killed,overlap,30,about"},
		{"example-killed-male,example-event,killed,male,example-killed,partition,70,exact", "example-killed-male,example-event,killed,male,example-killed,partition,70,about"}} {
		if !strings.Contains(csv, edit[0]) {
			t.Fatalf("the starter's counts.csv has no row starting %q", edit[0])
		}
		csv = strings.Replace(csv, edit[0], edit[1], 1)
	}
	if err := os.WriteFile(counts, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	if r := run(t, exe, proj, "build", "--out", out); r.code != 0 {
		t.Fatalf("dashgen build: exit %d\n%s", r.code, r.stderr)
	}

	browserCtx := startBrowser(ctx, t, browser)
	for _, vp := range []struct {
		width  int64
		mobile bool
	}{{375, true}, {1280, false}} {
		tab, _, done := openPage(browserCtx, t, filepath.Join(out, "overview.html"), vp.width, 900, vp.mobile, false)
		st, err := chromedp.Run(tab, chromedp.Evaluate[marksState](marksStateJS))
		done()
		if err != nil {
			t.Fatalf("at %d px: read the charts: %v", vp.width, err)
		}
		checkMarks(t, vp.width, st)
	}
}

func checkMarks(t *testing.T, width int64, st marksState) {
	t.Helper()
	// Whole ticks: a count of 2 reads 0, 1, 2.
	if len(st.Ticks) < 2 {
		t.Errorf("at %d px: the timeline's value axis has ticks %v", width, st.Ticks)
	}
	for _, v := range st.Ticks {
		if v != math.Trunc(v) {
			t.Errorf("at %d px: the timeline's value axis ticks at %v, a fraction of a recognition (ticks %v)", width, v, st.Ticks)
		}
	}
	seen := map[string]bool{}
	for _, l := range st.Labels {
		if seen[l] {
			t.Errorf("at %d px: the timeline's value axis shows %q twice (labels %q)", width, l, st.Labels)
		}
		seen[l] = true
	}

	// Bars: all (at least 120), women (about 30), children (25, exact).
	if len(st.Bar) != 3 {
		t.Fatalf("at %d px: the bar chart draws %d bars, want 3: %+v", width, len(st.Bar), st.Bar)
	}
	lower, about, exact := st.Bar[0], st.Bar[1], st.Bar[2]
	if lower.Fill != exact.Fill || lower.Decal || exact.Decal {
		t.Errorf("at %d px: the lower bound %+v and the exact bar %+v should share a solid fill", width, lower, exact)
	}
	if !slices.Equal(flat2(st.OpenEnds), []int{0}) {
		t.Errorf("at %d px: open ends drawn at %v, want at the lower bound (bar 0) only", width, st.OpenEnds)
	}
	if about.Fill == exact.Fill || !about.Decal || about.LineWidth == 0 {
		t.Errorf("at %d px: the estimate %+v should differ from the exact bar %+v by a lighter fill, a hatch and an outline", width, about, exact)
	}
	// Slices: male (about 70), female (45, exact).
	if len(st.Pie) != 2 || !st.Pie[0].Decal || st.Pie[1].Decal || st.Pie[0].LineWidth == 0 {
		t.Errorf("at %d px: pie slices %+v; want the estimate hatched and outlined, the exact slice plain", width, st.Pie)
	}

	want := map[string][]string{
		"chart-headline":               {"exact figure", "at least, more than: may be higher", "about: an estimate"},
		"chart-killed-by-group":        {"exact figure", "at least, more than: may be higher", "about: an estimate"},
		"chart-killed-by-sex":          {"exact figure", "about: an estimate"},
		"chart-recognitions-over-time": nil,
		"chart-recognitions-table":     nil,
	}
	for id, w := range want {
		if got := st.Legends[id]; !slices.Equal(got, w) {
			t.Errorf("at %d px: the legend of %s lists %q, want %q", width, id, got, w)
		}
	}
}

func flat2(v [][]int) []int {
	var out []int
	for _, x := range v {
		out = append(out, x...)
	}
	return out
}
