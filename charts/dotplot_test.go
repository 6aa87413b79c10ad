package charts

import (
	"reflect"
	"strings"
	"testing"

	"github.com/dashgen/dashgen/internal/aggregate"
	"github.com/dashgen/dashgen/internal/config"
)

// estimates are figures as sources report them: exact, a lower bound, an
// estimate, an upper bound, a range with no single figure, and an exact
// figure with a range around it.
func estimates() *aggregate.Table {
	rng := row("E", nil, "range")
	rng.Min, rng.Max = n(500), n(1000)
	around := row("F", n(485), "exact")
	around.Min, around.Max = n(400), n(600)
	return &aggregate.Table{Rows: []aggregate.Row{
		row("A", n(613), "exact"), row("B", n(161), "at_least"), row("C", n(800), "about"),
		row("D", n(90), "up_to"), rng, around,
	}}
}

func dotChart(t *testing.T, tables ...*aggregate.Table) *Chart {
	t.Helper()
	c, err := Build(config.Chart{ID: "d", Type: "dot", Title: "Killed, as each source reports it"}, tables, labeler(t))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestDotOption: one scatter series, the items down a category axis in
// the data's order, the values across an axis from 0 in whole numbers;
// each dot at its item's row, and no dot for a range with no figure.
func TestDotOption(t *testing.T) {
	c := dotChart(t, estimates())
	o := option(t, c)
	series := o["series"].([]any)
	if len(series) != 1 || series[0].(map[string]any)["type"] != "scatter" {
		t.Fatalf("series %v, want one scatter series", series)
	}
	y := o["yAxis"].([]any)[0].(map[string]any)
	x := o["xAxis"].([]any)[0].(map[string]any)
	if got := y["data"]; !reflect.DeepEqual(got, []any{"A", "B", "C", "D", "E", "F"}) {
		t.Errorf("category axis (y) %v, want the items in order", got)
	}
	if x["type"] != "value" || x["min"] != 0.0 || x["minInterval"] != 1.0 {
		t.Errorf("value axis (x) %v, want a value axis from 0 in whole numbers", x)
	}
	it := items(o, 0)
	want := map[int]any{0: []any{613.0, 0.0}, 1: []any{161.0, 1.0}, 2: []any{800.0, 2.0}, 3: []any{90.0, 3.0}, 5: []any{485.0, 5.0}}
	for i, d := range it {
		if got := d["value"]; !reflect.DeepEqual(got, want[i]) {
			t.Errorf("item %d value %v, want %v", i, got, want[i])
		}
	}
	if !c.Behaviour.Horizontal || c.Height != 70+62*6 {
		t.Errorf("horizontal %v, height %d; want true, %d", c.Behaviour.Horizontal, c.Height, 70+62*6)
	}
}

// TestDotRangesAndMarks: the ranges are the script's error bars; the lower
// bound has its open end and room for it; each dot has its qualifier's
// style, the legend lists them (not the range, drawn as a line with no
// dot), and a note says what the line is.
func TestDotRangesAndMarks(t *testing.T) {
	c := dotChart(t, estimates())
	wantRanges := []Range{{Series: 0, Index: 4, Min: 500, Max: 1000}, {Series: 0, Index: 5, Min: 400, Max: 600}}
	if !reflect.DeepEqual(c.Behaviour.Ranges, wantRanges) {
		t.Errorf("ranges %v, want %v", c.Behaviour.Ranges, wantRanges)
	}
	if !reflect.DeepEqual(c.Behaviour.OpenEnds, []Point{{0, 1}}) || !c.Behaviour.Marked {
		t.Errorf("open ends %v, marked %v; want [{0 1}], true", c.Behaviour.OpenEnds, c.Behaviour.Marked)
	}
	if got, want := classes(c.Marks), []string{"exact", "lower", "about", "upper"}; !reflect.DeepEqual(got, want) {
		t.Errorf("legend %v, want %v", got, want)
	}
	it := items(option(t, c), 0)
	blue := Palette[0]
	style := func(i int) map[string]any {
		s, _ := it[i]["itemStyle"].(map[string]any)
		if s == nil {
			t.Fatalf("item %d has no itemStyle: %v", i, it[i])
		}
		return s
	}
	if s := style(0); s["color"] != blue || s["borderWidth"] != nil {
		t.Errorf("exact: %v, want solid %s", s, blue)
	}
	if label, _ := it[1]["label"].(map[string]any); label["distance"] != 17.0 {
		t.Errorf("lower bound: label %v, want room for the arrowhead", it[1]["label"])
	}
	if s := style(2); s["color"] != tint(blue, 0.35) || s["borderColor"] != blue {
		t.Errorf("about: %v, want a light fill and an outline", s)
	}
	if s := style(3); s["color"] != "rgba(0,0,0,0)" || s["borderColor"] != blue {
		t.Errorf("up to: %v, want an outline only", s)
	}
	if _, ok := it[4]["itemStyle"]; ok {
		t.Errorf("a range with no figure has a dot style: %v", it[4])
	}
	if len(c.Notes) != 1 || !strings.Contains(c.Notes[0], "from the lowest figure a source gives to its highest") {
		t.Errorf("notes %q, want the note on the lines", c.Notes)
	}
	exact := dotChart(t, &aggregate.Table{Rows: []aggregate.Row{row("A", n(1), "exact"), row("B", n(2), "exact")}})
	if exact.Marks != nil || exact.Notes != nil || exact.Behaviour.Ranges != nil {
		t.Errorf("exact figures, no range: marks %v, notes %v, ranges %v; want none", exact.Marks, exact.Notes, exact.Behaviour.Ranges)
	}
}

// TestDotTexts: labels, tooltips, figures as text and data rows say each
// figure as its source gives it, one per row; nothing is added up.
func TestDotTexts(t *testing.T) {
	c := dotChart(t, estimates())
	wantFig := []string{"613", "at least 161", "about 800", "up to 90", "500–1,000", "485"}
	for i, w := range wantFig {
		if got := c.Behaviour.Labels[0][i]; got != w {
			t.Errorf("label %d %q, want %q", i, got, w)
		}
		if tip := c.Behaviour.Tooltips[0][i]; !strings.HasPrefix(tip, string(rune('A'+i))+": "+w) || !strings.Contains(tip, "Source: s") {
			t.Errorf("tooltip %d %q, want the item, %q and its source", i, tip, w)
		}
	}
	if len(c.Text) != 6 || len(c.Data) != 6 {
		t.Fatalf("%d text rows, %d data rows; want 6 each, one per figure", len(c.Text), len(c.Data))
	}
	for i, w := range wantFig {
		if c.Text[i].Figure != w || c.Data[i].Stated != w {
			t.Errorf("row %d: text %q, data %q; want %q", i, c.Text[i].Figure, c.Data[i].Stated, w)
		}
	}
	d := c.Data[4]
	if d.Value != nil || *d.Min != 500 || *d.Max != 1000 || d.Qualifier != "range" || d.Total != nil {
		t.Errorf("range data row %+v, want no value, 500–1000, range, no running total", d)
	}
}

// TestDotSeveralQueries: one series per query, each in its colour, with a
// legend of series; items shared by the queries share a row.
func TestDotSeveralQueries(t *testing.T) {
	a := &aggregate.Table{Rows: []aggregate.Row{{Key: "X", Value: n(3), Qualifier: "exact"}, {Key: "Y", Value: n(5), Qualifier: "exact"}}}
	b := &aggregate.Table{Rows: []aggregate.Row{{Key: "Y", Value: n(4), Qualifier: "exact"}}}
	// The series names are the queries' (config.yaml's words).
	spec := config.Chart{ID: "d", Type: "dot", Title: "Killed, as each source reports it",
		Queries: []config.Query{{Series: "Claimed"}, {Series: "Listed"}}}
	c, err := Build(spec, []*aggregate.Table{a, b}, labeler(t))
	if err != nil {
		t.Fatal(err)
	}
	o := option(t, c)
	series := o["series"].([]any)
	if len(series) != 2 || series[0].(map[string]any)["name"] != "Claimed" || series[1].(map[string]any)["name"] != "Listed" {
		t.Fatalf("series %v, want Claimed and Listed", series)
	}
	if got := series[1].(map[string]any)["itemStyle"].(map[string]any)["color"]; got != Palette[1] {
		t.Errorf("second series colour %v, want %s", got, Palette[1])
	}
	if got := items(o, 1)[1]["value"]; !reflect.DeepEqual(got, []any{4.0, 1.0}) {
		t.Errorf("Listed Y at %v, want [4 1] (the row of Y)", got)
	}
	if legend := o["legend"].(map[string]any); legend["show"] != true {
		t.Errorf("legend %v, want shown for two series", legend)
	}
}
