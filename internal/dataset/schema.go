package dataset

import (
	"slices"
	"strings"

	"github.com/dashgen/dashgen/internal/diag"
)

// Each file's columns are declared once, in a table (sourceSchema,
// eventSchema, figureSchema, recognitionSchema), in the order the default
// data writes them. From the table follow the header check (missing,
// unknown, duplicate columns), the place of each column in a record, the
// reading and checking of each cell by its type, Field and the lists of
// columns (FigureColumns, RecognitionColumns). A rule that is more than
// the type of one cell (a qualifier against min and max, a hedge in the
// wording) is code, hooked to its column.

// cellType is what a column's cells hold, and so how each is read and
// checked.
type cellType int

const (
	// cellText is any text, kept as written (trimmed).
	cellText cellType = iota
	// cellID is the record's own id, which other records name.
	cellID
	// cellRef is the id of one record of the file the column's ref names.
	cellRef
	// cellList is ids separated by semicolons, each naming a record of ref.
	cellList
	// cellInteger is a count: a whole number from 0 to MaxValue.
	cellInteger
	// cellDate is a partial date: YYYY, YYYY-MM or YYYY-MM-DD.
	cellDate
	// cellURL is an address, shown as a link when it is an http or https one.
	cellURL
	// cellVocab is one value of the column's vocabulary.
	cellVocab
	// cellVocabList is values of the column's vocabulary separated by
	// semicolons.
	cellVocabList
)

// column declares one column of a file whose records are of type R.
type column[R any] struct {
	name string
	// header: the header must have the column.
	header bool
	typ    cellType
	// need, when set, makes an empty cell of a text, id, ref or list column
	// an error, and says why the value is needed ("every source needs a
	// title").
	need string
	// needed makes an empty cell of a vocabulary column an error, whose
	// message lists the values.
	needed bool
	// vocab is the project's vocabulary the values come from (cellVocab
	// and cellVocabList); values, when set, is a built-in one instead.
	vocab  vocabKind
	values []string
	// ref is the kind of record an id of the column names: "source" and
	// "event" are resolved as the cell is read, "figure" once every
	// figures file is read (checkParents).
	ref string

	// Where the value goes in the record: the text of cellText, cellID,
	// cellRef, cellURL, cellDate and cellVocab columns, the count of
	// cellInteger ones, the ids or values of cellList and cellVocabList
	// ones. A column with none is kept only as written, for Field.
	str   func(*R) *string
	count func(*R) **int64
	ids   func(*R) *[]string

	// hint, for an integer column, says what is wrong with a cell that is
	// not plain digits, before it is read as a count; "" to read it.
	hint func(c *cellCheck, v string) string
	// empty is what a date or vocabulary column keeps of an empty cell
	// ("" unless set).
	empty string
	// rule checks what the cell's type does not: run after the column's
	// cell is read, with its index. It only reports; it does not change
	// the record.
	rule func(c *cellCheck, r *R, i int)
}

// schema is the table of one file's columns.
type schema[R any] struct {
	cols []column[R]
	// steps is cols compiled for check.
	steps []step[R]
	// names and required are the column names, in order, and those the
	// header must have.
	names, required []string
	index           map[string]int
	// place is where a record keeps the place it was read.
	place func(*R) *Place
	// cells is where a record keeps its cells as written when its typed
	// fields do not give them back (nil: a record type that has none).
	cells func(*R) *[]string
	// done runs once a record's every column is read.
	done func(c *cellCheck, r *R)
}

func newSchema[R any](place func(*R) *Place, cells func(*R) *[]string, done func(*cellCheck, *R), cols ...column[R]) *schema[R] {
	s := &schema[R]{cols: cols, index: map[string]int{}, place: place, cells: cells, done: done}
	for i, c := range cols {
		if _, dup := s.index[c.name]; dup {
			panic("dataset: column " + c.name + " declared twice")
		}
		s.index[c.name] = i
		s.names = append(s.names, c.name)
		if c.header {
			s.required = append(s.required, c.name)
		}
	}
	s.steps = compile(s.cols)
	return s
}

// columns is what the header check needs of a schema.
func (s *schema[R]) columns() columns {
	return columns{all: s.names, required: s.required}
}

// op is what the check does with one column's cell: its type and the
// choices of its declaration that do not change from row to row, settled
// once when the table is compiled (compile) so that the loop over a
// record's cells makes one choice per cell.
type op uint8

const (
	opText      op = iota // cellText and cellID: kept as written
	opURL                 // cellURL: a warning unless http or https
	opRef                 // cellRef naming a source or an event: resolved now
	opRefLater            // cellRef naming a figure: resolved by checkParents
	opList                // cellList
	opCount               // cellInteger
	opCountHint           // cellInteger with a hint for cells not plain digits
	opDate                // cellDate
	opValues              // cellVocab of a built-in vocabulary
	opDeclared            // cellVocab of the project's vocabulary
	opVocabList           // cellVocabList
)

// step is one column of a compiled schema: what check does with the cell
// of the column of the same index.
type step[R any] struct {
	op op
	// kept: the column has no typed field, so a record gives its cell
	// back only when it is empty.
	kept bool
	col  *column[R]
}

// compile turns the table into the steps check runs, one per column.
func compile[R any](cols []column[R]) []step[R] {
	steps := make([]step[R], len(cols))
	for i := range cols {
		col := &cols[i]
		st := step[R]{col: col, kept: col.str == nil && col.count == nil && col.ids == nil}
		switch col.typ {
		case cellText, cellID:
			st.op = opText
		case cellURL:
			st.op = opURL
		case cellRef:
			st.op = opRef
			if col.ref == "figure" {
				st.op = opRefLater
			}
		case cellList:
			st.op = opList
		case cellInteger:
			st.op = opCount
			if col.hint != nil {
				st.op = opCountHint
			}
		case cellDate:
			st.op = opDate
		case cellVocab:
			st.op = opDeclared
			if col.values != nil {
				st.op = opValues
			}
		case cellVocabList:
			st.op = opVocabList
		default:
			panic("dataset: column " + col.name + " has no type")
		}
		steps[i] = st
	}
	return steps
}

// check reads and checks every cell of the record c holds into r, by the
// table (compiled into s.steps), then its rules. Along the way it notes
// whether the typed fields give back each cell as written, so that Field
// needs no copy of them. Rules only check: what a record keeps of a cell
// is the column's type's to decide (and its empty value's), so a rule
// cannot make a field differ from its cell.
func (s *schema[R]) check(c *cellCheck, r *R) {
	c.bad = 0
	*s.place(r) = Place{c.t.file, c.line}
	same := true // the typed fields give back every cell so far
	steps := s.steps
	vals := c.vals[:len(steps)] // held here: the calls below may not change it
	for i := range steps {
		st := &steps[i]
		col := st.col
		cell := vals[i]
		if st.kept {
			same = same && cell == ""
		}
		switch st.op {
		case opText, opURL, opRef, opRefLater:
			if cell == "" {
				if col.need != "" {
					c.errorf(diag.MissingValue, i, "is empty; %s", col.need)
				}
			} else if st.op == opURL {
				if !IsWebURL(cell) {
					c.warnf(diag.UnlinkedURL, i, "%q is not an http or https address, so it is shown as text, not as a link; write it in full, starting with https://", cell)
				}
			} else if st.op == opRef {
				c.ref(i, col.ref, cell)
			}
			if col.str != nil {
				*col.str(r) = cell
			}
		case opList:
			ids := c.ids(i, col.ref)
			if len(ids) == 0 && col.need != "" && cell == "" {
				c.errorf(diag.MissingValue, i, "is empty; %s", col.need)
			}
			if col.ids != nil {
				same = same && joined(cell, ids)
				*col.ids(r) = ids
			}
		case opCount, opCountHint:
			var n *int64
			if st.op == opCount || cell == "" {
				n, _ = c.count(i)
			} else if _, plain := plainCount(cell); plain {
				n, _ = c.count(i)
			} else if h := col.hint(c, cell); h != "" {
				c.errorf(diag.TypeError, i, "%q %s", cell, h)
			} else {
				n, _ = c.count(i)
			}
			if col.count != nil {
				same = same && sameCount(cell, n)
				*col.count(r) = n
			}
		case opDate, opValues, opDeclared:
			var v string
			switch st.op {
			case opDate:
				v = c.date(i)
			case opValues:
				v = c.vocab(i, col.values, col.needed)
			default:
				v = c.declared(i, col.vocab, col.needed)
			}
			if v == "" && cell == "" {
				v = col.empty
			}
			if col.str != nil {
				same = same && v == cell
				*col.str(r) = v
			}
		case opVocabList:
			vs := c.vocabList(i, col.vocab)
			if col.ids != nil {
				same = same && joined(cell, vs)
				*col.ids(r) = vs
			}
		}
		if col.rule != nil {
			col.rule(c, r, i)
		}
	}
	if s.done != nil {
		s.done(c, r)
	}
	if s.cells != nil && !same {
		cells := c.a.Strings(len(c.vals))
		copy(cells, c.vals)
		*s.cells(r) = cells
	}
}

// field returns the cell of column name of r as written (trimmed), from
// cells when the record keeps them, otherwise from its typed fields; ""
// for a name that is not a column.
func (s *schema[R]) field(r *R, cells []string, name string) string {
	i, ok := s.index[name]
	if !ok {
		return ""
	}
	return s.fieldAt(r, cells, i)
}

// fieldAt is field of the column of index i in the table ("" out of
// range): for a caller that walks every column, with no look-up by name.
func (s *schema[R]) fieldAt(r *R, cells []string, i int) string {
	if i < 0 || i >= len(s.cols) {
		return ""
	}
	if cells != nil {
		return cells[i]
	}
	col := &s.cols[i]
	switch {
	case col.str != nil:
		return *col.str(r)
	case col.count != nil:
		return countText(*col.count(r))
	case col.ids != nil:
		return strings.Join(*col.ids(r), ";")
	}
	return ""
}

var sourceSchema = newSchema(func(s *Source) *Place { return &s.Place }, nil, nil,
	column[Source]{name: "id", header: true, typ: cellID, need: "every source needs an id that figures cite",
		str: func(s *Source) *string { return &s.ID }},
	column[Source]{name: "title", header: true, typ: cellText, need: "every source needs a title",
		str: func(s *Source) *string { return &s.Title }},
	column[Source]{name: "publisher", typ: cellText, str: func(s *Source) *string { return &s.Publisher }},
	column[Source]{name: "kind", header: true, typ: cellVocab, vocab: vKind, needed: true,
		str: func(s *Source) *string { return &s.Kind }},
	column[Source]{name: "published", typ: cellDate, str: func(s *Source) *string { return &s.Published }},
	column[Source]{name: "url", typ: cellURL, str: func(s *Source) *string { return &s.URL }},
	column[Source]{name: "accessed", typ: cellDate, str: func(s *Source) *string { return &s.Accessed }},
	column[Source]{name: "note", typ: cellText, str: func(s *Source) *string { return &s.Note }},
	// The short name the source is cited by; "publisher, year" when empty.
	column[Source]{name: "label", typ: cellText, str: func(s *Source) *string { return &s.Label }},
)

var eventSchema = newSchema(func(e *Event) *Place { return &e.Place }, nil, nil,
	column[Event]{name: "id", header: true, typ: cellID, need: "every event needs an id that figures refer to",
		str: func(e *Event) *string { return &e.ID }},
	column[Event]{name: "name", header: true, typ: cellText, need: "every event needs a name",
		str: func(e *Event) *string { return &e.Name }},
	column[Event]{name: "place", typ: cellText, str: func(e *Event) *string { return &e.Location }},
	column[Event]{name: "start", typ: cellDate, str: func(e *Event) *string { return &e.Start }},
	column[Event]{name: "end", typ: cellDate, str: func(e *Event) *string { return &e.End }, rule: endAfterStart},
	column[Event]{name: "population", typ: cellInteger, count: func(e *Event) **int64 { return &e.Population }},
	column[Event]{name: "population_source", typ: cellList, ref: "source",
		ids: func(e *Event) *[]string { return &e.PopulationSource }, rule: populationCited},
	column[Event]{name: "note", typ: cellText, str: func(e *Event) *string { return &e.Note }},
	// The words after the population in a share ("inhabitants before the
	// conflict"); "a population of" when empty.
	column[Event]{name: "population_label", typ: cellText, str: func(e *Event) *string { return &e.PopulationLabel },
		rule: populationLabelled},
)

var figureSchema = newSchema(func(f *Figure) *Place { return &f.Place }, func(f *Figure) *[]string { return &f.text }, figureDone,
	column[Figure]{name: "id", header: true, typ: cellID, need: "every figure needs an id, unique across all figures files",
		str: func(f *Figure) *string { return &f.ID }},
	column[Figure]{name: "event", header: true, typ: cellRef, ref: "event", need: "every figure names the event it is about",
		str: func(f *Figure) *string { return &f.Event }},
	column[Figure]{name: "measure", header: true, typ: cellVocab, vocab: vMeasure, needed: true,
		str: func(f *Figure) *string { return &f.Measure }},
	column[Figure]{name: "group", header: true, typ: cellVocab, vocab: vGroup, needed: true,
		str: func(f *Figure) *string { return &f.Group }},
	column[Figure]{name: "parent", typ: cellRef, ref: "figure", str: func(f *Figure) *string { return &f.Parent }},
	column[Figure]{name: "breakdown", typ: cellVocab, values: Breakdowns, str: func(f *Figure) *string { return &f.Breakdown },
		rule: breakdownOfParent},
	column[Figure]{name: "value", header: true, typ: cellInteger, count: func(f *Figure) **int64 { return &f.Value },
		hint: func(c *cellCheck, v string) string { return valueHint(v, c.cell("qualifier")) }},
	column[Figure]{name: "qualifier", header: true, typ: cellVocab, values: Qualifiers, needed: true,
		str: func(f *Figure) *string { return &f.Qualifier }},
	column[Figure]{name: "min", typ: cellInteger, count: func(f *Figure) **int64 { return &f.Min }},
	column[Figure]{name: "max", typ: cellInteger, count: func(f *Figure) **int64 { return &f.Max }, rule: checkQualifier},
	column[Figure]{name: "unit", typ: cellVocab, vocab: vUnit, str: func(f *Figure) *string { return &f.Unit },
		empty: "persons"}, // a figure with no unit counts persons
	column[Figure]{name: "as_of", typ: cellDate, str: func(f *Figure) *string { return &f.AsOf }},
	column[Figure]{name: "source", header: true, typ: cellList, ref: "source",
		need: "every figure must cite at least one source id from sources.csv",
		ids:  func(f *Figure) *[]string { return &f.Sources }},
	column[Figure]{name: "attributed_to", typ: cellText, str: func(f *Figure) *string { return &f.AttributedTo }},
	column[Figure]{name: "wording", typ: cellText, str: func(f *Figure) *string { return &f.Wording }, rule: hedgedExact},
	column[Figure]{name: "note", typ: cellText, str: func(f *Figure) *string { return &f.Note }},
)

var recognitionSchema = newSchema(func(r *Recognition) *Place { return &r.Place }, func(r *Recognition) *[]string { return &r.text }, nil,
	column[Recognition]{name: "id", header: true, typ: cellID, need: "every recognition needs an id",
		str: func(r *Recognition) *string { return &r.ID }},
	column[Recognition]{name: "event", header: true, typ: cellRef, ref: "event", need: "every recognition names the event it is about",
		str: func(r *Recognition) *string { return &r.Event }},
	column[Recognition]{name: "jurisdiction", header: true, typ: cellText, need: "name the country, state or organisation",
		str: func(r *Recognition) *string { return &r.Jurisdiction }},
	column[Recognition]{name: "country", typ: cellText, str: func(r *Recognition) *string { return &r.Country }},
	// The jurisdiction's ISO 3166 code, by which maps place it.
	column[Recognition]{name: "code", typ: cellText, str: func(r *Recognition) *string { return &r.Code }, rule: isoCode},
	column[Recognition]{name: "level", header: true, typ: cellVocab, vocab: vLevel, needed: true,
		str: func(r *Recognition) *string { return &r.Level }},
	column[Recognition]{name: "body", header: true, typ: cellText, str: func(r *Recognition) *string { return &r.Body }},
	column[Recognition]{name: "instrument", typ: cellText, str: func(r *Recognition) *string { return &r.Instrument }},
	column[Recognition]{name: "date", header: true, typ: cellDate, str: func(r *Recognition) *string { return &r.Date }},
	column[Recognition]{name: "term", header: true, typ: cellVocabList, vocab: vTerm, ids: func(r *Recognition) *[]string { return &r.Terms }},
	column[Recognition]{name: "wording", typ: cellText, str: func(r *Recognition) *string { return &r.Wording }},
	column[Recognition]{name: "status", header: true, typ: cellVocab, vocab: vStatus, needed: true,
		str: func(r *Recognition) *string { return &r.Status }},
	column[Recognition]{name: "source", header: true, typ: cellList, ref: "source",
		need: "every recognition must cite at least one source id from sources.csv",
		ids:  func(r *Recognition) *[]string { return &r.Sources }},
	column[Recognition]{name: "note", typ: cellText, str: func(r *Recognition) *string { return &r.Note }},
)

// columns are the names of a file's columns, as the header check needs
// them.
type columns struct {
	all, required []string
	// missing is what to do when the file does not exist, for the message.
	missing string
}

// missingHint says what to do about a file that does not exist.
func (c columns) missingHint() string {
	if c.missing != "" {
		return c.missing
	}
	return "create it or fix its name in config.yaml"
}

// The built-in vocabularies: the values dashgen itself reasons about. The
// other vocabularies (measure, group, unit, level, term, kind, status)
// belong to the project: Spec.Vocabulary, dashgen's defaults when not given.
var (
	// Qualifiers say how exact a figure is.
	Qualifiers = []string{"exact", "at_least", "more_than", "about", "up_to", "range", "unknown"}
	// Breakdowns say whether sibling subsets may overlap.
	Breakdowns = []string{"overlap", "partition"}
)

// SourceColumns returns the columns of sources.csv.
func SourceColumns() []string { return slices.Clone(sourceSchema.names) }

// EventColumns returns the columns of events.csv.
func EventColumns() []string { return slices.Clone(eventSchema.names) }

// FigureColumns returns the columns of a figures file.
func FigureColumns() []string { return slices.Clone(figureSchema.names) }

// RecognitionColumns returns the columns of recognitions.csv.
func RecognitionColumns() []string { return slices.Clone(recognitionSchema.names) }

// Changes are the kinds of entry of the corrections log: a record added,
// a value corrected, a record removed, a change of method.
var Changes = []string{"added", "corrected", "removed", "method"}

// correctionSchema is the corrections log, corrections.csv: one entry per
// change of a release, oldest first. Every column is in the header; source
// may be empty for a removal or a change of method.
var correctionSchema = newSchema(func(r *Correction) *Place { return &r.Place }, nil, correctionDone,
	column[Correction]{name: "version", header: true, typ: cellText, need: "every entry names the release it is in, such as 1.0.1",
		str: func(r *Correction) *string { return &r.Version }, rule: semanticVersion},
	column[Correction]{name: "date", header: true, typ: cellDate, str: func(r *Correction) *string { return &r.Date }, rule: releaseDay},
	column[Correction]{name: "ids", header: true, typ: cellList, ref: "any", ids: func(r *Correction) *[]string { return &r.IDs }},
	column[Correction]{name: "change", header: true, typ: cellVocab, values: Changes, needed: true,
		str: func(r *Correction) *string { return &r.Change }},
	column[Correction]{name: "reason", header: true, typ: cellText, need: "every entry says why, in words",
		str: func(r *Correction) *string { return &r.Reason }},
	column[Correction]{name: "source", header: true, typ: cellList, ref: "source",
		ids: func(r *Correction) *[]string { return &r.Sources }},
)

// CorrectionColumns returns the columns of corrections.csv.
func CorrectionColumns() []string { return slices.Clone(correctionSchema.names) }
