package site

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/dashgen/dashgen/charts"
)

func mark(t *testing.T, q string) charts.Mark {
	t.Helper()
	m, err := charts.MarkFor(q)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestLegendOfMarks: a chart with qualified figures has a legend under it
// listing, in words, exactly the styles it uses, each with its swatch; a
// chart of exact figures has none; a card's figure carries the swatch of
// its style.
func TestLegendOfMarks(t *testing.T) {
	in := testInput()
	lower, about, exact := mark(t, "at_least"), mark(t, "about"), mark(t, "exact")
	card, bar := in.Dashboards[0].Charts[0], in.Dashboards[0].Charts[1]
	bar.Marks = []charts.Mark{exact, about}
	card.Marks = []charts.Mark{exact, lower}
	card.Cards = []charts.Card{{Label: "One", Value: "at least 1", Mark: &lower}, {Label: "Two", Value: "2", Mark: &exact}}
	plain := &charts.Chart{ID: "plain", Type: "bar", Title: "Plain", Option: bar.Option, Behaviour: bar.Behaviour, Text: bar.Text}
	in.Dashboards[0].Charts = append(in.Dashboards[0].Charts, plain)
	files, err := Render(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	var page string
	for _, f := range files {
		if f.Path == "d.html" {
			page = string(f.Data)
		}
	}
	section := func(id string) string {
		i := strings.Index(page, `id="chart-`+id+`"`)
		if i < 0 {
			t.Fatalf("no chart %s on the page", id)
		}
		s := page[i:]
		return s[:strings.Index(s, "</section>")]
	}
	items := regexp.MustCompile(`<li><svg class="swatch"[^>]*>.*?</svg> ([^<]*)</li>`)
	words := func(s string) []string {
		var out []string
		for _, m := range items.FindAllStringSubmatch(s, -1) {
			out = append(out, m[1])
		}
		return out
	}
	if got, want := words(section("bar")), []string{"exact figure", "about: an estimate"}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("bar legend %q, want %q", got, want)
	}
	if got, want := words(section("card")), []string{"exact figure", "at least, more than: may be higher"}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("card legend %q, want %q", got, want)
	}
	if s := section("plain"); strings.Contains(s, `class="marks"`) || strings.Contains(s, "swatch") {
		t.Errorf("a chart of exact figures has a legend of marks: %s", s)
	}
	if n := strings.Count(section("card"), `<div class="value"><svg class="swatch"`); n != 2 {
		t.Errorf("%d card figures carry a swatch, want 2", n)
	}
	// The swatches draw the styles as the chart does: an arrowhead for the
	// lower bound, hatch lines for about, and no style attribute.
	if !strings.Contains(string(swatch(lower)), "<path d=") || strings.Contains(string(swatch(exact)), "<path") {
		t.Errorf("only the lower bound's swatch has an arrowhead: %s / %s", swatch(lower), swatch(exact))
	}
	if !strings.Contains(string(swatch(about)), "<line") || strings.Contains(string(swatch(lower)), "<line") {
		t.Errorf("only the estimate's swatch is hatched: %s / %s", swatch(about), swatch(lower))
	}
	for _, m := range charts.MarkStyles() {
		if strings.Contains(string(swatch(m)), "style=") {
			t.Errorf("the swatch of %s has a style attribute, which the page's policy refuses", m.Class)
		}
	}
}

// TestDotLegend: a chart whose marks are dots (a dot plot) has a legend of
// dots drawn in each style: filled or not, split, hatched inside the dot,
// outlined, with the open end's arrowhead; bars keep their bars.
func TestDotLegend(t *testing.T) {
	in := testInput()
	dot := &charts.Chart{ID: "dots", Type: "dot", Title: "Dots", Option: in.Dashboards[0].Charts[1].Option,
		Behaviour: in.Dashboards[0].Charts[1].Behaviour, Text: in.Dashboards[0].Charts[1].Text,
		Marks: []charts.Mark{mark(t, "exact"), mark(t, "at_least"), mark(t, "about"), mark(t, "up_to"), mark(t, "range")}}
	in.Dashboards[0].Charts = append(in.Dashboards[0].Charts, dot)
	files, err := Render(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	var page string
	for _, f := range files {
		if f.Path == "d.html" {
			page = string(f.Data)
		}
	}
	i := strings.Index(page, `id="chart-dots"`)
	if i < 0 {
		t.Fatal("no dot plot on the page")
	}
	section := page[i:]
	section = section[:strings.Index(section, "</section>")]
	if n := strings.Count(section, `<li><svg class="swatch" width="24"`); n != 5 || strings.Contains(section, "<rect") {
		t.Errorf("%d dot swatches in the dot plot's legend, want 5 and no bar: %s", n, section)
	}
	if !strings.Contains(section, "</svg> range: a figure within the range its line spans, half solid, half lighter</li>") {
		t.Errorf("the dot plot's legend does not say what a split dot is: %s", section)
	}
	for _, tc := range []struct {
		q                          string
		fill, arrow, hatch, border bool
	}{
		{"exact", true, false, false, false},
		{"at_least", true, true, false, false},
		{"about", true, false, true, true},
		{"up_to", false, false, false, true},
		{"range", true, false, false, true},
	} {
		s := string(dotSwatch(mark(t, tc.q)))
		filled := strings.Contains(s, `<circle cx="8" cy="7" r="5.5" fill="#`)
		if filled != tc.fill || strings.Contains(s, "<path d=\"M16") != tc.arrow ||
			strings.Contains(s, "<line") != tc.hatch || strings.Contains(s, `stroke-width="1.5"`) != tc.border {
			t.Errorf("%s: dot swatch %s; want fill %v, arrowhead %v, hatch %v, outline %v", tc.q, s, tc.fill, tc.arrow, tc.hatch, tc.border)
		}
		if strings.Contains(s, "style=") {
			t.Errorf("%s: the dot swatch has a style attribute, which the page's policy refuses", tc.q)
		}
	}
	if strings.Contains(section, "lighter to the highest") {
		t.Errorf("the dot plot's legend uses the bar's words for a range")
	}
	if s := string(dotSwatch(mark(t, "range"))); !strings.Contains(s, " A5.5 5.5 0 0 1 ") {
		t.Errorf("range: dot swatch %s, want a lighter right half", s)
	}
}
