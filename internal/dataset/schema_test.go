package dataset

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestColumnListsAreTheTables: the lists of columns, the required ones and
// the index of each come from the tables and nowhere else.
func TestColumnListsAreTheTables(t *testing.T) {
	if got, want := FigureColumns(), figureSchema.names; !slices.Equal(got, want) {
		t.Errorf("FigureColumns() = %v, the table has %v", got, want)
	}
	if got, want := RecognitionColumns(), recognitionSchema.names; !slices.Equal(got, want) {
		t.Errorf("RecognitionColumns() = %v, the table has %v", got, want)
	}
	check := func(name string, names, required []string, index map[string]int, header func(int) bool) {
		var req []string
		for i, n := range names {
			if index[n] != i {
				t.Errorf("%s: column %q has index %d, place %d in the table", name, n, index[n], i)
			}
			if header(i) {
				req = append(req, n)
			}
		}
		if !slices.Equal(req, required) || len(index) != len(names) {
			t.Errorf("%s: required %v, the table says %v; index %v", name, required, req, index)
		}
	}
	check("sources", sourceSchema.names, sourceSchema.required, sourceSchema.index, func(i int) bool { return sourceSchema.cols[i].header })
	check("events", eventSchema.names, eventSchema.required, eventSchema.index, func(i int) bool { return eventSchema.cols[i].header })
	check("figures", figureSchema.names, figureSchema.required, figureSchema.index, func(i int) bool { return figureSchema.cols[i].header })
	check("recognitions", recognitionSchema.names, recognitionSchema.required, recognitionSchema.index, func(i int) bool { return recognitionSchema.cols[i].header })
}

// TestFieldGivesEveryColumnBack: for every column of the figures and
// recognitions tables, Field gives the cell as written, whether the typed
// fields give it back or the cells are kept.
func TestFieldGivesEveryColumnBack(t *testing.T) {
	files := validProject()
	files["figures.csv"] = hdrFigures +
		"k,ev,killed,all,,,613,exact,,,persons,2016,s1,Someone,\"613 persons, including\",a note\n" +
		"kw,ev,killed,women,k,overlap,0106,exact,,,,2016,s1 ; s2,,,\n" + // kept as written
		"r,ev,killed,all,,,,range,100,200,persons,1993-02,s1;s2,,,\n"
	d, msgs := load(t, files)
	if d == nil || len(msgs) != 0 {
		t.Fatalf("no data: %v", msgs)
	}
	rows := strings.Split(strings.TrimSuffix(files["figures.csv"], "\n"), "\n")[1:]
	for i, f := range d.Figures {
		cells := strings.Split(strings.Replace(rows[i], `"613 persons, including"`, "613 persons; including", 1), ",")
		for j, col := range FigureColumns() {
			want := strings.TrimSpace(strings.Replace(cells[j], "613 persons; including", "613 persons, including", 1))
			if got := f.Field(col); got != want {
				t.Errorf("figure %s: Field(%q) = %q, the file has %q", f.ID, col, got, want)
			}
		}
		if f.Field("nope") != "" {
			t.Errorf("Field of a name that is not a column: %q", f.Field("nope"))
		}
	}
	r := d.Recognitions[0]
	// The file has no code column: its cells are "".
	written := map[string]string{}
	cells := strings.Split("r1,ev,Mexico,Mexico,country,Senate,,2011-12,genocide,,reported,s1,", ",")
	for j, name := range strings.Split(strings.TrimSpace(hdrRecs), ",") {
		written[name] = cells[j]
	}
	for _, col := range RecognitionColumns() {
		want := written[col]
		if got := r.Field(col); got != want {
			t.Errorf("recognition: Field(%q) = %q, want %q", col, got, want)
		}
	}
}

// TestNewColumnIsOneTableRow: a column added to the figures table, and
// nothing else, is known to the header check (no longer unknown; missing
// when required; suggested for a typo), to Field, to FigureColumns and to
// the rules of its type.
func TestNewColumnIsOneTableRow(t *testing.T) {
	saved := figureSchema
	defer func() { figureSchema = saved }()
	withColumn := func(c column[Figure]) {
		figureSchema = newSchema(saved.place, saved.cells, saved.done, append(slices.Clone(saved.cols), c)...)
	}
	files := validProject()
	rows := strings.Split(strings.TrimSuffix(files["figures.csv"], "\n"), "\n")
	rows[0] += ",list_url"
	rows[1] += ",https://example.org/list"
	rows[2] += ",not a link"
	rows[3] += ","
	files["figures.csv"] = strings.Join(rows, "\n") + "\n"
	urlAt := len(rows[2]) - len("not a link") + 1

	// Before: the header check does not know it.
	_, msgs := load(t, files)
	want := fmt.Sprintf(`data/figures.csv:1:%d: unknown column "list_url" (known: %s)`, len(rows[0])-len("list_url")+1, strings.Join(saved.names, ", "))
	if !slices.Equal(msgs, []string{want}) {
		t.Fatalf("before the table has it:\n%s\nwant:\n%s", strings.Join(msgs, "\n"), want)
	}

	// One row in the table.
	withColumn(column[Figure]{name: "list_url", typ: cellURL})
	d, msgs := load(t, files)
	want = fmt.Sprintf(`data/figures.csv:3:%d: warning: column "list_url": "not a link" is not an http or https address, so it is shown as text, not as a link; write it in full, starting with https://`, urlAt)
	if d == nil || !slices.Equal(msgs, []string{want}) {
		t.Fatalf("with the column in the table:\n%s\nwant:\n%s", strings.Join(msgs, "\n"), want)
	}
	for i, w := range []string{"https://example.org/list", "not a link", ""} {
		if got := d.Figures[i].Field("list_url"); got != w {
			t.Errorf("figure %s: Field(\"list_url\") = %q, want %q", d.Figures[i].ID, got, w)
		}
	}
	if cols := FigureColumns(); cols[len(cols)-1] != "list_url" {
		t.Errorf("FigureColumns() = %v, without the new column", cols)
	}

	// A typo of it is suggested; a file without it is told it is missing
	// once the table requires it.
	typo := strings.Replace(files["figures.csv"], ",list_url\n", ",list_ur\n", 1)
	_, msgs = load(t, map[string]string{"sources.csv": files["sources.csv"], "events.csv": files["events.csv"], "figures.csv": typo, "recognitions.csv": files["recognitions.csv"]})
	want = fmt.Sprintf(`data/figures.csv:1:%d: unknown column "list_ur" (did you mean "list_url"?)`, len(rows[0])-len("list_url")+1)
	if !slices.Equal(msgs, []string{want}) {
		t.Errorf("a typo of the new column:\n%s\nwant:\n%s", strings.Join(msgs, "\n"), want)
	}
	withColumn(column[Figure]{name: "list_url", header: true, typ: cellURL})
	_, msgs = load(t, validProject())
	want = fmt.Sprintf(`data/figures.csv:1:1: missing required column "list_url" (the header must have: %s)`, strings.Join(append(slices.Clone(saved.required), "list_url"), ", "))
	if !slices.Equal(msgs, []string{want}) {
		t.Errorf("the new column required:\n%s\nwant:\n%s", strings.Join(msgs, "\n"), want)
	}

	// An integer column reads counts by the rules of counts.
	withColumn(column[Figure]{name: "list_url", typ: cellInteger})
	_, msgs = load(t, files)
	want = fmt.Sprintf(`data/figures.csv:2:%d: column "list_url": "https://example.org/list" is not a whole number; write digits only, for example 1200`, len(rows[1])-len("https://example.org/list")+1)
	if len(msgs) != 2 || msgs[0] != want {
		t.Errorf("the new column as a count:\n%s\nwant first:\n%s", strings.Join(msgs, "\n"), want)
	}
}

// TestEmptyUnitCountsPersons: the unit column's empty value is "persons",
// kept as the figure's unit while Field gives the empty cell back; a unit
// that is not in the vocabulary is an error and is not replaced.
func TestEmptyUnitCountsPersons(t *testing.T) {
	files := validProject()
	files["figures.csv"] = hdrFigures +
		"a,ev,killed,all,,,613,exact,,,,2016,s1,,,\n" +
		"b,ev,killed,all,,,614,exact,,,persons,2016,s1,,,\n"
	d, msgs := load(t, files)
	if d == nil || len(msgs) != 0 {
		t.Fatalf("no data: %v", msgs)
	}
	for i, want := range []string{"", "persons"} {
		f := d.Figures[i]
		if f.Unit != "persons" || f.Field("unit") != want {
			t.Errorf("figure %s: Unit %q, Field(\"unit\") %q; want persons and %q", f.ID, f.Unit, f.Field("unit"), want)
		}
	}
	files["figures.csv"] = hdrFigures + "a,ev,killed,all,,,613,exact,,,sheep,2016,s1,,,\n"
	if _, msgs := load(t, files); len(msgs) != 1 || !strings.Contains(msgs[0], `column "unit": unknown unit "sheep"`) {
		t.Errorf("an unknown unit: %v", msgs)
	}
}
