package diff

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dashgen/dashgen/internal/dataset"
)

const (
	sources = "id,title,kind\ns1,One,statement\ns2,Two,ngo\n"
	events  = "id,name\nev,An event\n"
	figHead = "id,event,measure,group,parent,breakdown,value,qualifier,min,max,unit,as_of,source,attributed_to,wording,note\n"
	recs    = "id,event,jurisdiction,level,body,date,term,status,source\n" +
		"r1,ev,Somewhere,country,Parliament,2010,genocide,documented,s1\n"
)

// data loads files (name → content) with the figures files figures,
// and fails the test on any error.
func data(t testing.TB, files map[string]string, figures ...string) *dataset.Data {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, s := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(s)}
	}
	spec := dataset.Spec{FS: fsys, Shown: "data"}
	for _, f := range figures {
		spec.Figures = append(spec.Figures, dataset.FigureFile{Name: strings.TrimSuffix(f, ".csv"), File: f})
	}
	d, l := dataset.Load(spec)
	if d == nil || l.HasErrors() {
		t.Fatalf("load: %v", l.Err())
	}
	return d
}

// project is a small project's files with the rows of a.csv and b.csv.
func project(a, b string) map[string]string {
	return map[string]string{"sources.csv": sources, "events.csv": events, "recognitions.csv": recs,
		"a.csv": figHead + a, "b.csv": figHead + b}
}

func show(ch []Change) string {
	var b strings.Builder
	for _, c := range ch {
		fmt.Fprintf(&b, "%s %s %s %s", c.Kind, c.Table, c.File, c.ID)
		for _, f := range c.Fields {
			fmt.Fprintf(&b, " %s:%q→%q", f.Name, f.Old, f.New)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

const (
	rowK  = "k,ev,killed,all,,,613,exact,,,,1992,s1,,,\n"
	rowW  = "w,ev,wounded,all,,,487,exact,,,,1992,s1,,,\n"
	rowH  = "h,ev,taken_hostage,all,,,1275,about,,,,1992,s2,,,\n"
	rowZ  = "z,ev,killed,women,k,overlap,106,exact,,,,1992,s1,,,\n"
	rowK2 = "k,ev,killed,all,,,,range,600,614,,1992,s1;s2,,\"about 600 to 614\",\n"
)

func TestCompareNoChange(t *testing.T) {
	d := data(t, project(rowK+rowW, rowH), "a.csv", "b.csv")
	if ch := Compare(d, d); len(ch) != 0 {
		t.Fatalf("changes of data against itself:\n%s", show(ch))
	}
	e := data(t, project(rowK+rowW, rowH), "a.csv", "b.csv")
	if ch := Compare(d, e); len(ch) != 0 {
		t.Fatalf("changes of data against the same data loaded again:\n%s", show(ch))
	}
}

// TestCompareEveryKind: added, removed and changed records of every kind
// of file, each changed column by name in schema order, the tables in
// order and each by id.
func TestCompareEveryKind(t *testing.T) {
	old := data(t, project(rowZ+rowK+rowW, rowH), "a.csv", "b.csv")
	nf := project(rowK2+"a0,ev,killed,men,,,1,exact,,,,1992,s1,,,\n", rowH)
	nf["recognitions.csv"] = strings.Replace(recs, "documented", "disputed", 1) +
		"r0,ev,Elsewhere,country,Senate,2012,genocide,documented,s2\n"
	nf["sources.csv"] = "id,title,kind\ns1,One (revised),statement\ns2,Two,ngo\n"
	nf["events.csv"] = "id,name,population,population_source\nev,An event,7000,s1\n"
	got := show(Compare(old, data(t, nf, "a.csv", "b.csv")))
	want := `added figures a.csv a0
changed figures a.csv k value:"613"→"" qualifier:"exact"→"range" min:""→"600" max:""→"614" source:"s1"→"s1;s2" wording:""→"about 600 to 614"
removed figures a.csv w
removed figures a.csv z
added recognitions recognitions.csv r0
changed recognitions recognitions.csv r1 status:"documented"→"disputed"
changed events events.csv ev population:""→"7000" population_source:""→"s1"
changed sources sources.csv s1 title:"One"→"One (revised)"
`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestCompareMovedFigure: a figure moved to another figures file is a
// change of its file (and of any other column), not a removal and an
// addition.
func TestCompareMovedFigure(t *testing.T) {
	old := data(t, project(rowK+rowW, rowH), "a.csv", "b.csv")
	moved := strings.Replace(rowW, "487", "488", 1)
	got := show(Compare(old, data(t, project(rowK, rowH+moved), "a.csv", "b.csv")))
	want := "changed figures b.csv w file:\"a.csv\"→\"b.csv\" value:\"487\"→\"488\"\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	ch := Compare(old, data(t, project(rowK, rowH+moved), "a.csv", "b.csv"))
	if ch[0].Old.File != "data/a.csv" || ch[0].New.File != "data/b.csv" || ch[0].New.Line != 3 || ch[0].Old.Line != 3 {
		t.Errorf("places %+v %+v", ch[0].Old, ch[0].New)
	}
}

// TestCompareRawText: cells are compared as written: a count written
// differently, or a unit left empty where it was written, is a change of
// the cell.
func TestCompareRawText(t *testing.T) {
	old := data(t, project(rowK, ""), "a.csv", "b.csv")
	now := data(t, project(strings.Replace(rowK, "exact,,,,1992", "exact,,,persons,1992", 1), ""), "a.csv", "b.csv")
	if got, want := show(Compare(old, now)), "changed figures a.csv k unit:\"\"→\"persons\"\n"; got != want {
		t.Errorf("got %s want %s", got, want)
	}
}

// TestCompareOrderAndScale: many records, shuffled between the sides, are
// matched by id in linear passes; changes come sorted by id.
func TestCompareOrderAndScale(t *testing.T) {
	const n = 20000
	var a, b strings.Builder
	for i := range n {
		fmt.Fprintf(&a, "f%05d,ev,killed,all,,,%d,exact,,,,1992,s1,,,\n", i, i)
	}
	for i := n - 1; i >= 0; i-- {
		v := i
		if i%1000 == 7 {
			v++
		}
		fmt.Fprintf(&b, "f%05d,ev,killed,all,,,%d,exact,,,,1992,s1,,,\n", i, v)
	}
	ch := Compare(data(t, project(a.String(), ""), "a.csv", "b.csv"), data(t, project(b.String(), ""), "a.csv", "b.csv"))
	if len(ch) != n/1000 {
		t.Fatalf("%d changes, want %d:\n%s", len(ch), n/1000, show(ch))
	}
	if !slices.IsSortedFunc(ch, func(x, y Change) int { return strings.Compare(x.ID, y.ID) }) {
		t.Errorf("changes not sorted by id:\n%s", show(ch))
	}
	if ch[0].ID != "f00007" || ch[0].Fields[0] != (Field{Name: "value", Old: "7", New: "8"}) {
		t.Errorf("first change %+v", ch[0])
	}
}

func TestKindText(t *testing.T) {
	for k, want := range map[Kind]string{Added: "added", Removed: "removed", Changed: "changed", Kind(9): "unknown"} {
		if b, _ := k.MarshalText(); k.String() != want || string(b) != want {
			t.Errorf("%d: %q %q, want %q", int(k), k.String(), b, want)
		}
	}
}

func entry(version, change string, ids ...string) *dataset.Correction {
	return &dataset.Correction{Version: version, Change: change, IDs: ids}
}

// TestExplained: an entry explains a change when it is of the version,
// names the id, and its change fits the kind.
func TestExplained(t *testing.T) {
	log := []*dataset.Correction{
		entry("1.0.0", "corrected", "old"),
		entry("1.0.1", "corrected", "k", "x"),
		entry("1.0.1", "added", "a0"),
		entry("1.0.1", "removed", "w"),
		entry("1.0.1", "method", "m"),
		entry("1.0.1", "method"),
	}
	for _, tc := range []struct {
		c    Change
		want bool
	}{
		{Change{ID: "k", Kind: Changed}, true},
		{Change{ID: "x", Kind: Changed}, true},
		{Change{ID: "m", Kind: Changed}, true},
		{Change{ID: "a0", Kind: Added}, true},
		{Change{ID: "w", Kind: Removed}, true},
		{Change{ID: "k", Kind: Removed}, false},     // corrected does not explain a removal
		{Change{ID: "w", Kind: Changed}, false},     // nor removed a change
		{Change{ID: "a0", Kind: Changed}, false},    // nor added a change
		{Change{ID: "old", Kind: Changed}, false},   // an entry of another version
		{Change{ID: "other", Kind: Changed}, false}, // a method entry with no ids names none
	} {
		if got := Explained(tc.c, log, "1.0.1"); got != tc.want {
			t.Errorf("Explained(%s %s) = %v, want %v", tc.c.Kind, tc.c.ID, got, tc.want)
		}
	}
	if Explained(Change{ID: "k", Kind: Changed}, log, "1.0.2") {
		t.Error("an entry of 1.0.1 explains a change of 1.0.2")
	}
}

// TestUnchanged: an entry of the version names an id that did not change
// as it says; method entries are left out.
func TestUnchanged(t *testing.T) {
	log := []*dataset.Correction{
		entry("1.0.0", "corrected", "gone"),
		entry("1.0.1", "corrected", "k", "same"),
		entry("1.0.1", "removed", "k"),
		entry("1.0.1", "method", "m"),
	}
	changes := []Change{{ID: "k", Kind: Changed}}
	var got []string
	for _, u := range Unchanged(changes, log, "1.0.1") {
		got = append(got, u.Entry.Change+" "+u.ID)
	}
	if want := []string{"corrected same", "removed k"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestCounts(t *testing.T) {
	n := Counts([]Change{{Kind: Added}, {Kind: Changed}, {Kind: Changed}, {Kind: Removed}})
	if n != (Count{Added: 1, Removed: 1, Changed: 2}) {
		t.Errorf("%+v", n)
	}
}

// BenchmarkCompare compares two releases of 200,000 figures each, one in
// a thousand changed, listed in opposite orders; load is the loading of
// one side, the yardstick: a comparison should cost a fraction of the
// loads it follows.
func BenchmarkCompare(b *testing.B) {
	const n = 200000
	var x, y strings.Builder
	for i := range n {
		fmt.Fprintf(&x, "f%06d,ev,killed,all,,,%d,exact,,,,1992,s1,,,\n", i, i)
	}
	for i := n - 1; i >= 0; i-- {
		v := i
		if i%1000 == 7 {
			v++
		}
		fmt.Fprintf(&y, "f%06d,ev,killed,all,,,%d,exact,,,,1992,s1,,,\n", i, v)
	}
	oldFiles, newFiles := project(x.String(), ""), project(y.String(), "")
	b.Run("load", func(b *testing.B) {
		for b.Loop() {
			data(b, newFiles, "a.csv", "b.csv")
		}
	})
	old, now := data(b, oldFiles, "a.csv", "b.csv"), data(b, newFiles, "a.csv", "b.csv")
	b.Run("compare", func(b *testing.B) {
		for b.Loop() {
			if ch := Compare(old, now); len(ch) != n/1000 {
				b.Fatalf("%d changes", len(ch))
			}
		}
	})
}

// TestFieldsText: values show as they are when plain, quoted otherwise;
// nothing a terminal would act on is printed raw; the short form cuts
// long values as messages do, the long form keeps them whole.
func TestFieldsText(t *testing.T) {
	long := strings.Repeat("a", 150) + "b"
	for _, tc := range []struct {
		fields      []Field
		full, short string
	}{
		{[]Field{{"value", "613", "614"}}, "value 613 → 614", "value 613 → 614"},
		{[]Field{{"value", "613", ""}, {"qualifier", "exact", "range"}}, `value 613 → ""; qualifier exact → range`, `value 613 → ""; qualifier exact → range`},
		{[]Field{{"wording", "at least 161", "161 or more"}}, `wording "at least 161" → "161 or more"`, `wording "at least 161" → "161 or more"`},
		{[]Field{{"source", "s1", "s1;s2"}}, `source s1 → "s1;s2"`, `source s1 → "s1;s2"`},
		{[]Field{{"note", "x", "\x1b[31mred\u202e"}}, `note x → "\x1b[31mred\u202e"`, `note x → "\x1b[31mred\u202e"`},
		{[]Field{{"note", "Ходжалы", "Xocalı"}}, "note Ходжалы → Xocalı", "note Ходжалы → Xocalı"},
		{[]Field{{"note", long, "x"}}, "note " + long + " → x", "note \"" + strings.Repeat("a", 100) + "…\" (151 characters) → x"},
	} {
		if got := FieldsText(tc.fields); got != tc.full {
			t.Errorf("FieldsText = %s, want %s", got, tc.full)
		}
		if got := ShortFieldsText(tc.fields); got != tc.short {
			t.Errorf("ShortFieldsText = %s, want %s", got, tc.short)
		}
	}
	if CellText("a b") != `"a b"` || CellText("casualties.csv") != "casualties.csv" {
		t.Error("CellText")
	}
}
