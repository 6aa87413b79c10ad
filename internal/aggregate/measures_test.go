package aggregate

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

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

func labels(tb *Table) []string {
	var out []string
	for _, r := range tb.Rows {
		out = append(out, r.Label)
	}
	return out
}

// A chart comparing several measures names every figure's measure, so a
// hedged range never reads as a count of the killed.
func TestSeveralMeasuresNameEachFigure(t *testing.T) {
	tb, err := Run(context.Background(), measureData(t), config.Query{Dataset: "figs", GroupBy: "source", Value: "value"}, idLabels{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"s1 (killed)", "s2 (killed, 1994)", "s2 (may_have_died, 1994)", "Officials, as reported by s2 (perished)", "s2 (killed, 1993)"}
	if got := labels(tb); !slices.Equal(got, want) {
		t.Errorf("labels\n got %q\nwant %q", got, want)
	}
}

// With one measure, labels stay as they were: no measure is added.
func TestOneMeasureAddsNoMeasure(t *testing.T) {
	tb, err := Run(context.Background(), measureData(t), config.Query{Dataset: "figs", Filter: map[string]any{"measure": "killed"}, GroupBy: "source", Value: "value"}, idLabels{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"s1", "s2 (1994)", "s2 (1993)"}
	if got := labels(tb); !slices.Equal(got, want) {
		t.Errorf("labels\n got %q\nwant %q", got, want)
	}
}

// Grouped by measure, the label is already the measure's: not repeated.
func TestGroupedByMeasureNotRepeated(t *testing.T) {
	tb, err := Run(context.Background(), measureData(t), config.Query{Dataset: "figs", Filter: map[string]any{"source": "s1"}, GroupBy: "measure", Value: "value"}, idLabels{})
	if err != nil {
		t.Fatal(err)
	}
	if got := labels(tb); !slices.Equal(got, []string{"killed"}) {
		t.Errorf("labels %q", got)
	}
}
