package charts

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/dashgen/dashgen/internal/aggregate"
	"github.com/dashgen/dashgen/internal/i18n"

	"github.com/dashgen/dashgen/internal/config"
	"github.com/dashgen/dashgen/internal/dataset"
)

// measureData has one source stating a count of the killed and a hedged
// range of those who may have died, and another stating one count.
func measureData(t *testing.T) *dataset.Data {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"sources.csv": "id,title,publisher,kind\ns1,Statement,Pub,statement\ns2,Report,NGO,ngo\n",
		"events.csv":  "id,name\nev,Event\n",
		"figures.csv": "id,event,measure,group,parent,breakdown,value,qualifier,min,max,source,as_of,attributed_to\n" +
			"k1,ev,killed,all,,,100,exact,,,s1,2016,\n" +
			"k2,ev,killed,all,,,50,more_than,,,s2,1994,\n" +
			"d2,ev,may_have_died,all,,,,range,40,90,s2,1994,\n" +
			"p2,ev,perished,all,,,80,about,,,s2,1993,Officials\n" +
			"q2,ev,killed,all,,,70,about,,,s2,1993,\n",
	}
	for n, b := range files {
		if err := os.WriteFile(filepath.Join(dir, n), []byte(b), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	d, l := dataset.Load(dataset.Spec{Dir: dir, Shown: "data", Figures: []dataset.FigureFile{{Name: "figs", File: "figures.csv"}},
		Vocabulary: map[string][]string{"measure": {"killed", "may_have_died", "perished"}}})
	if l.HasErrors() {
		t.Fatal(l.Items())
	}
	return d
}

// idWords word every id as itself, in English.
type idWords struct{ loc *i18n.Locale }

func (idWords) Label(vocabulary, id string) string { return id }
func (w idWords) Locale() *i18n.Locale             { return w.loc }

// labels runs a query and labels its rows in idWords.
func labels(t *testing.T, d *dataset.Data, q config.Query) []string {
	t.Helper()
	tb, err := aggregate.Run(context.Background(), d, q, nil)
	if err != nil {
		t.Fatal(err)
	}
	en, err := i18n.Load("en", nil)
	if err != nil {
		t.Fatal(err)
	}
	return rowLabels(tb, idWords{en})
}

// TestSameSourceFiguresStayApart: two figures of one source must not
// collapse into one bar; the label says what tells them apart.
func TestSameSourceFiguresStayApart(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"sources.csv": "id,title,publisher,kind\ns1,Statement,Pub,statement\ns2,Report,NGO,ngo\n",
		"events.csv":  "id,name,population,population_source\nev,Event,1000,s1\n",
		"figures.csv": "id,event,measure,group,parent,breakdown,value,qualifier,min,max,source,as_of,attributed_to\n" +
			"k,ev,killed,all,,,100,exact,,,s1,2016,\n" +
			"kw,ev,killed,women,k,overlap,20,exact,,,s1,2016,\n" +
			"h1,ev,killed,all,,,50,more_than,,,s2,1994,\n" +
			"h2,ev,killed,all,,,,range,40,90,s2,1994,\n" +
			"o,ev,killed,all,,,80,about,,,s2,1993,Officials\n",
	}
	for n, b := range files {
		if err := os.WriteFile(filepath.Join(dir, n), []byte(b), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	d, l := dataset.Load(dataset.Spec{Dir: dir, Shown: "data", Figures: []dataset.FigureFile{{Name: "figs", File: "figures.csv"}}})
	if l.HasErrors() {
		t.Fatal(l.Items())
	}
	got := map[string]bool{}
	for _, label := range labels(t, d, config.Query{Dataset: "figures", Filter: map[string]any{"parent": ""}, GroupBy: "source", Value: "value"}) {
		got[label] = true
	}
	for _, want := range []string{"s1", "s2 (more_than)", "s2 (range)", "Officials, as reported by s2"} {
		if !got[want] {
			t.Errorf("missing label %q in %v", want, got)
		}
	}
}

// A chart comparing several measures names every figure's measure, so a
// hedged range never reads as a count of the killed.
func TestSeveralMeasuresNameEachFigure(t *testing.T) {
	got := labels(t, measureData(t), config.Query{Dataset: "figs", GroupBy: "source", Value: "value"})
	want := []string{"s1 (killed)", "s2 (killed, 1994)", "s2 (may_have_died, 1994)", "Officials, as reported by s2 (perished)", "s2 (killed, 1993)"}
	if !slices.Equal(got, want) {
		t.Errorf("labels\n got %q\nwant %q", got, want)
	}
}

// With one measure, labels stay as they were: no measure is added.
func TestOneMeasureAddsNoMeasure(t *testing.T) {
	got := labels(t, measureData(t), config.Query{Dataset: "figs", Filter: map[string]any{"measure": "killed"}, GroupBy: "source", Value: "value"})
	want := []string{"s1", "s2 (1994)", "s2 (1993)"}
	if !slices.Equal(got, want) {
		t.Errorf("labels\n got %q\nwant %q", got, want)
	}
}

// Grouped by measure, the label is already the measure's: not repeated.
func TestGroupedByMeasureNotRepeated(t *testing.T) {
	got := labels(t, measureData(t), config.Query{Dataset: "figs", Filter: map[string]any{"source": "s1"}, GroupBy: "measure", Value: "value"})
	if !slices.Equal(got, []string{"killed"}) {
		t.Errorf("labels %q", got)
	}
}

// localeWords word ids with the default vocabulary of a language.
type localeWords struct{ loc *i18n.Locale }

func (w localeWords) Label(vocabulary, id string) string {
	if s, ok := w.loc.DefaultLabel(vocabulary, id); ok {
		return s
	}
	return id
}
func (w localeWords) Locale() *i18n.Locale { return w.loc }

// TestOneTableEveryLanguage: the tables of a query, run once, give each
// language its own words and its own order by label, and stay as they
// were for the next language.
func TestOneTableEveryLanguage(t *testing.T) {
	d := measureData(t)
	q := config.Query{Dataset: "figs", Filter: map[string]any{"source": "s2"}, GroupBy: "measure", Value: "value", Sort: "label", Series: "Said"}
	tb, err := aggregate.Run(context.Background(), d, q, nil)
	if err != nil {
		t.Fatal(err)
	}
	before := fmt.Sprintf("%+v", *tb)
	spec := config.Chart{ID: "c", Type: "bar", Title: "C", Queries: []config.Query{q}}
	want := map[string][]string{
		// Sorted by the words of each language, not by the ids.
		"en": {"Killed (1993)", "Killed (1994)", "may_have_died", "perished"},
		"ru": {"may_have_died", "perished", "Убитые (1993)", "Убитые (1994)"},
	}
	for _, lang := range []string{"en", "ru", "en"} {
		loc, err := i18n.Load(lang, nil)
		if err != nil {
			t.Fatal(err)
		}
		spec.Queries[0].Series = "Said in " + lang
		c, err := Build(spec, []*aggregate.Table{tb}, localeWords{loc})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range c.Data {
			got = append(got, r.Item)
			if r.Series != "Said in "+lang {
				t.Errorf("%s: series %q, want the spec's %q", lang, r.Series, "Said in "+lang)
			}
		}
		if !slices.Equal(got, want[lang]) {
			t.Errorf("%s: items %q, want %q", lang, got, want[lang])
		}
		if after := fmt.Sprintf("%+v", *tb); after != before {
			t.Fatalf("building the %s chart changed the shared table:\n%s\nwas\n%s", lang, after, before)
		}
	}
}
