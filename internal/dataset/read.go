package dataset

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/gocarina/gocsv"

	"github.com/dashgen/dashgen/internal/csvfast"
	"github.com/dashgen/dashgen/internal/diag"
	"github.com/dashgen/dashgen/internal/input"
)

// table is a CSV file read so that any later check can point at the true
// file:line:column of a cell.
//
// The body is read in one of two ways. Usually it is split into records
// where it lies (csvfast, PlainOnly), without copying a value, and a cell's position
// is worked out only when a message needs it, by reading its record again
// with encoding/csv. A file the fast reading does not take as plain (a
// syntax error, a row with too few or too many fields, a carriage return
// inside a quoted value…) is read whole with encoding/csv instead, keeping
// every record and the position of every cell (slow).
type table struct {
	file   string // path as shown in messages
	lim    Limits
	raw    []byte   // the file's bytes, for the build manifest
	text   string   // raw as a string, sharing its memory: raw is never modified
	header []string // column names as written (trimmed)
	index  map[string]int
	// names are the columns of the file's schema, in order, colOf their
	// indices, and field the column of the file gocsv maps to each; -1
	// when the file does not have it.
	names []string
	colOf map[string]int
	field []int

	body     int // offset of the first byte after the header
	bodyLine int // line the body starts on

	slow bool
	// leftIDs are the values the id column of a row left out may hold (and
	// "" for any such row); leftRest is set when the end of the file was not
	// read (slow only).
	leftIDs  map[string]bool
	leftRest bool
	records  [][]string // body rows, header excluded (slow only)
	lines    [][]int    // 1-based line of each cell, per body row (slow only)
	cols     [][]int    // 1-based column (in characters) of each cell (slow only)

	lineStartsOnce sync.Once
	lineStarts     []int // offset of each line, made when first needed
}

// A record is named by at: its byte offset in the file when read fast, its
// index in records when read slow; line is the line it starts on.

// recordAt returns the record that starts on line: a record starts at the
// start of a line, and no two on the same line.
func (t *table) recordAt(line int) int {
	if t.slow {
		i, _ := slices.BinarySearchFunc(t.lines, line, func(ls []int, line int) int { return ls[0] - line })
		return i
	}
	t.lineStartsOnce.Do(func() { t.lineStarts = indexLines(t.raw) })
	return t.lineStarts[line-1]
}

// pos returns the line and column of column name in the record at. A column
// the file does not have points at the start of the row.
func (t *table) pos(at, line int, name string) (int, int) {
	i, ok := t.index[name]
	if t.slow {
		if !ok || i >= len(t.lines[at]) {
			return t.lines[at][0], 1
		}
		return t.lines[at][i], t.cols[at][i]
	}
	if !ok {
		return line, 1
	}
	lines, cols := t.recordPos(at, line)
	if i >= len(lines) {
		return line, 1 // not reached: the record was read before
	}
	return lines[i], cols[i]
}

// recordPos reads the record at byte offset off again with csvfast, so
// that the positions are the ones encoding/csv gives: the line and byte
// column of each field (of its opening quote when quoted), the column then
// counted in characters, all in one pass over the record.
func (t *table) recordPos(off, line int) (lines, cols []int) {
	r := csvfast.NewStringReader(t.text[off:])
	r.FieldsPerRecord = -1
	rec, err := r.Read()
	if err != nil {
		return nil, nil // not reached: the record was read before
	}
	lines, cols = make([]int, len(rec)), make([]int, len(rec))
	cc := colCounter{raw: t.raw}
	cc.reset(1, off)
	for i := range rec {
		ln, byteCol := r.FieldPos(i)
		cols[i] = cc.col(ln, byteCol)
		lines[i] = line + ln - 1
	}
	return lines, cols
}

// readTable reads one CSV file and checks what can be checked before its
// body: UTF-8, parseable header, the known columns (cols); then maps the
// header onto the columns through gocsv. It returns nil when the file
// cannot be used at all; the reasons are in l. The body is checked when it
// is read (readRows).
func readTable(fsys fs.FS, path, shown string, cols columns, lim Limits, l *diag.List) *table {
	var raw []byte
	var err error
	limit := input.Limit{Bytes: lim.fileBytes(), Raise: "if the file is right, raise limits.file_size_mb in config.yaml"}
	if fsys != nil {
		raw, err = input.ReadFS(fsys, path, limit)
	} else {
		raw, err = input.ReadFile(path, limit)
	}
	if err != nil {
		var p *input.Problem
		switch {
		case errors.Is(err, os.ErrNotExist):
			l.Errorf(diag.FileMissing, shown, 0, 0, "the file does not exist; %s", cols.missingHint())
		case errors.As(err, &p):
			l.Errorf(p.Code, shown, 0, 0, "%s", p.Msg)
		default:
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err // the path is already in the message
			}
			l.Errorf(diag.FileUnreadable, shown, 0, 0, "cannot read the file: %v", err)
		}
		return nil
	}
	return parseTable(raw, shown, cols, lim, l)
}

// parseTable is readTable without the file system.
func parseTable(raw []byte, shown string, cols columns, lim Limits, l *diag.List) *table {
	raw = bytes.TrimPrefix(raw, []byte("\uFEFF")) // a BOM from a spreadsheet is fine
	if kind := binaryKind(raw); kind != "" {
		l.Errorf(diag.NotText, shown, 1, 1, "the file is %s, not CSV text; export it as \"CSV UTF-8\" from the spreadsheet", kind)
		return nil
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		l.Errorf(diag.EmptyFile, shown, 1, 1, "the file is empty; it needs at least a header row: %s", strings.Join(cols.all, ","))
		return nil
	}
	// A NUL byte marks a binary file (an image, a database) more surely than
	// bytes that are not UTF-8, which a text file in a legacy encoding has too.
	if i := bytes.IndexByte(raw, 0); i >= 0 {
		line, col := offsetPos(raw, i)
		l.Errorf(diag.NotText, shown, line, col, "the file contains a NUL byte: it is not a CSV text file")
		return nil
	}
	if line, col, ok := firstInvalidUTF8(raw); !ok {
		l.Errorf(diag.EncodingError, shown, line, col, "the file is not UTF-8 text (invalid byte sequence); save it as UTF-8 CSV")
		return nil
	}
	if ln := fieldsOver(raw, 0, 1, MaxFields, true); ln > 0 {
		l.Errorf(diag.LimitExceeded, shown, ln, 1, "the header has more than %d columns; this file has at most %d: %s", MaxFields, len(cols.all), strings.Join(cols.all, ","))
		return nil
	}
	t := &table{file: shown, lim: lim, raw: raw, text: csvfast.String(raw), index: map[string]int{}}

	r := csv.NewReader(bytes.NewReader(raw))
	r.FieldsPerRecord = -1
	rec, err := r.Read()
	if err == io.EOF {
		// Only blank lines: not reached, as the file is not blank.
		t.body, t.bodyLine = len(raw), 1+bytes.Count(raw, []byte("\n"))
		t.slow = true
		return t
	}
	if err != nil {
		reportCSVError(raw, shown, err, l)
		return nil
	}
	colsAt := make([]int, len(rec))
	var line int
	cc := colCounter{raw: raw}
	cc.reset(1, 0)
	for i := range rec {
		ln, c := r.FieldPos(i)
		if i == 0 {
			line = ln
		}
		colsAt[i] = cc.col(ln, c)
	}
	t.header = rec
	if !checkHeader(t, cols, line, colsAt, l) {
		return nil
	}
	t.body = int(r.InputOffset())
	t.bodyLine = 1 + bytes.Count(raw[:t.body], []byte("\n"))
	if err := mapFields(t, cols.all); err != nil {
		// Not reached with rows of text fields. As before, problems in the
		// body come first.
		if t.readSlow(l) {
			l.Errorf(diag.CSVSyntax, shown, 1, 1, "cannot map the columns: %v", err)
		}
		return nil
	}
	return t
}

// mapFields has gocsv map the header onto the columns, once: it decodes,
// into a struct of a text field per column tagged with the column's name,
// one probe row whose cells are their own column numbers, so that each
// field of the result holds the column gocsv fills it from.
func mapFields(t *table, names []string) error {
	fields := make([]reflect.StructField, len(names))
	for j, name := range names {
		fields[j] = reflect.StructField{Name: fmt.Sprintf("C%d", j), Type: reflect.TypeFor[string](), Tag: reflect.StructTag(fmt.Sprintf("csv:%q", name))}
	}
	probe := make([]string, len(t.header))
	for i := range probe {
		probe[i] = strconv.Itoa(i)
	}
	rows := reflect.New(reflect.SliceOf(reflect.StructOf(fields)))
	if err := gocsv.UnmarshalDecoder(probeDecoder{t.header, probe}, rows.Interface()); err != nil {
		return err
	}
	if rows.Elem().Len() != 1 {
		return fmt.Errorf("gocsv decoded %d rows from one", rows.Elem().Len())
	}
	v := rows.Elem().Index(0)
	t.names = names
	t.field = make([]int, len(names))
	for j := range t.field {
		t.field[j] = -1
		if s := v.Field(j).String(); s != "" {
			k, err := strconv.Atoi(s)
			if err != nil || k < 0 || k >= len(t.header) {
				return fmt.Errorf("column %s mapped to %q", names[j], s)
			}
			t.field[j] = k
		}
	}
	return nil
}

// probeDecoder hands gocsv the header and the probe row.
type probeDecoder struct{ header, probe []string }

func (d probeDecoder) GetCSVRows() ([][]string, error) {
	return [][]string{d.header, d.probe}, nil
}

// readSlow reads the whole file with encoding/csv, keeping every record and
// the position of every cell. A row with the wrong number of fields, or
// with a syntax error on its line, is reported and left out, and the rows
// after it are still read, so that one bad row hides no other problem. A
// quoted value that runs on past its line ends the reading there: where
// the next record starts is then not known. It returns false when the file
// cannot be used at all (a row past the limit of fields).
func (t *table) readSlow(l *diag.List) bool {
	raw := t.raw
	shown := t.file
	if ln := fieldsOver(raw, t.body, t.bodyLine, MaxFields, false); ln > 0 {
		l.Errorf(diag.LimitExceeded, shown, ln, 1, "row has more than %d fields but the header has %d (a comma inside a value needs the value in double quotes)", MaxFields, len(t.header))
		return false
	}
	lineStarts := indexLines(raw)
	cc := colCounter{raw: raw}
	r := csv.NewReader(bytes.NewReader(raw))
	r.FieldsPerRecord = -1 // counted below, so that every short or long row is reported
	r.ReuseRecord = false
	var rows [][]string
	var lines, cols [][]int
	header := true
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			// encoding/csv goes on at the line after the error.
			t.leaveOut(rec, 0)
			if reportCSVError(raw, shown, err, l) {
				t.leftRest = true
				break
			}
			continue
		}
		if header {
			header = false // read and checked before
			continue
		}
		if len(rec) == 1 && rec[0] == "" {
			continue // a blank line inside the file
		}
		ls := make([]int, len(rec))
		cs := make([]int, len(rec))
		for i := range rec {
			ln, c := r.FieldPos(i)
			if i == 0 {
				cc.reset(ln, lineStarts[ln-1])
			}
			ls[i] = ln
			cs[i] = cc.col(ln, c)
		}
		if len(rec) != len(t.header) {
			if len(rec) < len(t.header) {
				l.Add(diag.Diagnostic{File: shown, Line: ls[0], Column: 1, Code: diag.MissingCell,
					Message: fmt.Sprintf("row has %d %s but the header has %d: missing %s", len(rec), diag.Plural(len(rec), "field", "fields"), len(t.header), quoteList(t.header[len(rec):]))})
			} else {
				last := len(t.header)
				l.Add(diag.Diagnostic{File: shown, Line: ls[last], Column: cs[last], Code: diag.ExtraCell,
					Message: fmt.Sprintf("row has %d fields but the header has %d: %d extra (a comma inside a value needs the value in double quotes)", len(rec), len(t.header), len(rec)-len(t.header))})
			}
			t.leaveOut(rec, len(rec)-len(t.header))
			continue // its values are not where the header says: the row is not checked
		}
		rows = append(rows, rec)
		lines = append(lines, ls)
		cols = append(cols, cs)
	}
	t.slow = true
	t.records, t.lines, t.cols = rows, lines, cols
	return true
}

// leaveOut notes a row left out, rec as encoding/csv read it, with shift
// fields more than the header (fewer when negative): its id may be any
// value from the id column to shift fields away, and a record that names
// one of them is not said to be missing.
func (t *table) leaveOut(rec []string, shift int) {
	if t.leftIDs == nil {
		t.leftIDs = map[string]bool{}
	}
	t.leftIDs[""] = true // marks the file as not read whole
	i, ok := t.index["id"]
	if !ok {
		return
	}
	for j := min(i, i+shift); j <= max(i, i+shift); j++ {
		if j >= 0 && j < len(rec) {
			t.leftIDs[strings.TrimSpace(rec[j])] = true
		}
	}
}

// incomplete reports whether rows of the file were left out.
func (t *table) incomplete() bool { return len(t.leftIDs) > 0 || t.leftRest }

// mayHold reports whether a record with id may be among the rows left out.
func (t *table) mayHold(id string) bool { return t.leftRest || t.leftIDs[id] }

// reportCSVError reports a syntax error encoding/csv found, and returns
// whether the rest of the file cannot be read: after a quoted value that
// runs on past its line, where the next record starts is not known.
func reportCSVError(raw []byte, shown string, err error, l *diag.List) (stop bool) {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		l.Errorf(diag.CSVSyntax, shown, 1, 1, "cannot parse the file as CSV: %v", err)
		return true
	}
	if errors.Is(pe.Err, csv.ErrQuote) {
		if q, ok := runOnQuote(raw, pe.StartLine); ok {
			if q.endLine == 0 {
				l.Errorf(diag.CSVSyntax, shown, q.line, q.col, "a quoted value starts here and is never closed: it runs to the end of the file, so every line after this one was read as part of it and is not checked; end the value with a double quote (write a quote inside a value as \"\")")
			} else {
				l.Errorf(diag.CSVSyntax, shown, q.line, q.col, "a quoted value starts here and runs on to line %d, where a double quote is followed by text: its closing quote is probably missing, so lines %d to %d were read as one value, and the rest of the file is not checked; end the value with a double quote (write a quote inside a value as \"\")", q.endLine, q.line, q.endLine)
			}
			return true
		}
	}
	col := runeColumnAt(raw, pe.Line, pe.Column)
	l.Errorf(diag.CSVSyntax, shown, max(pe.Line, 1), max(col, 1), "%s", csvErrorText(pe.Err))
	return false
}

// quoteAt is where a quoted value opens (line, column in characters) and
// the line of the quote that ends it, 0 when none does.
type quoteAt struct{ line, col, endLine int }

// runOnQuote finds, in the record that starts on line, a quoted value that
// is not closed on the line it opens: one no quote ever closes, or one
// whose closing quote, on a later line, is followed by text. ok is false
// when the record has none.
func runOnQuote(raw []byte, line int) (q quoteAt, ok bool) {
	off := 0
	for k := 1; k < line; k++ {
		i := bytes.IndexByte(raw[off:], '\n')
		if i < 0 {
			return q, false
		}
		off += i + 1
	}
	for off < len(raw) {
		if raw[off] != '"' {
			i := bytes.IndexAny(raw[off:], ",\n")
			if i < 0 || raw[off+i] == '\n' {
				return q, false
			}
			off += i + 1
			continue
		}
		open, p := off, off+1
		for {
			i := bytes.IndexByte(raw[p:], '"')
			if i < 0 {
				ln, col := offsetPos(raw, open)
				return quoteAt{ln, col, 0}, true
			}
			p += i + 1
			if p < len(raw) && raw[p] == '"' {
				p++
				continue
			}
			break
		}
		if p == len(raw) || raw[p] == '\n' || raw[p] == '\r' && p+1 < len(raw) && raw[p+1] == '\n' {
			return q, false
		}
		if raw[p] != ',' {
			ln, col := offsetPos(raw, open)
			end, _ := offsetPos(raw, p-1)
			if end == ln {
				return q, false // closed on its own line, then text: not a run-on
			}
			return quoteAt{ln, col, end}, true
		}
		off = p + 1
	}
	return q, false
}

// checkHeader reports missing, duplicate, blank and unknown columns.
func checkHeader(t *table, cols columns, line int, colsAt []int, l *diag.List) bool {
	ok := true
	known := map[string]bool{}
	for _, c := range cols.all {
		known[c] = true
	}
	// A first line naming no known column is not a header at all: the wrong
	// file, or no header row. One message says so instead of one per column.
	if !slices.ContainsFunc(t.header, func(h string) bool { return known[strings.TrimSpace(h)] }) {
		l.Errorf(diag.MissingHeader, t.file, line, 1, "the first line names none of the known columns, so it is not this file's header; is this the right file? The first line must be a header such as: %s", strings.Join(cols.all, ","))
		return false
	}
	suggested := map[string]bool{} // required columns an unknown name is a typo of
	for i, name := range t.header {
		name = strings.TrimSpace(name)
		t.header[i] = name
		switch {
		case name == "":
			l.Errorf(diag.BlankHeader, t.file, line, colsAt[i], "header column %d is blank; every column needs a name (known: %s)", i+1, strings.Join(cols.all, ", "))
			ok = false
		case !known[name]:
			msg := diag.Sprintf("unknown column %q", name)
			if s := diag.Suggest(name, cols.all); s != "" {
				msg += diag.Sprintf(" (did you mean %q?)", s)
				suggested[s] = true
			} else {
				msg += fmt.Sprintf(" (known: %s)", strings.Join(cols.all, ", "))
			}
			l.Errorf(diag.UnknownHeader, t.file, line, colsAt[i], "%s", msg)
			ok = false
		default:
			if _, dup := t.index[name]; dup {
				l.Errorf(diag.DuplicateHeader, t.file, line, colsAt[i], "column %q appears twice in the header", name)
				ok = false
				continue
			}
			t.index[name] = i
		}
	}
	for _, req := range cols.required {
		if _, present := t.index[req]; !present && !suggested[req] {
			l.Errorf(diag.MissingHeader, t.file, line, 1, "missing required column %q (the header must have: %s)", req, strings.Join(cols.required, ", "))
			ok = false
		}
	}
	return ok
}

func csvErrorText(err error) string {
	switch {
	case errors.Is(err, csv.ErrBareQuote):
		return `a double quote appears inside a value that is not quoted; wrap the whole value in double quotes and write the inner quote as ""`
	case errors.Is(err, csv.ErrQuote):
		return `a quoted value is not closed properly: after a closing double quote a comma or the end of the line must follow (write a quote inside a value as "")`
	default:
		return "cannot parse the file as CSV: " + err.Error()
	}
}

// binaryKind names the spreadsheet or text formats people save by mistake
// instead of CSV, recognised by their first bytes.
func binaryKind(raw []byte) string {
	switch {
	case bytes.HasPrefix(raw, []byte("PK\x03\x04")):
		return "a zip archive (an .xlsx or .ods workbook?)"
	case bytes.HasPrefix(raw, []byte("\xD0\xCF\x11\xE0")):
		return "an old Excel workbook (.xls)"
	case bytes.HasPrefix(raw, []byte("\xFF\xFE")), bytes.HasPrefix(raw, []byte("\xFE\xFF")):
		return "UTF-16 text"
	case bytes.HasPrefix(raw, []byte("%PDF-")):
		return "a PDF document"
	}
	return ""
}

func indexLines(raw []byte) []int {
	starts := []int{0}
	for i, b := range raw {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// runeColumnAt turns encoding/csv's 1-based byte column on a line into a
// 1-based column in characters, as editors count it, for one position.
func runeColumnAt(raw []byte, line, byteCol int) int {
	if line < 1 || byteCol < 1 {
		return byteCol
	}
	start := 0
	for k := 1; k < line; k++ {
		i := bytes.IndexByte(raw[start:], '\n')
		if i < 0 {
			return byteCol // past the last line
		}
		start += i + 1
	}
	end := min(start+byteCol-1, len(raw))
	return utf8.RuneCount(raw[start:end]) + 1
}

func firstInvalidUTF8(raw []byte) (line, col int, ok bool) {
	if utf8.Valid(raw) {
		return 0, 0, true
	}
	for i := 0; i < len(raw); {
		r, size := utf8.DecodeRune(raw[i:])
		if r == utf8.RuneError && size <= 1 {
			line, col = offsetPos(raw, i)
			return line, col, false
		}
		i += size
	}
	return 0, 0, true
}

func offsetPos(raw []byte, off int) (line, col int) {
	line = 1 + bytes.Count(raw[:off], []byte("\n"))
	start := bytes.LastIndexByte(raw[:off], '\n') + 1
	return line, utf8.RuneCount(raw[start:off]) + 1
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = diag.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}
