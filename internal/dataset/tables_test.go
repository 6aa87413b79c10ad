package dataset

import (
	"slices"
	"testing"
	"testing/fstest"
)

// TestTables: a load describes each file it read, in order, by its
// schema table: the columns of its header, in the header's order (an
// optional column the file lacks is not there), each with its type,
// whether a cell may be empty, what its ids name, and its vocabulary's
// values as the project declares them.
func TestTables(t *testing.T) {
	fsys := fstest.MapFS{
		"sources.csv": {Data: []byte("title,id,kind\nA report,r1,report\n")},
		"events.csv":  {Data: []byte("id,name\ne1,An event\n")},
		"casualties.csv": {Data: []byte("id,event,measure,group,value,qualifier,source,as_of\n" +
			"f1,e1,killed,all,10,exact,r1,1992-02\n")},
	}
	spec := Spec{FS: fsys, Shown: "data", Figures: []FigureFile{{Name: "casualties", File: "casualties.csv"}},
		Vocabulary: map[string][]string{"measure": {"killed", "drowned"}}}
	d, l := Load(spec)
	if d == nil {
		t.Fatalf("no data: %v", l.Items())
	}
	var names []string
	for _, tb := range d.Tables {
		names = append(names, tb.Name)
	}
	if !slices.Equal(names, []string{"sources.csv", "events.csv", "casualties.csv"}) {
		t.Fatalf("tables %v", names)
	}
	src := d.Tables[0]
	if !slices.Equal(src.Header, []string{"title", "id", "kind"}) || len(src.Columns) != 3 || src.Columns[0].Name != "title" {
		t.Errorf("sources: header %v columns %+v", src.Header, src.Columns)
	}
	want := []Column{
		{Name: "id", Type: CellID, Required: true},
		{Name: "event", Type: CellRef, Required: true, Ref: "event"},
		{Name: "measure", Type: CellVocab, Required: true, Vocabulary: "measure", Values: []string{"killed", "drowned"}},
		{Name: "group", Type: CellVocab, Required: true, Vocabulary: "group", Values: defaults("group")},
		{Name: "value", Type: CellInteger},
		{Name: "qualifier", Type: CellVocab, Required: true, Values: Qualifiers},
		{Name: "source", Type: CellList, Required: true, Ref: "source"},
		{Name: "as_of", Type: CellDate},
	}
	got := d.Tables[2].Columns
	if len(got) != len(want) {
		t.Fatalf("casualties: %d columns, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Name != w.Name || g.Type != w.Type || g.Required != w.Required || g.Ref != w.Ref || g.Vocabulary != w.Vocabulary || !slices.Equal(g.Values, w.Values) {
			t.Errorf("column %d: got %+v, want %+v", i, g, w)
		}
	}
}
