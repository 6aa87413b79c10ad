package aggregate

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/dashgen/dashgen/internal/config"
	"github.com/dashgen/dashgen/internal/dataset"
	"github.com/dashgen/dashgen/internal/diag"
)

func testData(t *testing.T) *dataset.Data {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"sources.csv": "id,title,publisher,kind\ns1,Statement,Pub,statement\ns2,Report,NGO,ngo\n",
		"events.csv":  "id,name,population,population_source\nev,Event,1000,s1\n",
		"figures.csv": "id,event,measure,group,parent,breakdown,value,qualifier,min,max,source,as_of,attributed_to\n" +
			"k,ev,killed,all,,,100,exact,,,s1,2016,\n" +
			"kw,ev,killed,women,k,overlap,20,exact,,,s1,2016,\n" +
			"m,ev,killed,male,k,partition,60,exact,,,s1,2016,\n" +
			"f,ev,killed,female,k,partition,40,exact,,,s1,2016,\n" +
			"h1,ev,killed,all,,,50,more_than,,,s2,1994,\n" +
			"h2,ev,killed,all,,,,range,40,90,s2,1994,\n" +
			"o,ev,killed,all,,,80,about,,,s2,1993,Officials\n",
		"recognitions.csv": "id,event,jurisdiction,level,body,date,term,status,source\n" +
			"r1,ev,A,country,Senate,2011-12,genocide,reported,s1\n" +
			"r2,ev,B,country,Senate,2013,genocide;massacre,reported,s2\n" +
			"r3,ev,C,subnational,House,,,reported,s1\n",
	}
	for n, b := range files {
		os.WriteFile(filepath.Join(dir, n), []byte(b), 0o644)
	}
	d, l := dataset.Load(dataset.Spec{Dir: dir, Shown: "data", Figures: []dataset.FigureFile{{Name: "figs", File: "figures.csv"}}})
	if l.HasErrors() {
		t.Fatal(l.Items())
	}
	return d
}

func TestSharesAndOverlap(t *testing.T) {
	d := testData(t)
	tb, err := Run(context.Background(), d, config.Query{Dataset: "figs", Filter: map[string]any{"source": "s1", "group": []any{"all", "women"}}, GroupBy: "group", Value: "value", Share: "parent"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(tb.Rows) != 2 || !tb.Overlap || tb.PartOfWhole {
		t.Fatalf("rows %d overlap %v whole %v", len(tb.Rows), tb.Overlap, tb.PartOfWhole)
	}
	if sh := tb.Rows[1].Share; sh == nil || sh.Percent != 20 || sh.Of != 100 {
		t.Fatalf("share of parent: %+v", sh)
	}
	if tb.Rows[0].Share != nil {
		t.Fatal("a total has no parent share")
	}
}

func TestPartitionIsPartOfWhole(t *testing.T) {
	d := testData(t)
	tb, _ := Run(context.Background(), d, config.Query{Dataset: "figs", Filter: map[string]any{"breakdown": "partition"}, GroupBy: "group", Value: "value"}, nil)
	if len(tb.Rows) != 2 || tb.Overlap || !tb.PartOfWhole {
		t.Fatalf("partition: %+v", tb)
	}
}

// TestSameSourceFiguresStayApart: two figures of one source stay two
// rows, each with the cells that tell them apart (charts words them:
// TestSameSourceFiguresStayApart in charts).
func TestSameSourceFiguresStayApart(t *testing.T) {
	d := testData(t)
	tb, _ := Run(context.Background(), d, config.Query{Dataset: "figures", Filter: map[string]any{"parent": ""}, GroupBy: "source", Value: "value"}, nil)
	var got []string
	for _, r := range tb.Rows {
		got = append(got, r.Figure+"|"+r.Key+"|"+r.Qualifier+"|"+r.AttributedTo)
	}
	want := []string{"k|s1|exact|", "h1|s2|more_than|", "h2|s2|range|", "o|s2|about|Officials"}
	if !slices.Equal(got, want) || tb.Of != Figures || tb.GroupBy != "source" {
		t.Errorf("rows %q of %v by %q, want %q of figures by source", got, tb.Of, tb.GroupBy, want)
	}
	if len(tb.Sources) != 2 {
		t.Errorf("sources %v", tb.Sources)
	}
}

func TestCountsAndTimeline(t *testing.T) {
	d := testData(t)
	tb, _ := Run(context.Background(), d, config.Query{Dataset: Recognitions, GroupBy: "term", Value: "count"}, nil)
	counts := map[string]int64{}
	for _, r := range tb.Rows {
		counts[r.Key] = *r.Value
	}
	if counts["genocide"] != 2 || counts["massacre"] != 1 || counts[""] != 1 || !tb.Overlap {
		t.Fatalf("term counts %v overlap %v", counts, tb.Overlap)
	}
	tl, _ := Run(context.Background(), d, config.Query{Dataset: Recognitions, GroupBy: "date", Value: "count", Cumulative: true}, nil)
	if len(tl.Rows) != 3 || tl.Rows[2].Key != "2013" || tl.Rows[2].Cumulative != 2 || tl.Rows[1].Cumulative != 1 {
		t.Fatalf("timeline %+v", tl.Rows)
	}
	if len(tl.Undated) != 1 || tl.Undated[0] != "C" {
		t.Fatalf("undated %v", tl.Undated)
	}
}

func TestCheckRejectsSummingFigures(t *testing.T) {
	p := Check(config.Query{Dataset: "figs", GroupBy: "group", Value: "count"}, []string{"figs"})
	if len(p) != 1 {
		t.Fatalf("problems %v", p)
	}
	p = Check(config.Query{Dataset: "nope", GroupBy: "group", Value: "value"}, []string{"figs"})
	if len(p) != 1 || p[0] != (Problem{"dataset", diag.UnknownDataset, `unknown dataset "nope" (known: figures, recognitions, figs)`}) {
		t.Fatalf("problems %v", p)
	}
}

// TestTablesHoldNoDatasetPointers: a table is ids and numbers; nothing in
// it points back into the loader's types, so charts, site and build never
// reach past aggregate into dataset.
func TestTablesHoldNoDatasetPointers(t *testing.T) {
	seen := map[reflect.Type]bool{}
	var walk func(path string, ty reflect.Type)
	walk = func(path string, ty reflect.Type) {
		if seen[ty] {
			return
		}
		seen[ty] = true
		if strings.HasSuffix(ty.PkgPath(), "/internal/dataset") {
			t.Errorf("%s is a %s", path, ty)
		}
		switch ty.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Array:
			walk(path+"[]", ty.Elem())
		case reflect.Map:
			walk(path+"[key]", ty.Key())
			walk(path+"[]", ty.Elem())
		case reflect.Struct:
			for i := range ty.NumField() {
				walk(path+"."+ty.Field(i).Name, ty.Field(i).Type)
			}
		case reflect.Interface, reflect.Func, reflect.Chan:
			t.Errorf("%s is a %s, which could hold anything", path, ty)
		}
	}
	walk("Table", reflect.TypeOf(Table{}))
}

// TestRowsCarryTheirCells: every row carries the raw cells of the columns
// asked for, in their order, and a share names its whole by id.
func TestRowsCarryTheirCells(t *testing.T) {
	d := testData(t)
	tb, err := Run(context.Background(), d, config.Query{Dataset: Recognitions, GroupBy: "jurisdiction", Value: "each"}, []string{"jurisdiction", "term", "date", "nope"})
	if err != nil {
		t.Fatal(err)
	}
	var got [][]string
	for _, r := range tb.Rows {
		got = append(got, r.Cells)
	}
	want := [][]string{{"A", "genocide", "2011-12", ""}, {"B", "genocide;massacre", "2013", ""}, {"C", "", "", ""}}
	if !reflect.DeepEqual(got, want) || tb.Of != Records || tb.Rows[1].Name != "B" {
		t.Errorf("cells %q of %v (row 2 named %q), want %q of records named B", got, tb.Of, tb.Rows[1].Name, want)
	}
	tb, err = Run(context.Background(), d, config.Query{Dataset: "figs", Filter: map[string]any{"group": "women"}, GroupBy: "group", Value: "value", Share: "parent"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r := tb.Rows[0]; r.Cells != nil || r.Share == nil || r.Share.Whole != (Whole{"measure", "killed"}) || r.Measure != "killed" || r.AsOf != "2016" {
		t.Errorf("row %+v, share %+v; want no cells and a share of the measure killed", r, r.Share)
	}
	tb, err = Run(context.Background(), d, config.Query{Dataset: "figs", Filter: map[string]any{"group": "women"}, GroupBy: "group", Value: "value", Share: "population"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sh := tb.Rows[0].Share; sh == nil || sh.Whole != (Whole{"population", "ev"}) || sh.Of != 1000 {
		t.Errorf("share %+v; want 2%% of the population of event ev", sh)
	}
}
