// Package diff compares two releases of a project's data: a previous
// release, read back from the data package a build wrote
// (datapackage.json and its copies of the input files), and the data of
// today. It lists, per figure or record, what was added, removed or
// changed, column by column, and says whether the corrections log explains
// each change.
package diff

import (
	"cmp"
	"slices"
	"strings"

	"github.com/dashgen/dashgen/internal/dataset"
)

// Kind is what happened to a record between two releases.
type Kind int

const (
	// Added: the record is in the new release only.
	Added Kind = iota
	// Removed: the record is in the old release only.
	Removed
	// Changed: the record is in both, and some of its cells differ.
	Changed
)

var kindNames = [...]string{Added: "added", Removed: "removed", Changed: "changed"}

// String is the kind as the text and JSON outputs write it: added,
// removed or changed.
func (k Kind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return "unknown"
	}
	return kindNames[k]
}

// MarshalText writes the kind as its name, for JSON.
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// The tables compared, in the order changes are listed: the kind of file a
// record is read from.
const (
	Figures      = "figures"
	Recognitions = "recognitions"
	Events       = "events"
	Sources      = "sources"
)

// Tables are the tables compared, in the order Compare lists them.
var Tables = []string{Figures, Recognitions, Events, Sources}

// FileColumn is the name Compare gives, among a figure's fields, to the
// figures file it is in: a figure moved to another file has changed its
// file (it is not removed and added).
const FileColumn = "file"

// Change is one record added, removed or changed between two releases.
type Change struct {
	// Table is the kind of file: figures, recognitions, events or sources.
	Table string `json:"table"`
	// File is the file's name within the data folder on the new side (on
	// the old side for a removed record): casualties.csv.
	File string `json:"file"`
	// ID is the record's id, unique within its kind of file.
	ID   string `json:"id"`
	Kind Kind   `json:"kind"`
	// Fields are, for a change, each column that differs, in the order of
	// the file's schema (a figure's file first).
	Fields []Field `json:"fields,omitempty"`
	// Old and New are where the record was read on each side (the old
	// side's under the previous release's package folder); the zero
	// Place on the side it is not on.
	Old dataset.Place `json:"-"`
	New dataset.Place `json:"-"`
}

// Field is one column of a changed record: its cell on each side, as the
// CSV files read (trimmed), "" for an empty cell or a column the file
// does not have.
type Field struct {
	Name string `json:"name"`
	Old  string `json:"old"`
	New  string `json:"new"`
}

// fielder is a record that gives back its cells by index of column in
// its file's schema.
type fielder interface{ FieldAt(i int) string }

// record is one record of a table, as Compare needs it.
type record struct {
	id   string
	file string // within the data folder
	at   dataset.Place
	rec  fielder
}

// table is one kind of file's records, and its columns in schema order.
type table struct {
	name    string
	columns []string
	records []record
}

var (
	figureColumns      = dataset.FigureColumns()
	recognitionColumns = dataset.RecognitionColumns()
	eventColumns       = dataset.EventColumns()
	sourceColumns      = dataset.SourceColumns()
)

// tables are d's records by kind of file, in the order of Tables.
func tables(d *dataset.Data) []table {
	names := fileNames(d)
	out := []table{
		{name: Figures, columns: figureColumns, records: make([]record, 0, len(d.Figures))},
		{name: Recognitions, columns: recognitionColumns, records: make([]record, 0, len(d.Recognitions))},
		{name: Events, columns: eventColumns, records: make([]record, 0, len(d.Events))},
		{name: Sources, columns: sourceColumns, records: make([]record, 0, len(d.Sources))},
	}
	for _, f := range d.Figures {
		out[0].records = append(out[0].records, record{f.ID, names.of(f.File), f.Place, f})
	}
	for _, r := range d.Recognitions {
		out[1].records = append(out[1].records, record{r.ID, names.of(r.File), r.Place, r})
	}
	for _, e := range d.Events {
		out[2].records = append(out[2].records, record{e.ID, names.of(e.File), e.Place, e})
	}
	for _, s := range d.Sources {
		out[3].records = append(out[3].records, record{s.ID, names.of(s.File), s.Place, s})
	}
	return out
}

// files turns the file a record was read from, as messages name it
// (data/casualties.csv), into its name within the data folder
// (casualties.csv), from the names of the files the load read.
type files struct {
	names []string
	memo  map[string]string
	// last and lastName are the last file asked for and its name: the
	// records of a file come one after another.
	last, lastName string
}

func fileNames(d *dataset.Data) *files {
	f := &files{memo: map[string]string{}}
	for _, t := range d.Tables {
		f.names = append(f.names, t.Name)
	}
	return f
}

func (f *files) of(shown string) string {
	if shown == f.last && shown != "" {
		return f.lastName
	}
	name := f.lookup(shown)
	f.last, f.lastName = shown, name
	return name
}

func (f *files) lookup(shown string) string {
	if name, ok := f.memo[shown]; ok {
		return name
	}
	name := shown
	best := -1
	for _, n := range f.names {
		if (shown == n || strings.HasSuffix(shown, "/"+n)) && len(n) > best {
			name, best = n, len(n)
		}
	}
	f.memo[shown] = name
	return name
}

// Compare lists what changed from old to new: per kind of file (in the
// order of Tables), then by id, each record added, removed or changed.
// Records are matched by id within their kind of file; a record with no
// id, or a second record with the id of an earlier one (data that fails
// its checks), is left out. It takes time linear in the records (and
// n log n to sort what changed).
func Compare(old, new *dataset.Data) []Change {
	var out []Change
	ot, nt := tables(old), tables(new)
	for i := range ot {
		out = append(out, compareTable(ot[i], nt[i])...)
	}
	return out
}

func compareTable(old, new table) []Change {
	// One map for both sides: each id's slot holds its first old record
	// (nil for an id only new) and whether a new record had it already.
	type slot struct {
		old  *record
		seen bool
	}
	slots := make([]slot, 0, len(old.records))
	at := make(map[string]int32, len(old.records))
	for i := range old.records {
		r := &old.records[i]
		if _, dup := at[r.id]; r.id != "" && !dup {
			at[r.id] = int32(len(slots))
			slots = append(slots, slot{old: r})
		}
	}
	var out []Change
	for i := range new.records {
		n := &new.records[i]
		if n.id == "" {
			continue
		}
		k, ok := at[n.id]
		if !ok {
			at[n.id] = int32(len(slots))
			slots = append(slots, slot{seen: true})
			out = append(out, Change{Table: new.name, File: n.file, ID: n.id, Kind: Added, New: n.at})
			continue
		}
		if slots[k].seen {
			continue // a second record with the id
		}
		slots[k].seen = true
		o := slots[k].old
		if o == nil {
			continue
		}
		var fields []Field
		if new.name == Figures && o.file != n.file {
			fields = append(fields, Field{Name: FileColumn, Old: o.file, New: n.file})
		}
		for c, col := range new.columns {
			if a, b := o.rec.FieldAt(c), n.rec.FieldAt(c); a != b {
				fields = append(fields, Field{Name: col, Old: a, New: b})
			}
		}
		if fields != nil {
			out = append(out, Change{Table: new.name, File: n.file, ID: n.id, Kind: Changed, Fields: fields, Old: o.at, New: n.at})
		}
	}
	for _, sl := range slots {
		if o := sl.old; o != nil && !sl.seen {
			out = append(out, Change{Table: old.name, File: o.file, ID: o.id, Kind: Removed, Old: o.at})
		}
	}
	slices.SortFunc(out, func(a, b Change) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

// Fits reports whether a corrections log entry of change (added,
// corrected, removed, method) accounts for a change of kind k: added for
// a record added, removed for one removed, corrected or method for one
// changed.
func Fits(change string, k Kind) bool {
	switch k {
	case Added:
		return change == "added"
	case Removed:
		return change == "removed"
	case Changed:
		return change == "corrected" || change == "method"
	}
	return false
}

// Explained reports whether an entry of the log of release version names
// c's id with a change that fits c's kind (Fits). An entry of change
// method with no ids explains nothing: a figure whose value moves names
// its id.
func Explained(c Change, log []*dataset.Correction, version string) bool {
	for _, e := range log {
		if e.Version == version && Fits(e.Change, c.Kind) && slices.Contains(e.IDs, c.ID) {
			return true
		}
	}
	return false
}

// Logged is an id a log entry names that did not change as the entry
// says.
type Logged struct {
	Entry *dataset.Correction
	ID    string
}

// Unchanged lists, in log order, each id that an entry of the log of
// release version names as added, corrected or removed, with no change of
// a fitting kind to a record of that id: a correction logged but not made
// (or made to another id). Entries of change method are left out: a
// change of method may leave some of the figures it names as they were.
func Unchanged(changes []Change, log []*dataset.Correction, version string) []Logged {
	kinds := map[string][]Kind{}
	for _, c := range changes {
		kinds[c.ID] = append(kinds[c.ID], c.Kind)
	}
	var out []Logged
	for _, e := range log {
		if e.Version != version || e.Change == "method" {
			continue
		}
		for _, id := range e.IDs {
			if !slices.ContainsFunc(kinds[id], func(k Kind) bool { return Fits(e.Change, k) }) {
				out = append(out, Logged{Entry: e, ID: id})
			}
		}
	}
	return out
}

// Count is how many changes of each kind there are.
type Count struct {
	Added   int `json:"added"`
	Removed int `json:"removed"`
	Changed int `json:"changed"`
}

// Counts counts changes by kind.
func Counts(changes []Change) Count {
	var n Count
	for _, c := range changes {
		switch c.Kind {
		case Added:
			n.Added++
		case Removed:
			n.Removed++
		case Changed:
			n.Changed++
		}
	}
	return n
}
