package charts

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/dashgen/dashgen/internal/aggregate"
	"github.com/dashgen/dashgen/internal/config"
	"github.com/dashgen/dashgen/internal/dataset"
	"github.com/dashgen/dashgen/internal/i18n"
)

// testLabeler gives the English words of the qualifiers and the ids
// themselves for everything else.
type testLabeler struct{ loc *i18n.Locale }

func (l testLabeler) Label(vocabulary, id string) string {
	if vocabulary == "qualifier" {
		return map[string]string{"at_least": "at least", "more_than": "more than", "about": "about",
			"up_to": "up to", "range": "range", "unknown": "not reported"}[id]
	}
	return id
}

func (l testLabeler) Locale() *i18n.Locale { return l.loc }

func labeler(t *testing.T) testLabeler {
	t.Helper()
	loc, err := i18n.Load("en", nil)
	if err != nil {
		t.Fatal(err)
	}
	return testLabeler{loc}
}

func n(v int64) *int64 { return &v }

func row(label string, value *int64, q string) aggregate.Row {
	return aggregate.Row{Key: label, Value: value, Qualifier: q, Sources: []string{"s"}}
}

// TestEveryQualifierHasAMark: each qualifier of the data model (and the
// empty qualifier of a count of records) has a style, whose words exist in
// every language dashgen ships, translated; a qualifier with no style
// fails loudly.
func TestEveryQualifierHasAMark(t *testing.T) {
	locs := map[string]*i18n.Locale{}
	for _, lang := range []string{"en", "az", "ru"} {
		l, err := i18n.Load(lang, nil)
		if err != nil {
			t.Fatal(err)
		}
		locs[lang] = l
	}
	for _, q := range append([]string{""}, dataset.Qualifiers...) {
		m, err := MarkFor(q)
		if err != nil {
			t.Errorf("MarkFor(%q): %v", q, err)
			continue
		}
		if m.None {
			if q != "unknown" {
				t.Errorf("MarkFor(%q) draws nothing; only a figure that is not reported may", q)
			}
			continue
		}
		en := locs["en"].T("mark_" + m.Class)
		for _, lang := range []string{"az", "ru"} {
			if w := locs[lang].T("mark_" + m.Class); w == en {
				t.Errorf("mark_%s in %s is the English %q", m.Class, lang, w)
			}
		}
	}
	want := map[string]string{"": "exact", "exact": "exact", "at_least": "lower", "more_than": "lower",
		"about": "about", "up_to": "upper", "range": "range", "unknown": "none"}
	for q, class := range want {
		if m, _ := MarkFor(q); m.Class != class {
			t.Errorf("MarkFor(%q).Class = %q, want %q", q, m.Class, class)
		}
	}
	_, err := MarkFor("roughly")
	if err == nil || err.Error() != `charts: qualifier "roughly" has no mark style; add it to qualifierClass` {
		t.Errorf(`MarkFor("roughly") = %v, want the error naming the qualifier`, err)
	}
	spec := config.Chart{ID: "x", Type: "bar", Title: "X"}
	tb := &aggregate.Table{Rows: []aggregate.Row{row("A", n(3), "roughly")}}
	if _, err := Build(spec, []*aggregate.Table{tb}, labeler(t)); err == nil || !strings.Contains(err.Error(), `qualifier "roughly" has no mark style`) {
		t.Errorf("Build with an unknown qualifier: %v, want the mark style error", err)
	}
}

// TestMarkStylesDifferBeyondHue: no two styles differ only in colour, so
// the difference survives grayscale print and every kind of colour vision.
func TestMarkStylesDifferBeyondHue(t *testing.T) {
	type look struct {
		fill                           float64
		outline, hatch, openEnd, split bool
	}
	seen := map[look]string{}
	for _, m := range MarkStyles() {
		if m.None {
			continue
		}
		l := look{m.Fill, m.Outline, m.Hatch, m.OpenEnd, m.Split}
		if other, ok := seen[l]; ok {
			t.Errorf("styles %s and %s look alike", other, m.Class)
		}
		seen[l] = m.Class
	}
}

func option(t *testing.T, c *Chart) map[string]any {
	t.Helper()
	b, err := json.Marshal(c.Option)
	if err != nil {
		t.Fatal(err)
	}
	var o map[string]any
	if err := json.Unmarshal(b, &o); err != nil {
		t.Fatal(err)
	}
	return o
}

func items(o map[string]any, series int) []map[string]any {
	var out []map[string]any
	for _, d := range o["series"].([]any)[series].(map[string]any)["data"].([]any) {
		out = append(out, d.(map[string]any))
	}
	return out
}

func classes(ms []Mark) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Class)
	}
	return out
}

// TestCountAxesAreWhole: every chart kind with a value axis (bars either
// way, the timeline) ticks at whole numbers only; category axes are left
// alone.
func TestCountAxesAreWhole(t *testing.T) {
	lab := labeler(t)
	small := &aggregate.Table{Rows: []aggregate.Row{row("A", n(1), "exact"), row("B", n(2), "exact")}}
	long := &aggregate.Table{Rows: []aggregate.Row{row("A label longer than twelve", n(1), "exact"), row("B", n(2), "exact")}}
	timeline := &aggregate.Table{Of: aggregate.Years, Rows: []aggregate.Row{
		{Name: "2021", Value: n(1), Cumulative: 1}, {Name: "2022", Value: n(1), Cumulative: 2}}}
	for _, tc := range []struct {
		name, typ, valueAxis string
		table                *aggregate.Table
	}{
		{"vertical bars", "bar", "yAxis", small},
		{"horizontal bars", "bar", "xAxis", long},
		{"timeline", "timeline", "yAxis", timeline},
	} {
		c, err := Build(config.Chart{ID: "c", Type: tc.typ, Title: "C"}, []*aggregate.Table{tc.table}, lab)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		o := option(t, c)
		for _, key := range []string{"xAxis", "yAxis"} {
			ax := o[key].([]any)[0].(map[string]any)
			got, has := ax["minInterval"]
			if key == tc.valueAxis {
				if got != 1.0 || ax["type"] != "value" {
					t.Errorf("%s: value axis %s has minInterval %v, type %v; want 1, value", tc.name, key, got, ax["type"])
				}
			} else if has {
				t.Errorf("%s: category axis %s has minInterval %v", tc.name, key, got)
			}
		}
	}
}

// TestMixedQualifiersBar: each bar carries the style of its qualifier, the
// lower bound its open end, and the legend lists exactly the styles used,
// in the table's order.
func TestMixedQualifiersBar(t *testing.T) {
	rng := row("E", nil, "range")
	rng.Min, rng.Max = n(500), n(1000)
	tb := &aggregate.Table{Rows: []aggregate.Row{
		row("A", n(613), "exact"), row("B", n(161), "at_least"), row("C", n(800), "about"),
		row("D", n(90), "up_to"), rng, row("F", nil, "unknown"),
	}}
	c, err := Build(config.Chart{ID: "c", Type: "bar", Title: "C"}, []*aggregate.Table{tb}, labeler(t))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := classes(c.Marks), []string{"exact", "lower", "about", "upper", "range"}; !reflect.DeepEqual(got, want) {
		t.Errorf("legend %v, want %v", got, want)
	}
	if !c.Behaviour.Marked || !reflect.DeepEqual(c.Behaviour.OpenEnds, []Point{{0, 1}}) {
		t.Errorf("behaviour: marked %v, open ends %v; want true, [{0 1}]", c.Behaviour.Marked, c.Behaviour.OpenEnds)
	}
	it := items(option(t, c), 0)
	style := func(i int) map[string]any {
		s, _ := it[i]["itemStyle"].(map[string]any)
		if s == nil {
			t.Fatalf("item %d has no itemStyle: %v", i, it[i])
		}
		return s
	}
	blue := Palette[0]
	if s := style(0); s["color"] != blue || s["decal"] != nil || s["borderWidth"] != nil {
		t.Errorf("exact: %v, want solid %s, no pattern or outline", s, blue)
	}
	if s := style(1); s["color"] != blue || it[1]["label"].(map[string]any)["distance"] != 17.0 {
		t.Errorf("lower bound: %v, label %v; want solid %s and room for the arrowhead", s, it[1]["label"], blue)
	}
	if s := style(2); s["color"] != tint(blue, 0.35) || s["borderColor"] != blue || s["decal"].(map[string]any)["color"] != blue {
		t.Errorf("about: %v, want a light fill, an outline and a hatch in %s", s, blue)
	}
	if s := style(3); s["color"] != "rgba(0,0,0,0)" || s["borderColor"] != blue || s["borderWidth"] != 2.0 {
		t.Errorf("up to: %v, want an outline only", s)
	}
	s := style(4)
	g, _ := s["color"].(map[string]any)
	if it[4]["value"] != 1000.0 || g == nil || g["type"] != "linear" {
		t.Fatalf("range: value %v, colour %v; want drawn to 1000 with a gradient", it[4]["value"], s["color"])
	}
	stops := g["colorStops"].([]any)
	at := func(i int) (float64, string) {
		st := stops[i].(map[string]any)
		return st["offset"].(float64), st["color"].(string)
	}
	o1, c1 := at(1)
	o2, c2 := at(2)
	if math.Abs(o1-0.5) > 1e-9 || math.Abs(o2-0.5) > 1e-9 || c1 != blue || c2 != tint(blue, 0.35) {
		t.Errorf("range: stops %v, want solid to 0.5 (500 of 1000) and lighter beyond", stops)
	}
	if _, ok := it[5]["itemStyle"]; ok {
		t.Errorf("a figure not reported has a style: %v", it[5])
	}
}

// TestLegendListsOnlyStylesUsed: exact and about give a legend of those two;
// exact figures only give none, and an option without item styles.
func TestLegendListsOnlyStylesUsed(t *testing.T) {
	lab := labeler(t)
	two := &aggregate.Table{Rows: []aggregate.Row{row("A", n(5), "exact"), row("B", n(7), "about"), row("C", n(2), "exact")}}
	c, err := Build(config.Chart{ID: "c", Type: "bar", Title: "C"}, []*aggregate.Table{two}, lab)
	if err != nil {
		t.Fatal(err)
	}
	if got := classes(c.Marks); !reflect.DeepEqual(got, []string{"exact", "about"}) {
		t.Errorf("legend %v, want [exact about]", got)
	}
	plain := &aggregate.Table{Rows: []aggregate.Row{row("A", n(5), "exact"), row("B", n(7), "")}}
	c, err = Build(config.Chart{ID: "c", Type: "bar", Title: "C"}, []*aggregate.Table{plain}, lab)
	if err != nil {
		t.Fatal(err)
	}
	if c.Marks != nil || c.Behaviour.Marked {
		t.Errorf("exact figures only: legend %v, marked %v; want none", classes(c.Marks), c.Behaviour.Marked)
	}
	for i, it := range items(option(t, c), 0) {
		if _, ok := it["itemStyle"]; ok {
			t.Errorf("exact figures only: item %d has a style of its own: %v", i, it)
		}
	}
}

// TestMixedQualifiersPieAndCards: slices and cards take their styles from
// the same table.
func TestMixedQualifiersPieAndCards(t *testing.T) {
	lab := labeler(t)
	tb := &aggregate.Table{PartOfWhole: true, Rows: []aggregate.Row{row("Male", n(70), "about"), row("Female", n(45), "exact")}}
	c, err := Build(config.Chart{ID: "p", Type: "pie", Title: "P"}, []*aggregate.Table{tb}, lab)
	if err != nil {
		t.Fatal(err)
	}
	it := items(option(t, c), 0)
	if s := it[0]["itemStyle"].(map[string]any); s["decal"] == nil || s["color"] != tint(Palette[0], 0.35) {
		t.Errorf("pie slice about: %v, want a light hatched fill", s)
	}
	if s := it[1]["itemStyle"].(map[string]any); s["color"] != Palette[1] || s["decal"] != nil {
		t.Errorf("pie slice exact: %v, want solid %s", s, Palette[1])
	}
	if got := classes(c.Marks); !reflect.DeepEqual(got, []string{"exact", "about"}) || !c.Behaviour.Marked {
		t.Errorf("pie legend %v (marked %v), want [exact about]", got, c.Behaviour.Marked)
	}

	lowerPie := &aggregate.Table{PartOfWhole: true, Rows: []aggregate.Row{row("Male", n(70), "exact"), row("Female", n(45), "at_least")}}
	c, err = Build(config.Chart{ID: "p", Type: "pie", Title: "P"}, []*aggregate.Table{lowerPie}, lab)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c.Behaviour.OpenEnds, []Point{{0, 1}}) {
		t.Errorf("pie open ends %v, want the lower bound's slice [{0 1}]", c.Behaviour.OpenEnds)
	}

	cards := &aggregate.Table{Rows: []aggregate.Row{row("Killed", n(120), "at_least"), row("Missing", n(15), "exact")}}
	c, err = Build(config.Chart{ID: "k", Type: "card", Title: "K"}, []*aggregate.Table{cards}, lab)
	if err != nil {
		t.Fatal(err)
	}
	if got := classes(c.Marks); !reflect.DeepEqual(got, []string{"exact", "lower"}) {
		t.Errorf("card legend %v, want [exact lower]", got)
	}
	if c.Cards[0].Mark == nil || c.Cards[0].Mark.Class != "lower" || c.Cards[1].Mark == nil || c.Cards[1].Mark.Class != "exact" {
		t.Errorf("cards' marks: %+v, %+v; want lower, exact", c.Cards[0].Mark, c.Cards[1].Mark)
	}
	exact := &aggregate.Table{Rows: []aggregate.Row{row("Missing", n(15), "exact")}}
	c, err = Build(config.Chart{ID: "k", Type: "card", Title: "K"}, []*aggregate.Table{exact}, lab)
	if err != nil {
		t.Fatal(err)
	}
	if c.Marks != nil || c.Cards[0].Mark != nil {
		t.Errorf("exact cards: legend %v, mark %+v; want none", classes(c.Marks), c.Cards[0].Mark)
	}
}

// TestTextStatesQualifiers: the figures as text (and so the chart's
// description) carry each figure's qualifier in words.
func TestTextStatesQualifiers(t *testing.T) {
	rng := row("E", nil, "range")
	rng.Min, rng.Max = n(500), n(1000)
	tb := &aggregate.Table{Rows: []aggregate.Row{row("A", n(613), "exact"), row("B", n(161), "at_least"),
		row("C", n(800), "about"), row("D", n(90), "up_to"), row("G", n(200), "more_than"), rng}}
	c, err := Build(config.Chart{ID: "c", Type: "bar", Title: "C"}, []*aggregate.Table{tb}, labeler(t))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range c.Text {
		got = append(got, r.Figure)
	}
	want := []string{"613", "at least 161", "about 800", "up to 90", "more than 200", "500–1,000"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("figures as text %q, want %q", got, want)
	}
}
