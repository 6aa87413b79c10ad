package build

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dashgen/dashgen/internal/aggregate"
	"github.com/dashgen/dashgen/internal/config"
	"github.com/dashgen/dashgen/internal/dataset"
	"github.com/dashgen/dashgen/internal/diag"
)

// TestHiddenDisagreementsAsEveryPair holds warnHiddenDisagreements, which
// finds figures shown side by side from the charts each figure is in, to
// the way it was written before (a set of every pair of figures a chart
// shows, the square of its rows): on random data and random charts, the
// same warnings in the same order.
func TestHiddenDisagreementsAsEveryPair(t *testing.T) {
	rng := rand.New(rand.NewPCG(18, 1))
	warnings := 0
	for round := range 60 {
		data := randomFigures(t, rng, 5+rng.IntN(40))
		var shown []shownFigures
		for c := range 1 + rng.IntN(5) {
			var tables []*aggregate.Table
			for range 1 + rng.IntN(2) {
				tab := &aggregate.Table{}
				for range rng.IntN(12) {
					id := ""
					if rng.IntN(8) > 0 { // a row of no figure (a count) now and then
						id = data.Figures[rng.IntN(len(data.Figures))].ID
					}
					tab.Rows = append(tab.Rows, aggregate.Row{Figure: id})
				}
				tables = append(tables, tab)
			}
			shown = append(shown, shownFigures{fmt.Sprintf("dashboards[0].charts[%d]", c), tables})
		}
		cfg := &config.Config{Path: "config.yaml"}
		got, want := &diag.List{}, &diag.List{}
		warnHiddenDisagreements(context.Background(), cfg, data, shown, got)
		everyPair(cfg, data, shown, want)
		if !reflect.DeepEqual(got.Items(), want.Items()) {
			t.Fatalf("round %d: warnings differ\ngot:\n%s\nwant:\n%s", round, diag.Format(got.Items()), diag.Format(want.Items()))
		}
		warnings += len(want.Items())
	}
	if warnings < 20 {
		t.Fatalf("%d warnings in all the rounds: the data hardly tests anything", warnings)
	}
	t.Logf("%d warnings", warnings)
}

// randomFigures loads n figures of one event, two groups and three
// sources, with values that often agree.
func randomFigures(t *testing.T, rng *rand.Rand, n int) *dataset.Data {
	t.Helper()
	var b strings.Builder
	b.WriteString("id,event,measure,group,parent,breakdown,value,qualifier,min,max,unit,as_of,source,attributed_to,wording,note\n")
	groups := []string{"all", "women"}
	sources := []string{"s1", "s2", "s3", "s1;s2"}
	for i := range n {
		q := "exact"
		if rng.IntN(4) == 0 {
			q = "about"
		}
		fmt.Fprintf(&b, "f%d,ev,killed,%s,,,%d,%s,,,persons,2016,%s,,,\n", i, groups[rng.IntN(2)], 1+rng.IntN(3), q, sources[rng.IntN(len(sources))])
	}
	fsys := fstest.MapFS{
		"figures.csv": {Data: []byte(b.String())},
		"sources.csv": {Data: []byte("id,title,publisher,kind,published,url,accessed,note,label\ns1,One,,ngo,,,,,\ns2,Two,,ngo,,,,,\ns3,Three,,ngo,,,,,\n")},
		"events.csv":  {Data: []byte("id,name,place,start,end,population,population_source,note,population_label\nev,E,P,,,,,,\n")},
	}
	data, l := dataset.Load(dataset.Spec{FS: fsys, Shown: "data", Figures: []dataset.FigureFile{{Name: "f", File: "figures.csv"}}})
	if l.HasErrors() {
		t.Fatal(diag.Format(l.Items()))
	}
	return data
}

// everyPair is warnHiddenDisagreements as it was before issue 18.
func everyPair(cfg *config.Config, data *dataset.Data, shown []shownFigures, l *diag.List) {
	type quantity struct{ event, measure, group, unit string }
	byQuantity := map[quantity][]*dataset.Figure{}
	for _, f := range data.Figures {
		q := quantity{f.Event, f.Measure, f.Group, f.Unit}
		byQuantity[q] = append(byQuantity[q], f)
	}
	together := map[[2]string]bool{}
	for _, s := range shown {
		var ids []string
		for _, t := range s.tables {
			for _, r := range t.Rows {
				if r.Figure != "" {
					ids = append(ids, r.Figure)
				}
			}
		}
		for _, a := range ids {
			for _, b := range ids {
				together[[2]string{a, b}] = true
			}
		}
	}
	warned := map[string]bool{}
	for _, s := range shown {
		for _, t := range s.tables {
			for _, r := range t.Rows {
				if r.Figure == "" || warned[s.key+r.Figure] {
					continue
				}
				f := data.Figure(r.Figure)
				for _, g := range byQuantity[quantity{f.Event, f.Measure, f.Group, f.Unit}] {
					if g == f || sameSources(f, g) || !disagree(f, g) || together[[2]string{f.ID, g.ID}] {
						continue
					}
					warned[s.key+f.ID] = true
					l.KeyWarnf(diag.HiddenDisagreed, cfg.Path, s.key,
						"shows figure %q (%s) but %q gives %s for the same measure and group, and no chart shows the two side by side; add a chart that compares the sources",
						f.ID, figureText(f), g.ID, figureText(g))
					break
				}
			}
		}
	}
}

func TestMeet(t *testing.T) {
	for _, c := range []struct {
		a, b []int
		want bool
	}{
		{nil, nil, false},
		{[]int{1}, nil, false},
		{[]int{1, 3, 5}, []int{2, 4, 6}, false},
		{[]int{1, 3, 5}, []int{0, 5}, true},
		{[]int{2}, []int{0, 1, 2}, true},
		{[]int{0, 1, 2}, []int{3}, false},
	} {
		if got := meet(c.a, c.b); got != c.want {
			t.Errorf("meet(%v, %v) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}
