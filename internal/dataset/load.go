package dataset

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/dashgen/dashgen/internal/arena"
	"github.com/dashgen/dashgen/internal/diag"
	"github.com/dashgen/dashgen/internal/idindex"
	"github.com/dashgen/dashgen/internal/input"
)

// MaxValue is the largest count accepted: far above any real figure, and
// exact in a JavaScript number.
const MaxValue = 1_000_000_000_000

// Load reads every file of spec and checks it. The returned list holds all
// errors and warnings; Data is nil when any file could not be read at all.
func Load(spec Spec) (*Data, *diag.List) {
	data, l, _ := LoadContext(context.Background(), spec)
	return data, l
}

// LoadContext is Load, stopping early when ctx ends: it checks ctx between
// files and every cancelEvery records while it reads. On an early stop it
// returns ctx's error, with no data and whatever the list held.
func LoadContext(ctx context.Context, spec Spec) (*Data, *diag.List, error) {
	l := &diag.List{}
	ld := &loader{ctx: ctx, spec: spec, l: l, tables: map[string]*table{}, missing: map[string]bool{}, d: &Data{
		Inputs:     map[string][]byte{},
		sourceByID: map[string]*Source{},
		eventByID:  map[string]*Event{},
		figureByID: idindex.New(func(f *Figure) string { return f.ID }),
	}}
	for k, kind := range vocabKinds {
		ld.known[k] = spec.vocabulary(kind)
	}
	// sources.csv and events.csv are needed only when something cites a
	// source or names an event (checkReferences says so once); a chart
	// reading recognitions needs recognitions.csv.
	optional := func(name string, load func() bool) func() bool {
		return func() bool {
			if ld.missing[name] = !ld.exists(name); ld.missing[name] {
				return true
			}
			return load()
		}
	}
	steps := []func() bool{optional(SourcesFile, ld.loadSources), optional(EventsFile, ld.loadEvents)}
	for _, f := range spec.Figures {
		steps = append(steps, func() bool { return ld.loadFigures(f) })
	}
	if spec.NeedRecognitions != "" || ld.exists(RecognitionsFile) {
		steps = append(steps, ld.loadRecognitions)
	}
	if ld.exists(CorrectionsFile) {
		steps = append(steps, ld.loadCorrections)
	}
	ok := true
	for _, step := range steps {
		if err := ctx.Err(); err != nil {
			return nil, l, err
		}
		ok = step() && ok
		ld.broken = !ok
	}
	if err := ctx.Err(); err != nil {
		return nil, l, err
	}
	if !ok {
		return nil, l, nil
	}
	ld.checkReferences()
	if err := ctx.Err(); err != nil {
		return nil, l, err
	}
	if !ld.incomplete {
		ld.checkCorrections()
	}
	if ld.incomplete {
		return nil, l, nil // rows were left out: the data is not whole
	}
	return ld.d, l, nil
}

// cancelEvery is how many records the loader reads between two looks at
// its context: often enough to stop within milliseconds, rarely enough to
// cost nothing measurable.
const cancelEvery = 4096

type loader struct {
	ctx  context.Context
	spec Spec
	l    *diag.List
	d    *Data
	// refs are the reference cells naming a source or event that does not
	// exist, in the order they were read; they are reported once every file
	// is read. Sources and events are read before the files that refer to
	// them, so each reference is resolved as its cell is read.
	refs []ref
	// broken is set once a file could not be used: Load then returns no
	// data and reports no references, so none are kept.
	broken bool
	// tables are the files read, by the path messages show, for the
	// positions of cells checked after every file is read.
	tables map[string]*table
	// known are the values of each vocabulary, by vocabKind.
	known [len(vocabKinds)][]string
	// missing holds the optional files (sources.csv, events.csv) that do
	// not exist.
	missing map[string]bool
	// incomplete is set once a file had rows left out (a wrong number of
	// fields, a syntax error): its other rows are checked, but Load
	// returns no data.
	incomplete bool
}

// mayHold reports whether a record of kind ("source", "event", "figure")
// with id may be in a row left out of its file, so that a reference to it
// is not reported as missing until that row is fixed.
func (ld *loader) mayHold(kind, id string) bool {
	if !ld.incomplete {
		return false
	}
	for _, t := range ld.tables {
		switch base := path.Base(t.file); {
		case kind == "source" && base == SourcesFile, kind == "event" && base == EventsFile,
			kind == "figure" && base != SourcesFile && base != EventsFile && base != RecognitionsFile && base != CorrectionsFile:
			if t.mayHold(id) {
				return true
			}
		}
	}
	return false
}

// exists reports whether the data folder has the file name; a file that
// cannot be looked at counts as there, so that reading it says why.
func (ld *loader) exists(name string) bool {
	readPath, _ := ld.path(name)
	var err error
	if ld.spec.FS != nil {
		_, err = fs.Stat(ld.spec.FS, readPath)
	} else {
		_, err = os.Stat(readPath)
	}
	return !errors.Is(err, fs.ErrNotExist)
}

// ref is a cell naming another record.
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

// cellCheck reads typed values from one record and reports bad cells at
// their positions in the table. Columns are named by their index in the
// file's schema; rules name other columns by name (col).
type cellCheck struct {
	ld   *loader
	t    *table
	at   int      // the record in t
	line int      // the line it starts on
	row  int32    // its index among the records of its part
	vals []string // its values by column of the file's schema, trimmed
	// bad has bit i set once a message was made about column i of the
	// record (the first 64 columns).
	bad uint64
	out *sink
	a   *arena.Arena
	// the last source and event ids found, as rows often repeat them
	lastSource, lastEvent string
	// the positions of the fields of the record, worked out once for all
	// its messages (fast reading only); posAt is at+1 when they are at hand
	posAt             int
	posLines, posCols []int
}

func (c *cellCheck) errorf(code diag.Code, column int, format string, args ...any) {
	c.bad |= 1 << (column & 63)
	line, col := c.pos(column)
	name := c.t.names[column]
	c.out.add(c.row, diag.Diagnostic{File: c.t.file, Line: line, Column: col, Code: code,
		Message: diag.Sprintf("column %q: %s", name, diag.Sprintf(format, args...))})
}

func (c *cellCheck) warnf(code diag.Code, column int, format string, args ...any) {
	line, col := c.pos(column)
	name := c.t.names[column]
	c.out.add(c.row, diag.Diagnostic{File: c.t.file, Line: line, Column: col, Code: code, Severity: diag.Warning,
		Message: diag.Sprintf("column %q: %s", name, diag.Sprintf(format, args...))})
}

func (c *cellCheck) pos(column int) (int, int) {
	i, ok := c.t.index[c.t.names[column]]
	if c.t.slow || !ok {
		return c.t.pos(c.at, c.line, c.t.names[column])
	}
	return c.fieldPos(i)
}

// fieldPos is the position of field i of the file's header in the record.
func (c *cellCheck) fieldPos(i int) (int, int) {
	if c.t.slow {
		return c.t.lines[c.at][i], c.t.cols[c.at][i]
	}
	if c.posAt != c.at+1 {
		c.posLines, c.posCols = c.t.recordPos(c.at, c.line)
		c.posAt = c.at + 1
	}
	if i >= len(c.posLines) {
		return c.line, 1 // not reached: the record was read before
	}
	return c.posLines[i], c.posCols[i]
}

// overLimit reports every cell of rec longer than the limit and returns
// whether there was one; the record is then left out.
func (c *cellCheck) overLimit(rec []string) bool {
	max, over := c.t.lim.cellBytes(), false
	for i, v := range rec {
		if len(v) <= max {
			continue
		}
		over = true
		line, col := c.fieldPos(i)
		c.out.add(c.row, diag.Diagnostic{File: c.t.file, Line: line, Column: col, Code: diag.LimitExceeded,
			Message: diag.Sprintf("column %q: the value is %s, more than the limit of %s for one cell; if it is right, raise limits.cell_size_kb in config.yaml", c.t.header[i], input.Size(int64(len(v))), input.Size(int64(max)))})
	}
	return over
}

func (c *cellCheck) get(column int) string { return c.vals[column] }

// col returns the index of column name in the file's schema; -1 when it
// has none, which col's callers never name.
func (c *cellCheck) col(name string) int {
	if i, ok := c.t.colOf[name]; ok {
		return i
	}
	return -1
}

// cell returns the value of column name.
func (c *cellCheck) cell(name string) string { return c.vals[c.col(name)] }

// failed reports whether a message was made about column name.
func (c *cellCheck) failed(name string) bool { return c.bad&(1<<(c.col(name)&63)) != 0 }

// vocab checks the cell against a closed list; empty is allowed unless
// required.
func (c *cellCheck) vocab(column int, known []string, required bool) string {
	return c.vocabOf(column, "", known, required)
}

// declared checks the cell against the project's vocabulary of kind
// (measure, group, …); empty is allowed unless required.
func (c *cellCheck) declared(column int, kind vocabKind, required bool) string {
	return c.vocabOf(column, vocabKinds[kind], c.ld.known[kind], required)
}

// vocabKind is a vocabulary a project declares, by its index in
// vocabKinds, so that a cell's check finds its values without a lookup.
type vocabKind int

const (
	vMeasure vocabKind = iota
	vGroup
	vUnit
	vLevel
	vTerm
	vKind
	vStatus
)

var vocabKinds = [...]string{vMeasure: "measure", vGroup: "group", vUnit: "unit", vLevel: "level", vTerm: "term", vKind: "kind", vStatus: "status"}

// vocabOf checks the cell against known, the values of a vocabulary
// (kind, which a project declares) or of a built-in list (kind "").
func (c *cellCheck) vocabOf(column int, kind string, known []string, required bool) string {
	v := c.get(column)
	if v == "" {
		if required {
			c.errorf(diag.MissingValue, column, "is empty; expected one of: %s", strings.Join(known, ", "))
		}
		return ""
	}
	if !slices.Contains(known, v) {
		what := "value"
		if kind != "" {
			what = kind
		}
		msg := diag.Sprintf("unknown %s %q; expected one of: %s%s", what, v, strings.Join(known, ", "), declareHint(kind))
		if s := diag.Suggest(v, known); s != "" {
			msg = diag.Sprintf("unknown %s %q (did you mean %q?); expected one of: %s%s", what, v, s, strings.Join(known, ", "), declareHint(kind))
		}
		c.errorf(diag.Vocabulary, column, "%s", msg)
		return ""
	}
	return v
}

// declareHint says where a value of a vocabulary kind is declared.
func declareHint(kind string) string {
	if kind == "" {
		return ""
	}
	return fmt.Sprintf("; to add it, declare it under labels.%s in config.yaml", kind)
}

// vocabList checks a cell of values of the project's vocabulary of kind,
// separated by semicolons, and returns the known ones; nil when empty.
func (c *cellCheck) vocabList(column int, kind vocabKind) []string {
	v := c.get(column)
	if v == "" {
		return nil
	}
	known := c.ld.known[kind]
	name := vocabKinds[kind]
	var out []string
	for _, term := range strings.Split(v, ";") {
		term = strings.TrimSpace(term)
		if !slices.Contains(known, term) {
			msg := diag.Sprintf("unknown %s %q; expected one or more of: %s (separated by ;)%s", name, term, strings.Join(known, ", "), declareHint(name))
			if s := diag.Suggest(term, known); s != "" {
				msg = diag.Sprintf("unknown %s %q (did you mean %q?); expected one or more of: %s (separated by ;)%s", name, term, s, strings.Join(known, ", "), declareHint(name))
			}
			c.errorf(diag.Vocabulary, column, "%s", msg)
			continue
		}
		out = append(out, term)
	}
	return out
}

var partialDate = regexp.MustCompile(`^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$`)

// date checks a partial date: 1992, 1992-02 or 1992-02-26.
func (c *cellCheck) date(column int) string {
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
	if plainDate(s) {
		return nil
	}
	m := partialDate.FindStringSubmatch(s)
	if m == nil {
		return fmt.Errorf("is not a date; write YYYY, YYYY-MM or YYYY-MM-DD (for example 2024-03-15)")
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

// plainDate reports whether s is a valid date of the calendar written
// YYYY, YYYY-MM or YYYY-MM-DD: the dates CheckDate accepts, recognised
// without a regular expression. Anything else takes CheckDate's long way.
func plainDate(s string) bool {
	digits := func(s string) (int, bool) {
		n := 0
		for i := 0; i < len(s); i++ {
			if s[i] < '0' || s[i] > '9' {
				return 0, false
			}
			n = n*10 + int(s[i]-'0')
		}
		return n, true
	}
	if len(s) != 4 && len(s) != 7 && len(s) != 10 {
		return false
	}
	year, ok := digits(s[:4])
	if !ok || len(s) == 4 {
		return ok
	}
	month, ok := digits(s[5:7])
	if !ok || s[4] != '-' || month < 1 || month > 12 {
		return false
	}
	if len(s) == 7 {
		return true
	}
	day, ok := digits(s[8:10])
	if !ok || s[7] != '-' || day < 1 {
		return false
	}
	days := [...]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[month-1]
	if month == 2 && year%4 == 0 && (year%100 != 0 || year%400 == 0) {
		days = 29
	}
	return day <= days
}

// count parses a whole non-negative number; nil when empty.
func (c *cellCheck) count(column int) (*int64, bool) {
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
	return c.a.Int(n), true
}

var (
	thousands = regexp.MustCompile(`^-?\d{1,3}([,  '’]\d{3})+$`)
	decimal   = regexp.MustCompile(`^-?\d*[.,]\d+$`)
)

// ParseCount parses a count: a whole number from 0 to MaxValue, written
// with digits only.
func ParseCount(s string) (int64, error) {
	if n, ok := plainCount(s); ok {
		return n, nil
	}
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
		return 0, &countError{diag.TypeError, "is not a whole number; write digits only, for example 1200"}
	}
	if n < 0 {
		return 0, &countError{diag.Constraint, "is negative; counts are whole numbers of 0 or more"}
	}
	if n > MaxValue {
		return 0, &countError{diag.Constraint, fmt.Sprintf("is too large; counts go up to %d", int64(MaxValue))}
	}
	return n, nil
}

// plainCount parses s when it is ASCII digits only, at most MaxValue: the
// counts ParseCount accepts as they are, read without regular expressions.
func plainCount(s string) (int64, bool) {
	if len(s) == 0 || len(s) > 13 {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int64(s[i]-'0')
	}
	return n, n <= MaxValue
}

// ref notes a cell naming the record id of kind ("source", "event"), kept
// for its message when no such record exists.
func (c *cellCheck) ref(column int, kind, id string) {
	ld := c.ld
	if ld.broken || kind == "any" { // "any": the log's ids, see checkCorrections
		return
	}
	switch kind {
	case "source":
		if id == c.lastSource {
			return
		}
		if ld.d.sourceByID[id] != nil {
			c.lastSource = id
			return
		}
	case "event":
		if id == c.lastEvent {
			return
		}
		if ld.d.eventByID[id] != nil {
			c.lastEvent = id
			return
		}
	}
	line, col := c.pos(column)
	c.out.misses = append(c.out.misses, ref{file: c.t.file, line: line, col: col, column: c.t.names[column], kind: kind, id: id})
}

// ids splits a ;-separated list of ids and resolves each.
func (c *cellCheck) ids(column int, kind string) []string {
	v := c.get(column)
	if v == "" {
		return nil
	}
	n := 0
	for rest, more := v, true; more; {
		var part string
		part, rest, more = strings.Cut(rest, ";")
		if strings.TrimSpace(part) != "" {
			n++
		}
	}
	var out []string
	if n > 0 {
		out = c.a.Strings(n)[:0]
	}
	for rest, more := v, true; more; {
		var part string
		part, rest, more = strings.Cut(rest, ";")
		id := strings.TrimSpace(part)
		if id == "" {
			c.errorf(diag.MissingValue, column, "%q has an empty id between semicolons", v)
			continue
		}
		out = append(out, id)
		c.ref(column, kind, id)
	}
	return out
}

// unique records the id of the record at p in seen, reporting a duplicate
// with the first place.
func unique(ld *loader, t *table, p Place, id string, seen map[string]Place) {
	if id == "" {
		return
	}
	if first, dup := seen[id]; dup {
		ld.l.Add(duplicate(t, p, id, first))
		return
	}
	seen[id] = p
}

// records is the number of records read in parts.
func records[R any](parts []*part[R]) int {
	n := 0
	for _, p := range parts {
		n += len(p.recs)
	}
	return n
}

// duplicate is the error for a record at p whose id was first used at
// first.
func duplicate(t *table, p Place, id string, first Place) diag.Diagnostic {
	line, col := t.pos(t.recordAt(p.Line), p.Line, "id")
	return diag.Diagnostic{File: t.file, Line: line, Column: col, Code: diag.UniqueError,
		Message: diag.Sprintf("column %q: %q is used twice; it was first used at %s:%d", "id", id, first.File, first.Line)}
}

// readFile reads one file by its schema, and checks every record into a
// record of type R. missing, when set, says what to do when the file does
// not exist. It returns nil when the file cannot be used (the reasons are
// reported).
func readFile[R any](ld *loader, name string, sch *schema[R], missing string) (*table, []*part[R]) {
	readPath, shown := ld.path(name)
	if ld.spec.Reading != nil {
		ld.spec.Reading(shown)
	}
	cols := sch.columns()
	cols.missing = missing
	t := readTable(ld.spec.FS, readPath, shown, cols, ld.spec.Limits, ld.l)
	if t == nil {
		return nil, nil
	}
	t.colOf = sch.index
	parts := readRows(ld, t, sch.check)
	if parts == nil {
		return nil, nil
	}
	ld.d.Inputs[name] = t.raw
	ld.d.Tables = append(ld.d.Tables, sch.describe(ld, name, t.header))
	ld.tables[t.file] = t
	if t.incomplete() {
		ld.incomplete = true
	}
	return t, parts
}

// merge walks the records of parts in file order: for each, first calls
// each, which may report the record's own problems (a duplicate id), then
// adds the problems found when it was checked. The references to missing
// records are kept, in order.
func merge[R any](ld *loader, parts []*part[R], each func(p *part[R], i int)) {
	for _, p := range parts {
		k := 0
		for i := range p.recs {
			each(p, i)
			for ; k < len(p.diags) && p.rowOf[k] == int32(i); k++ {
				ld.l.Add(p.diags[k])
			}
		}
		for ; k < len(p.diags); k++ { // about records left out after the last
			ld.l.Add(p.diags[k])
		}
		ld.refs = append(ld.refs, p.misses...)
	}
}

func (ld *loader) loadSources() bool {
	t, parts := readFile(ld, SourcesFile, sourceSchema, "")
	if t == nil {
		return false
	}
	seen := map[string]Place{}
	merge(ld, parts, func(p *part[Source], i int) {
		s := &p.recs[i]
		unique(ld, t, s.Place, s.ID, seen)
		ld.d.Sources = append(ld.d.Sources, s)
		if s.ID != "" {
			ld.d.sourceByID[s.ID] = s
		}
	})
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
	t, parts := readFile(ld, EventsFile, eventSchema, "")
	if t == nil {
		return false
	}
	seen := make(map[string]Place, records(parts))
	merge(ld, parts, func(p *part[Event], i int) {
		e := &p.recs[i]
		unique(ld, t, e.Place, e.ID, seen)
		ld.d.Events = append(ld.d.Events, e)
		if e.ID != "" {
			ld.d.eventByID[e.ID] = e
		}
	})
	return true
}

// The rules of the columns of events.csv, beyond their types.

// endAfterStart: an event does not end before it starts.
func endAfterStart(c *cellCheck, e *Event, i int) {
	if e.Start != "" && e.End != "" && e.End < e.Start {
		c.errorf(diag.Constraint, i, "%q is before the start %q", e.End, e.Start)
	}
}

// archivedCopy: the date of an archived copy is the date of a copy the
// row names.
func archivedCopy(c *cellCheck, s *Source, i int) {
	if s.Archived != "" && s.ArchiveURL == "" && c.cell("archive_url") == "" {
		c.errorf(diag.MissingValue, c.col("archive_url"), "is empty but archived is %q; the date is the date of the archived copy at archive_url", s.Archived)
	}
}

// populationCited: a population figure cites its source.
func populationCited(c *cellCheck, e *Event, i int) {
	if e.Population != nil && len(e.PopulationSource) == 0 {
		c.errorf(diag.MissingValue, i, "is empty; a population figure must cite a source id")
	}
}

// populationLabelled: a label names the words after a population.
func populationLabelled(c *cellCheck, e *Event, i int) {
	if e.PopulationLabel != "" && e.Population == nil {
		c.errorf(diag.Constraint, i, "is set but population is empty; the label names the words after a population figure")
	}
}

func (ld *loader) loadFigures(ff FigureFile) bool {
	missing := ""
	if ff.Key != "" {
		missing = fmt.Sprintf("create it, or fix its name at %s in config.yaml", ff.Key)
	}
	t, parts := readFile(ld, ff.File, figureSchema, missing)
	if t == nil {
		return false
	}
	// Ids are unique across all figures files: figureByID holds the first
	// figure with each.
	n := 0
	for _, p := range parts {
		n += len(p.recs)
	}
	hashes := make([][]uint64, len(parts))
	for k, p := range parts {
		hashes[k] = p.hashes
	}
	workers := 1
	if n >= rangeSize {
		workers = runtime.GOMAXPROCS(0)
	}
	dups := ld.d.figureByID.Add(hashes, func(k, i int) *Figure { return &parts[k].recs[i] }, workers)
	for _, p := range parts {
		p.hashes = nil
	}
	ld.d.Figures = slices.Grow(ld.d.Figures, n)
	merge(ld, parts, func(p *part[Figure], i int) {
		f := &p.recs[i]
		f.Dataset = ff.Name
		if first := dups[f]; first != nil {
			ld.l.Add(duplicate(t, f.Place, f.ID, first.Place))
		}
		ld.d.Figures = append(ld.d.Figures, f)
	})
	return true
}

// joined reports whether s is ids joined by semicolons.
func joined(s string, ids []string) bool {
	if len(ids) == 1 {
		return s == ids[0]
	}
	for i, id := range ids {
		if i > 0 {
			if s == "" || s[0] != ';' {
				return false
			}
			s = s[1:]
		}
		if !strings.HasPrefix(s, id) {
			return false
		}
		s = s[len(id):]
	}
	return s == ""
}

// sameCount reports whether s, which ParseCount read as v, is how
// countText writes v: digits, without a leading zero.
func sameCount(s string, v *int64) bool {
	if v == nil {
		return s == ""
	}
	if s == "" || s[0] == '0' && len(s) > 1 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// countText writes a count as a figures file does; "" for none.
func countText(v *int64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatInt(*v, 10)
}

// The rules of the columns of a figures file, beyond their types.

// breakdownOfParent: a subset says whether its groups may overlap, and
// only a subset says so; a figure is not its own parent.
func breakdownOfParent(c *cellCheck, f *Figure, i int) {
	if f.Parent != "" && f.Breakdown == "" && c.get(i) == "" {
		c.errorf(diag.MissingValue, i, "is empty; a figure with a parent must say whether its groups may overlap (overlap) or not (partition)")
	}
	if f.Parent == "" && f.Breakdown != "" {
		c.errorf(diag.Constraint, i, "%q is set but parent is empty; breakdown applies only to a subset of another figure", f.Breakdown)
	}
	if f.Parent != "" && f.Parent == f.ID {
		c.errorf(diag.CycleError, c.col("parent"), "%q is the figure itself", f.Parent)
	}
}

// hedgedExact warns of an exact figure the source words as an estimate.
func hedgedExact(c *cellCheck, f *Figure, i int) {
	if f.Qualifier == "exact" {
		if h := Hedge(f.Wording); h != "" {
			c.warnf(diag.HedgedExact, i, "%q hedges the figure, but the qualifier is exact; if the source gives an estimate or a bound, choose the qualifier that says so (about, at_least, more_than, up_to or range)", h)
		}
	}
}

// figureDone notes the figure's id for the index of every figure.
func figureDone(c *cellCheck, f *Figure) { c.out.hashID(f.ID) }

// checkQualifier enforces that the qualifier, value, min and max agree,
// once the three counts are read.
func checkQualifier(c *cellCheck, f *Figure, _ int) {
	if c.bad != 0 && (c.failed("value") || c.failed("min") || c.failed("max")) {
		return
	}
	switch f.Qualifier {
	case "":
		return
	case "unknown":
		if f.Value != nil {
			c.errorf(diag.Constraint, c.col("value"), "%d is given but the qualifier is unknown; leave the value empty or choose another qualifier", *f.Value)
		}
	case "range":
		if f.Min == nil {
			c.errorf(diag.MissingValue, c.col("min"), "is empty; a range needs both min and max")
		}
		if f.Max == nil {
			c.errorf(diag.MissingValue, c.col("max"), "is empty; a range needs both min and max")
		}
		if f.Min != nil && f.Max != nil {
			if *f.Min > *f.Max {
				c.errorf(diag.Constraint, c.col("max"), "%d is below min %d; the bounds are reversed", *f.Max, *f.Min)
			} else if f.Value != nil && (*f.Value < *f.Min || *f.Value > *f.Max) {
				c.errorf(diag.Constraint, c.col("value"), "%d is outside the range %d to %d", *f.Value, *f.Min, *f.Max)
			}
		}
	default:
		if f.Value == nil {
			c.errorf(diag.MissingValue, c.col("value"), "is empty; a figure qualified %q needs a value (use qualifier unknown when none is reported)", f.Qualifier)
		}
		if f.Min != nil {
			c.errorf(diag.Constraint, c.col("min"), "is set but the qualifier is %q; min and max go only with qualifier range", f.Qualifier)
		}
		if f.Max != nil {
			c.errorf(diag.Constraint, c.col("max"), "is set but the qualifier is %q; min and max go only with qualifier range", f.Qualifier)
		}
	}
}

func (ld *loader) loadRecognitions() bool {
	missing := ""
	if ld.spec.NeedRecognitions != "" {
		missing = fmt.Sprintf("its name is fixed, and %s reads it: create it in the data folder, or remove the charts that read it", ld.spec.NeedRecognitions)
	}
	t, parts := readFile(ld, RecognitionsFile, recognitionSchema, missing)
	if t == nil {
		return false
	}
	seen := make(map[string]Place, records(parts)) // sized once: no rehashing as it fills
	merge(ld, parts, func(p *part[Recognition], i int) {
		r := &p.recs[i]
		unique(ld, t, r.Place, r.ID, seen)
		ld.d.Recognitions = append(ld.d.Recognitions, r)
	})
	return true
}

// fixedFile is the file that holds the records of kind ("source",
// "event").
func fixedFile(kind string) string {
	if kind == "event" {
		return EventsFile
	}
	return SourcesFile
}

// checkReferences reports the references to sources and events that do not
// exist, and checks parents.
func (ld *loader) checkReferences() {
	var sourceIDs, eventIDs []string
	suggested := map[string]int{} // suggestions made per file; see worthSuggesting
	reported := map[string]bool{}
	for i, r := range ld.refs {
		if i%cancelEvery == 0 && ld.ctx.Err() != nil {
			return
		}
		if file := fixedFile(r.kind); ld.missing[file] {
			if !reported[file] {
				reported[file] = true
				_, shown := ld.path(file)
				ld.l.Errorf(diag.FileMissing, shown, 0, 0, "the file does not exist, and %s:%d:%d names %s %q; create it in the data folder (its name is fixed)",
					r.file, r.line, r.col, r.kind, r.id)
			}
			continue
		}
		if ld.mayHold(r.kind, r.id) {
			continue
		}
		var known []string
		file := SourcesFile
		switch r.kind {
		case "source":
			if sourceIDs == nil {
				for _, s := range ld.d.Sources {
					sourceIDs = append(sourceIDs, s.ID)
				}
			}
			known = sourceIDs
		case "event":
			if eventIDs == nil {
				for _, e := range ld.d.Events {
					eventIDs = append(eventIDs, e.ID)
				}
			}
			known = eventIDs
			file = EventsFile
		}
		msg := diag.Sprintf("column %q: %s %q is not in %s", r.column, r.kind, r.id, file)
		if worthSuggesting(suggested, r.file, len(known)) {
			if s := diag.Suggest(r.id, known); s != "" {
				msg += diag.Sprintf(" (did you mean %q?)", s)
			}
		}
		ld.l.Errorf(diag.ForeignKey, r.file, r.line, r.col, "%s", msg)
	}
	ld.checkParents()
}

// worthSuggesting says whether a "did you mean" search among n known ids
// may still be made for an error of file, and counts it. A search compares
// the value with every known id, so one per bad row of a large file would
// grow as the square of its rows; only diag.MaxPerFile errors of a file
// are shown, and a file's searches together compare at most
// suggestBudget pairs, so later errors go without a suggestion.
func worthSuggesting(made map[string]int, file string, n int) bool {
	if made[file]+n > suggestBudget || made[file] >= diag.MaxPerFile*n {
		return false
	}
	made[file] += n
	return true
}

// suggestBudget is how many value–id pairs the "did you mean" searches of
// one file may compare: enough for every shown error of a file that names
// a few thousand ids, and well under a second for any file.
const suggestBudget = 200_000

// checkParents resolves parents, rejects cycles, and checks that a subset
// never exceeds its parent and a partition's parts never exceed the whole.
// The figures are checked in ranges on every core; the messages are added
// in figure order.
func (ld *loader) checkParents() {
	figs := ld.d.Figures
	var knownOnce sync.Once
	var known []string // every figure id, for suggestions
	n := inRanges(len(figs), nil)
	diags := make([][]diag.Diagnostic, n)
	cycles := make([][]int, n)     // figures whose parents lead back to a figure seen
	partitions := make([][]int, n) // the parts of partitions whose whole exists, in order
	inRanges(len(figs), func(k, lo, hi int) {
		var lastID string // subsets follow their parent: the last one found
		var last *Figure
		suggested := map[string]int{} // suggestions made per file in this range; see worthSuggesting
		var buf [16]string
		for i := lo; i < hi; i++ {
			if (i-lo)%cancelEvery == 0 && ld.ctx.Err() != nil {
				return // the load stops; LoadContext returns ctx's error
			}
			f := figs[i]
			if f.Parent == "" {
				continue
			}
			p := last
			if f.Parent != lastID {
				p = ld.d.figureByID.Get(f.Parent)
				lastID, last = f.Parent, p
			}
			if f.Breakdown == "partition" && f.Value != nil && p != nil {
				partitions[k] = append(partitions[k], i)
			}
			if f.Parent == f.ID {
				continue
			}
			if p == nil && ld.mayHold("figure", f.Parent) {
				continue
			}
			if p == nil {
				knownOnce.Do(func() {
					known = make([]string, 0, len(figs))
					for _, g := range figs {
						known = append(known, g.ID)
					}
				})
				msg := diag.Sprintf("column %q: figure %q does not exist in any figures file", "parent", f.Parent)
				if worthSuggesting(suggested, f.File, len(figs)) {
					if s := diag.Suggest(f.Parent, known); s != "" {
						msg += diag.Sprintf(" (did you mean %q?)", s)
					}
				}
				diags[k] = append(diags[k], ld.diagAt(diag.ForeignKey, f, "parent", "%s", msg))
				continue
			}
			if p.Measure != "" && f.Measure != "" && p.Unit != f.Unit {
				diags[k] = append(diags[k], ld.diagAt(diag.SubsetError, f, "unit", "column %q: %q differs from its parent %q, which counts %s", "unit", f.Unit, p.ID, p.Unit))
			}
			if f.Value != nil && p.Value != nil && *f.Value > *p.Value {
				diags[k] = append(diags[k], ld.diagAt(diag.SubsetError, f, "value", "column %q: %d is larger than its parent %q (%d); a subset cannot exceed the whole", "value", *f.Value, p.ID, *p.Value))
			}
			// Cycles: follow parents from each figure; a revisit is a
			// cycle. A parent without a parent of its own ends the way.
			if p.Parent != "" && p.Parent != p.ID {
				if _, _, found := ld.followParents(f, p, buf[:0]); found {
					cycles[k] = append(cycles[k], i)
				}
			}
		}
	})
	for _, ds := range diags {
		for _, d := range ds {
			ld.l.Add(d)
		}
	}
	reported := map[string]bool{}
	for _, is := range cycles {
		for _, i := range is {
			cur, path, _ := ld.followParents(figs[i], ld.d.figureByID.Get(figs[i].Parent), nil)
			if !reported[cur.ID] {
				for _, id := range path {
					reported[id] = true
				}
				ld.l.Add(ld.diagAt(diag.CycleError, cur, "parent", "column %q: parents form a cycle: %s", "parent", strings.Join(append(cycleFrom(path, cur.ID), cur.ID), " → ")))
			}
		}
	}
	// Partitions: the parts of one parent may not add up to more than it.
	// A parent that does not exist has no value to exceed; two parent ids
	// are two figures, so the parts are summed by the figure they name.
	type sum struct {
		whole *Figure
		sum   int64
		last  *Figure
	}
	var sums []sum
	at := map[*Figure]int{}
	var lastID string
	var last *Figure
	for _, ps := range partitions {
		for _, i := range ps {
			f := figs[i]
			if f.Parent != lastID {
				lastID, last = f.Parent, ld.d.figureByID.Get(f.Parent)
			}
			j, ok := at[last]
			if !ok {
				j = len(sums)
				at[last] = j
				sums = append(sums, sum{whole: last})
			}
			sums[j].sum += *f.Value
			sums[j].last = f
		}
	}
	for _, s := range sums {
		if s.whole.Value != nil && s.sum > *s.whole.Value {
			ld.l.Add(ld.diagAt(diag.SubsetError, s.last, "value", "column %q: the partition parts of %q add up to %d, more than the whole (%d); parts of a partition cannot exceed it", "value", s.whole.ID, s.sum, *s.whole.Value))
		}
	}
}

// followParents follows parents from f, whose parent is p, until a figure
// without one, or one already visited (found): cur is that figure, path
// the ids visited before it, in order. path starts from buf.
func (ld *loader) followParents(f, p *Figure, buf []string) (cur *Figure, path []string, found bool) {
	path = buf[:0]
	var seen map[string]bool // when the path is long
	for cur = f; cur != nil && cur.Parent != "" && cur.Parent != cur.ID; {
		if seen != nil && seen[cur.ID] || seen == nil && slices.Contains(path, cur.ID) {
			return cur, path, true
		}
		path = append(path, cur.ID)
		if seen != nil {
			seen[cur.ID] = true
		} else if len(path) > 16 {
			seen = make(map[string]bool, 2*len(path))
			for _, id := range path {
				seen[id] = true
			}
		}
		if cur == f {
			cur = p
		} else {
			cur = ld.d.figureByID.Get(cur.Parent)
		}
	}
	return cur, path, false
}

func cycleFrom(path []string, id string) []string {
	for i, p := range path {
		if p == id {
			return path[i:]
		}
	}
	return path
}

// diagAt is an error at a figure's cell found after loading.
func (ld *loader) diagAt(code diag.Code, f *Figure, column, format string, args ...any) diag.Diagnostic {
	line, col := f.Line, 1
	if t := ld.tables[f.File]; t != nil {
		line, col = t.pos(t.recordAt(f.Line), f.Line, column)
	}
	return diag.Diagnostic{File: f.File, Line: line, Column: col, Code: code, Message: diag.Sprintf(format, args...)}
}

// countError is why a cell is not a count, with its class: a value written
// the wrong way (type-error) or one outside the allowed range (constraint-error).
type countError struct {
	code diag.Code
	msg  string
}

func (e *countError) Error() string { return e.msg }
