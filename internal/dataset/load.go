package dataset

import (
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dashgen/dashgen/internal/diag"
)

// MaxValue is the largest count accepted: far above any real figure, and
// exact in a JavaScript number.
const MaxValue = 1_000_000_000_000

// Load reads every file of spec and checks it. The returned list holds all
// errors and warnings; Data is nil when any file could not be read at all.
func Load(spec Spec) (*Data, *diag.List) {
	l := &diag.List{}
	ld := &loader{spec: spec, l: l, figureIDs: map[string]Place{}, d: &Data{
		Inputs:     map[string][]byte{},
		sourceByID: map[string]*Source{},
		eventByID:  map[string]*Event{},
		figureByID: map[string]*Figure{},
	}}
	ok := ld.loadSources()
	ok = ld.loadEvents() && ok
	for _, f := range spec.Figures {
		ok = ld.loadFigures(f) && ok
	}
	ok = ld.loadRecognitions() && ok
	if !ok {
		return nil, l
	}
	ld.checkReferences()
	return ld.d, l
}

type loader struct {
	spec Spec
	l    *diag.List
	d    *Data
	// positions of reference cells, checked once every file is read
	refs []ref
	// figureIDs holds where each figure id was first used: ids are unique
	// across all figures files.
	figureIDs map[string]Place
}

// ref is a cell naming another record, resolved after all files are read.
type ref struct {
	file      string
	line, col int
	column    string
	kind      string // "source", "event"
	id        string
}

// path returns where to read a file (in spec.FS, or under spec.Dir) and
// how messages name it.
func (ld *loader) path(name string) (readPath, shown string) {
	shown = filepath.ToSlash(filepath.Join(ld.spec.Shown, name))
	if ld.spec.FS != nil {
		return name, shown
	}
	return filepath.Join(ld.spec.Dir, name), shown
}

// cellCheck reads typed values from one record (as gocsv decoded it) and
// reports bad cells at their positions in the table.
type cellCheck struct {
	t    *table
	r    int
	l    *diag.List
	vals map[string]string
}

func (c cellCheck) errorf(code diag.Code, column, format string, args ...any) {
	line, col := c.t.pos(c.r, column)
	c.l.Errorf(code, c.t.file, line, col, "column %q: %s", column, fmt.Sprintf(format, args...))
}

func (c cellCheck) get(column string) string { return c.vals[column] }

// required returns the cell, reporting it when empty.
func (c cellCheck) required(column, what string) string {
	v := c.get(column)
	if v == "" {
		c.errorf(diag.MissingValue, column, "is empty; %s", what)
	}
	return v
}

// vocab checks the cell against a closed list; empty is allowed unless
// required.
func (c cellCheck) vocab(column string, known []string, required bool) string {
	v := c.get(column)
	if v == "" {
		if required {
			c.errorf(diag.MissingValue, column, "is empty; expected one of: %s", strings.Join(known, ", "))
		}
		return ""
	}
	if !slices.Contains(known, v) {
		msg := fmt.Sprintf("unknown value %q; expected one of: %s", v, strings.Join(known, ", "))
		if s := diag.Suggest(v, known); s != "" {
			msg = fmt.Sprintf("unknown value %q (did you mean %q?); expected one of: %s", v, s, strings.Join(known, ", "))
		}
		c.errorf(diag.Vocabulary, column, "%s", msg)
		return ""
	}
	return v
}

var partialDate = regexp.MustCompile(`^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$`)

// date checks a partial date: 1992, 1992-02 or 1992-02-26.
func (c cellCheck) date(column string) string {
	v := c.get(column)
	if v == "" {
		return ""
	}
	if err := CheckDate(v); err != nil {
		c.errorf(diag.DateError, column, "%q %v", v, err)
		return ""
	}
	return v
}

// CheckDate returns an error when s is not a valid partial date.
func CheckDate(s string) error {
	m := partialDate.FindStringSubmatch(s)
	if m == nil {
		return fmt.Errorf("is not a date; write YYYY, YYYY-MM or YYYY-MM-DD (for example 1992-02-26)")
	}
	if m[2] != "" {
		mon, _ := strconv.Atoi(m[2])
		if mon < 1 || mon > 12 {
			return fmt.Errorf("has month %s; months run from 01 to 12", m[2])
		}
	}
	if m[3] != "" {
		if _, err := time.Parse("2006-01-02", s); err != nil {
			return fmt.Errorf("is not a day of the calendar (month %s has no day %s)", m[2], m[3])
		}
	}
	return nil
}

// count parses a whole non-negative number; nil when empty.
func (c cellCheck) count(column string) (*int64, bool) {
	v := c.get(column)
	if v == "" {
		return nil, true
	}
	n, err := ParseCount(v)
	if err != nil {
		code := diag.TypeError
		if ce, ok := err.(*countError); ok {
			code = ce.code
		}
		c.errorf(code, column, "%q %v", v, err)
		return nil, false
	}
	return &n, true
}

var (
	thousands = regexp.MustCompile(`^-?\d{1,3}([,  '’]\d{3})+$`)
	decimal   = regexp.MustCompile(`^-?\d*[.,]\d+$`)
)

// ParseCount parses a count: a whole number from 0 to MaxValue, written
// with digits only.
func ParseCount(s string) (int64, error) {
	switch {
	case thousands.MatchString(s):
		plain := strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' || r == '-' {
				return r
			}
			return -1
		}, s)
		return 0, &countError{diag.TypeError, "is written with a thousands separator; write digits only, as " + plain}
	case decimal.MatchString(s):
		return 0, &countError{diag.TypeError, "is a decimal number; counts are whole numbers"}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return 0, &countError{diag.Constraint, fmt.Sprintf("is too large; counts go up to %d", int64(MaxValue))}
		}
		return 0, &countError{diag.TypeError, "is not a whole number; write digits only, for example 613"}
	}
	if n < 0 {
		return 0, &countError{diag.Constraint, "is negative; counts are whole numbers of 0 or more"}
	}
	if n > MaxValue {
		return 0, &countError{diag.Constraint, fmt.Sprintf("is too large; counts go up to %d", int64(MaxValue))}
	}
	return n, nil
}

// ids splits a ;-separated list of ids and queues each for resolution.
func (ld *loader) ids(c cellCheck, column, kind string) []string {
	v := c.get(column)
	if v == "" {
		return nil
	}
	var out []string
	line, col := c.t.pos(c.r, column)
	for _, id := range strings.Split(v, ";") {
		id = strings.TrimSpace(id)
		if id == "" {
			c.errorf(diag.MissingValue, column, "%q has an empty id between semicolons", v)
			continue
		}
		out = append(out, id)
		ld.refs = append(ld.refs, ref{file: c.t.file, line: line, col: col, column: column, kind: kind, id: id})
	}
	return out
}

// uniqueID records id in seen, reporting a duplicate with the first place.
func uniqueID(c cellCheck, id string, seen map[string]Place) {
	if id == "" {
		return
	}
	if p, dup := seen[id]; dup {
		c.errorf(diag.UniqueError, "id", "%q is used twice; it was first used at %s:%d", id, p.File, p.Line)
		return
	}
	seen[id] = Place{File: c.t.file, Line: c.t.rowLine(c.r)}
}

// read reads one file and decodes its records as T; nil when the file
// cannot be used (the reasons are reported).
func read[T any](ld *loader, name string, cols columns) (*table, []map[string]string) {
	readPath, shown := ld.path(name)
	t := readTable(ld.spec.FS, readPath, shown, cols, ld.l)
	if t == nil {
		return nil, nil
	}
	recs, err := decodeRecords[T](t)
	if err != nil {
		ld.l.Errorf(diag.CSVSyntax, shown, 1, 1, "cannot map the columns: %v", err)
		return nil, nil
	}
	ld.d.Inputs[name] = t.raw
	return t, recs
}

func (ld *loader) loadSources() bool {
	t, rows := read[sourceRow](ld, SourcesFile, sourceColumns)
	if t == nil {
		return false
	}
	shown := t.file
	seen := map[string]Place{}
	for i := range rows {
		c := cellCheck{t, i, ld.l, rows[i]}
		s := &Source{Place: Place{shown, t.rowLine(i)}}
		s.ID = c.required("id", "every source needs an id that figures cite")
		uniqueID(c, s.ID, seen)
		s.Title = c.required("title", "every source needs a title")
		s.Publisher = c.get("publisher")
		s.Kind = c.vocab("kind", Kinds, true)
		s.Published = c.date("published")
		s.Accessed = c.date("accessed")
		s.URL = c.get("url")
		if s.URL != "" && !IsWebURL(s.URL) {
			line, col := t.pos(i, "url")
			ld.l.Warnf(diag.UnlinkedURL, shown, line, col, "column %q: %q is not an http or https address, so it is shown as text, not as a link; write it in full, starting with https://", "url", s.URL)
		}
		s.Note = c.get("note")
		ld.d.Sources = append(ld.d.Sources, s)
		if s.ID != "" {
			ld.d.sourceByID[s.ID] = s
		}
	}
	return true
}

// IsWebURL reports whether u is an absolute http or https address: the only
// addresses that become links.
func IsWebURL(u string) bool {
	lower := strings.ToLower(u)
	return (strings.HasPrefix(lower, "https://") || strings.HasPrefix(lower, "http://")) &&
		len(u) > len("https://") && !strings.ContainsAny(u, " \t\r\n\"'<>`")
}

func (ld *loader) loadEvents() bool {
	t, rows := read[eventRow](ld, EventsFile, eventColumns)
	if t == nil {
		return false
	}
	shown := t.file
	seen := map[string]Place{}
	for i := range rows {
		c := cellCheck{t, i, ld.l, rows[i]}
		e := &Event{Place: Place{shown, t.rowLine(i)}}
		e.ID = c.required("id", "every event needs an id that figures refer to")
		uniqueID(c, e.ID, seen)
		e.Name = c.required("name", "every event needs a name")
		e.Location = c.get("place")
		e.Start = c.date("start")
		e.End = c.date("end")
		if e.Start != "" && e.End != "" && e.End < e.Start {
			c.errorf(diag.Constraint, "end", "%q is before the start %q", e.End, e.Start)
		}
		e.Population, _ = c.count("population")
		e.PopulationSource = ld.ids(c, "population_source", "source")
		if e.Population != nil && len(e.PopulationSource) == 0 {
			c.errorf(diag.MissingValue, "population_source", "is empty; a population figure must cite a source id")
		}
		e.Note = c.get("note")
		ld.d.Events = append(ld.d.Events, e)
		if e.ID != "" {
			ld.d.eventByID[e.ID] = e
		}
	}
	return true
}

func (ld *loader) loadFigures(ff FigureFile) bool {
	t, rows := read[figureRow](ld, ff.File, figureColumns)
	if t == nil {
		return false
	}
	shown := t.file
	for i := range rows {
		c := cellCheck{t, i, ld.l, rows[i]}
		f := &Figure{Place: Place{shown, t.rowLine(i)}, Dataset: ff.Name, Fields: rows[i]}
		f.ID = c.required("id", "every figure needs an id, unique across all figures files")
		uniqueID(c, f.ID, ld.figureIDs)
		f.Event = c.required("event", "every figure names the event it is about")
		if f.Event != "" {
			line, col := t.pos(i, "event")
			ld.refs = append(ld.refs, ref{file: shown, line: line, col: col, column: "event", kind: "event", id: f.Event})
		}
		f.Measure = c.vocab("measure", Measures, true)
		f.Group = c.vocab("group", Groups, true)
		f.Parent = c.get("parent")
		f.Breakdown = c.vocab("breakdown", Breakdowns, false)
		if f.Parent != "" && f.Breakdown == "" && c.get("breakdown") == "" {
			c.errorf(diag.MissingValue, "breakdown", "is empty; a figure with a parent must say whether its groups may overlap (overlap) or not (partition)")
		}
		if f.Parent == "" && f.Breakdown != "" {
			c.errorf(diag.Constraint, "breakdown", "%q is set but parent is empty; breakdown applies only to a subset of another figure", f.Breakdown)
		}
		if f.Parent != "" && f.Parent == f.ID {
			c.errorf(diag.CycleError, "parent", "%q is the figure itself", f.Parent)
		}
		var okV, okMin, okMax bool
		f.Value, okV = c.count("value")
		f.Qualifier = c.vocab("qualifier", Qualifiers, true)
		f.Min, okMin = c.count("min")
		f.Max, okMax = c.count("max")
		if okV && okMin && okMax {
			checkQualifier(c, f)
		}
		f.Unit = c.vocab("unit", Units, false)
		if f.Unit == "" && c.get("unit") == "" {
			f.Unit = "persons"
		}
		f.AsOf = c.date("as_of")
		f.Sources = ld.ids(c, "source", "source")
		if len(f.Sources) == 0 && c.get("source") == "" {
			c.errorf(diag.MissingValue, "source", "is empty; every figure must cite at least one source id from sources.csv")
		}
		f.AttributedTo = c.get("attributed_to")
		f.Wording = c.get("wording")
		f.Note = c.get("note")
		f.cells = map[string][2]int{}
		for _, col := range []string{"parent", "value", "unit"} {
			line, cc := t.pos(i, col)
			f.cells[col] = [2]int{line, cc}
		}
		ld.d.Figures = append(ld.d.Figures, f)
		if f.ID != "" && ld.d.figureByID[f.ID] == nil {
			ld.d.figureByID[f.ID] = f
		}
	}
	return true
}

// checkQualifier enforces that the qualifier, value, min and max agree.
func checkQualifier(c cellCheck, f *Figure) {
	switch f.Qualifier {
	case "":
		return
	case "unknown":
		if f.Value != nil {
			c.errorf(diag.Constraint, "value", "%d is given but the qualifier is unknown; leave the value empty or choose another qualifier", *f.Value)
		}
	case "range":
		if f.Min == nil {
			c.errorf(diag.MissingValue, "min", "is empty; a range needs both min and max")
		}
		if f.Max == nil {
			c.errorf(diag.MissingValue, "max", "is empty; a range needs both min and max")
		}
		if f.Min != nil && f.Max != nil {
			if *f.Min > *f.Max {
				c.errorf(diag.Constraint, "max", "%d is below min %d; the bounds are reversed", *f.Max, *f.Min)
			} else if f.Value != nil && (*f.Value < *f.Min || *f.Value > *f.Max) {
				c.errorf(diag.Constraint, "value", "%d is outside the range %d to %d", *f.Value, *f.Min, *f.Max)
			}
		}
	default:
		if f.Value == nil {
			c.errorf(diag.MissingValue, "value", "is empty; a figure qualified %q needs a value (use qualifier unknown when none is reported)", f.Qualifier)
		}
		if f.Min != nil {
			c.errorf(diag.Constraint, "min", "is set but the qualifier is %q; min and max go only with qualifier range", f.Qualifier)
		}
		if f.Max != nil {
			c.errorf(diag.Constraint, "max", "is set but the qualifier is %q; min and max go only with qualifier range", f.Qualifier)
		}
	}
}

func (ld *loader) loadRecognitions() bool {
	t, rows := read[recognitionRow](ld, RecognitionsFile, recognitionColumns)
	if t == nil {
		return false
	}
	shown := t.file
	seen := map[string]Place{}
	for i := range rows {
		c := cellCheck{t, i, ld.l, rows[i]}
		r := &Recognition{Place: Place{shown, t.rowLine(i)}, Fields: rows[i]}
		r.ID = c.required("id", "every recognition needs an id")
		uniqueID(c, r.ID, seen)
		r.Event = c.required("event", "every recognition names the event it is about")
		if r.Event != "" {
			line, col := t.pos(i, "event")
			ld.refs = append(ld.refs, ref{file: shown, line: line, col: col, column: "event", kind: "event", id: r.Event})
		}
		r.Jurisdiction = c.required("jurisdiction", "name the country, state or organisation")
		r.Country = c.get("country")
		r.Level = c.vocab("level", Levels, true)
		r.Body = c.get("body")
		r.Instrument = c.get("instrument")
		r.Date = c.date("date")
		if v := c.get("term"); v != "" {
			for _, term := range strings.Split(v, ";") {
				term = strings.TrimSpace(term)
				if !slices.Contains(Terms, term) {
					msg := fmt.Sprintf("unknown term %q; expected one or more of: %s (separated by ;)", term, strings.Join(Terms, ", "))
					if s := diag.Suggest(term, Terms); s != "" {
						msg = fmt.Sprintf("unknown term %q (did you mean %q?); expected one or more of: %s (separated by ;)", term, s, strings.Join(Terms, ", "))
					}
					c.errorf(diag.Vocabulary, "term", "%s", msg)
					continue
				}
				r.Terms = append(r.Terms, term)
			}
		}
		r.Wording = c.get("wording")
		r.Status = c.vocab("status", Statuses, true)
		r.Sources = ld.ids(c, "source", "source")
		if len(r.Sources) == 0 && c.get("source") == "" {
			c.errorf(diag.MissingValue, "source", "is empty; every recognition must cite at least one source id from sources.csv")
		}
		r.Note = c.get("note")
		ld.d.Recognitions = append(ld.d.Recognitions, r)
	}
	return true
}

// checkReferences resolves every source, event and parent reference and
// checks that subsets fit within their parents.
func (ld *loader) checkReferences() {
	for _, r := range ld.refs {
		var known []string
		found := false
		switch r.kind {
		case "source":
			found = ld.d.sourceByID[r.id] != nil
			for _, s := range ld.d.Sources {
				known = append(known, s.ID)
			}
		case "event":
			found = ld.d.eventByID[r.id] != nil
			for _, e := range ld.d.Events {
				known = append(known, e.ID)
			}
		}
		if found {
			continue
		}
		file := SourcesFile
		if r.kind == "event" {
			file = EventsFile
		}
		msg := fmt.Sprintf("column %q: %s %q is not in %s", r.column, r.kind, r.id, file)
		if s := diag.Suggest(r.id, known); s != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", s)
		}
		ld.l.Errorf(diag.ForeignKey, r.file, r.line, r.col, "%s", msg)
	}
	ld.checkParents()
}

// checkParents resolves parents, rejects cycles, and checks that a subset
// never exceeds its parent and a partition's parts never exceed the whole.
func (ld *loader) checkParents() {
	figs := ld.d.Figures
	for _, f := range figs {
		if f.Parent == "" || f.Parent == f.ID {
			continue
		}
		p := ld.d.figureByID[f.Parent]
		if p == nil {
			known := make([]string, 0, len(figs))
			for _, g := range figs {
				known = append(known, g.ID)
			}
			msg := fmt.Sprintf("column %q: figure %q does not exist in any figures file", "parent", f.Parent)
			if s := diag.Suggest(f.Parent, known); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			ld.errorAt(diag.ForeignKey, f, "parent", "%s", msg)
			continue
		}
		if p.Measure != "" && f.Measure != "" && p.Unit != f.Unit {
			ld.errorAt(diag.SubsetError, f, "unit", "column %q: %q differs from its parent %q, which counts %s", "unit", f.Unit, p.ID, p.Unit)
		}
		if f.Value != nil && p.Value != nil && *f.Value > *p.Value {
			ld.errorAt(diag.SubsetError, f, "value", "column %q: %d is larger than its parent %q (%d); a subset cannot exceed the whole", "value", *f.Value, p.ID, *p.Value)
		}
	}
	// Cycles: follow parents from each figure; a revisit is a cycle.
	reported := map[string]bool{}
	for _, f := range figs {
		seen := map[string]bool{}
		var path []string
		for cur := f; cur != nil && cur.Parent != "" && cur.Parent != cur.ID; cur = ld.d.figureByID[cur.Parent] {
			if seen[cur.ID] {
				if !reported[cur.ID] {
					for _, id := range path {
						reported[id] = true
					}
					ld.errorAt(diag.CycleError, cur, "parent", "column %q: parents form a cycle: %s", "parent", strings.Join(append(cycleFrom(path, cur.ID), cur.ID), " → "))
				}
				break
			}
			seen[cur.ID] = true
			path = append(path, cur.ID)
		}
	}
	// Partitions: the parts of one parent may not add up to more than it.
	sums := map[string]int64{}
	var order []string
	last := map[string]*Figure{}
	for _, f := range figs {
		if f.Breakdown != "partition" || f.Value == nil || f.Parent == "" {
			continue
		}
		if _, ok := sums[f.Parent]; !ok {
			order = append(order, f.Parent)
		}
		sums[f.Parent] += *f.Value
		last[f.Parent] = f
	}
	for _, pid := range order {
		p := ld.d.figureByID[pid]
		if p == nil || p.Value == nil {
			continue
		}
		if sums[pid] > *p.Value {
			ld.errorAt(diag.SubsetError, last[pid], "value", "column %q: the partition parts of %q add up to %d, more than the whole (%d); parts of a partition cannot exceed it", "value", pid, sums[pid], *p.Value)
		}
	}
}

func cycleFrom(path []string, id string) []string {
	for i, p := range path {
		if p == id {
			return path[i:]
		}
	}
	return path
}

// errorAt reports an error at a figure's cell found after loading.
func (ld *loader) errorAt(code diag.Code, f *Figure, column, format string, args ...any) {
	line, col := f.Line, 1
	if pc, ok := f.cells[column]; ok {
		line, col = pc[0], pc[1]
	}
	ld.l.Errorf(code, f.File, line, col, format, args...)
}

// countError is why a cell is not a count, with its class: a value written
// the wrong way (type-error) or one outside the allowed range (constraint-error).
type countError struct {
	code diag.Code
	msg  string
}

func (e *countError) Error() string { return e.msg }
