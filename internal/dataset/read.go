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
	"strings"
	"unicode/utf8"

	"github.com/gocarina/gocsv"

	"github.com/dashgen/dashgen/internal/diag"
)

// table is a CSV file read with the true position of every cell, so that any
// later check can point at file:line:column.
type table struct {
	file    string   // path as shown in messages
	raw     []byte   // the file's bytes, for the build manifest
	header  []string // column names as written
	index   map[string]int
	records [][]string // body rows, header excluded
	lines   [][]int    // 1-based line of each cell, per body row
	cols    [][]int    // 1-based column (in characters) of each cell
}

// pos returns the line and column of column name in body row r. A column the
// file does not have points at the start of the row.
func (t *table) pos(r int, name string) (int, int) {
	i, ok := t.index[name]
	if !ok || i >= len(t.lines[r]) {
		return t.lines[r][0], 1
	}
	return t.lines[r][i], t.cols[r][i]
}

// rowLine is the line a body row starts on.
func (t *table) rowLine(r int) int { return t.lines[r][0] }

// readTable reads and structurally checks one CSV file: UTF-8, parseable,
// a header with the known columns, the same number of fields on every row.
// It returns nil when the file cannot be used at all; the reasons are in l.
func readTable(fsys fs.FS, path, shown string, cols columns, l *diag.List) *table {
	var raw []byte
	var err error
	if fsys != nil {
		raw, err = fs.ReadFile(fsys, path)
	} else {
		raw, err = os.ReadFile(path)
	}
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			l.Errorf(diag.FileMissing, shown, 0, 0, "the file does not exist; create it or fix its name in config.yaml")
		} else {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err // the path is already in the message
			}
			l.Errorf(diag.FileUnreadable, shown, 0, 0, "cannot read the file: %v", err)
		}
		return nil
	}
	return parseTable(raw, shown, cols, l)
}

// parseTable is readTable without the file system, for tests and fuzzing.
func parseTable(raw []byte, shown string, cols columns, l *diag.List) *table {
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
	lineStarts := indexLines(raw)

	r := csv.NewReader(bytes.NewReader(raw))
	r.FieldsPerRecord = -1 // counted below, so that every short or long row is reported
	r.ReuseRecord = false
	t := &table{file: shown, raw: raw, index: map[string]int{}}
	var rows [][]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				col := runeColumn(raw, lineStarts, pe.Line, pe.Column)
				l.Errorf(diag.CSVSyntax, shown, max(pe.Line, 1), max(col, 1), "%s", csvErrorText(pe.Err))
			} else {
				l.Errorf(diag.CSVSyntax, shown, 1, 1, "cannot parse the file as CSV: %v", err)
			}
			return nil
		}
		lines := make([]int, len(rec))
		colsAt := make([]int, len(rec))
		for i := range rec {
			ln, c := r.FieldPos(i)
			lines[i] = ln
			colsAt[i] = runeColumn(raw, lineStarts, ln, c)
		}
		if t.header == nil {
			t.header = rec
			if !checkHeader(t, cols, lines[0], colsAt, l) {
				return nil
			}
			continue
		}
		if len(rec) == 1 && rec[0] == "" {
			continue // a blank line inside the file
		}
		rows = append(rows, rec)
		t.lines = append(t.lines, lines)
		t.cols = append(t.cols, colsAt)
	}
	bad := false
	for i, rec := range rows {
		if len(rec) != len(t.header) {
			bad = true
			ln := t.lines[i][0]
			if len(rec) < len(t.header) {
				l.Errorf(diag.MissingCell, shown, ln, 1, "row has %d fields but the header has %d: missing %s", len(rec), len(t.header), quoteList(t.header[len(rec):]))
			} else {
				last := len(t.header)
				l.Errorf(diag.ExtraCell, shown, t.lines[i][last], t.cols[i][last], "row has %d fields but the header has %d: %d extra (a comma inside a value needs the value in double quotes)", len(rec), len(t.header), len(rec)-len(t.header))
			}
		}
	}
	if bad {
		return nil
	}
	t.records = rows
	return t
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
			msg := fmt.Sprintf("unknown column %q", name)
			if s := diag.Suggest(name, cols.all); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
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

// decodeRecords maps the body rows onto the struct T through gocsv, which
// matches header names to its csv tags, and returns each record's values by
// column name (trimmed). Every field is a string, so gocsv cannot fail on a
// value; typing happens in the caller, where the table gives each cell's
// true position.
func decodeRecords[T any](t *table) ([]map[string]string, error) {
	var rows []T
	if err := gocsv.UnmarshalDecoder(tableDecoder{t}, &rows); err != nil {
		return nil, err
	}
	out := make([]map[string]string, len(rows))
	for i := range rows {
		v := reflect.ValueOf(rows[i])
		fields := make(map[string]string, v.NumField())
		for j := 0; j < v.NumField(); j++ {
			fields[v.Type().Field(j).Tag.Get("csv")] = strings.TrimSpace(v.Field(j).String())
		}
		out[i] = fields
	}
	return out, nil
}

// tableDecoder hands gocsv the rows already read, header first.
type tableDecoder struct{ t *table }

func (d tableDecoder) GetCSVRows() ([][]string, error) {
	rows := make([][]string, 0, len(d.t.records)+1)
	rows = append(rows, d.t.header)
	return append(rows, d.t.records...), nil
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

// runeColumn turns encoding/csv's 1-based byte column on a line into a
// 1-based column in characters, as editors count it.
func runeColumn(raw []byte, lineStarts []int, line, byteCol int) int {
	if line < 1 || line > len(lineStarts) || byteCol < 1 {
		return byteCol
	}
	start := lineStarts[line-1]
	end := start + byteCol - 1
	if end > len(raw) {
		end = len(raw)
	}
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
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}
