// Package csvfast reads CSV records held in memory as encoding/csv reads
// them (its defaults: comma, no comments, strict quotes), faster: a plain
// record is split where it lies, its values slices of the input, and only a
// value with doubled quotes is copied. Anything else (a syntax error, a row
// with the wrong number of fields, a carriage return inside quotes, a
// stray carriage return) is read by encoding/csv itself, from the start of
// that record on, so the records, errors and positions are always the ones
// encoding/csv gives (FuzzReaderAgrees holds it to that).
//
// The values share the input's memory: the input must not be modified
// while they are in use.
package csvfast

import (
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unsafe"
)

// ErrNotPlain is returned by a Reader with PlainOnly set for a record it
// leaves to encoding/csv.
var ErrNotPlain = errors.New("csvfast: the record is not plain")

// A Reader reads records from CSV text in memory, as encoding/csv.Reader
// does.
type Reader struct {
	// FieldsPerRecord is as in encoding/csv: when positive, every record
	// must have that many fields; when 0, the first record sets it; when
	// negative, records may have any number of fields.
	FieldsPerRecord int
	// ReuseRecord is as in encoding/csv: Read may return a slice sharing
	// the backing array of the one it returned before.
	ReuseRecord bool
	// PlainOnly makes Read return ErrNotPlain, and read nothing, instead of
	// handing a record that is not plain to encoding/csv. A record with a
	// number of fields other than a positive FieldsPerRecord is not plain.
	// For a caller that reads such files another way.
	PlainOnly bool

	s    string
	off  int // the offset of the first byte not read
	line int // the line off is on

	recOff, recLine int      // where the last record read starts
	rec             []string // the last record read, for ReuseRecord
	pos             []position
	posOK           bool // pos holds the last record's fields

	// csv reads the rest of the input once a record is not plain; its
	// lines and offsets count from base, on baseLine.
	csv            *csv.Reader
	base, baseLine int
}

type position struct{ line, col int }

// NewReader returns a Reader of b. The records' values share b's memory.
func NewReader(b []byte) *Reader {
	return NewStringReader(unsafe.String(unsafe.SliceData(b), len(b)))
}

// NewStringReader returns a Reader of s.
func NewStringReader(s string) *Reader { return &Reader{s: s, line: 1} }

// String returns b as a string sharing its memory: b must not be modified
// while the string is in use.
func String(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// Read reads one record, as encoding/csv's Read: io.EOF at the end of the
// input, a *csv.ParseError (with encoding/csv's positions) for a syntax
// error or a record with the wrong number of fields, in which case the
// record read so far is returned with it.
func (r *Reader) Read() ([]string, error) {
	if r.csv != nil {
		return r.readCSV()
	}
	s := r.s
	for r.off < len(s) { // blank lines, which encoding/csv skips
		if s[r.off] == '\n' {
			r.off++
			r.line++
		} else if s[r.off] == '\r' && r.off+1 < len(s) && s[r.off+1] == '\n' {
			r.off += 2
			r.line++
		} else {
			break
		}
	}
	if r.off == len(s) {
		return nil, io.EOF
	}
	dst := r.rec[:0]
	if !r.ReuseRecord {
		dst = nil
		if r.FieldsPerRecord > 0 {
			dst = make([]string, 0, r.FieldsPerRecord)
		}
	}
	max := -1
	if r.PlainOnly && r.FieldsPerRecord > 0 {
		max = r.FieldsPerRecord
	}
	rec, next, lines, ok := scan(s, r.off, dst, max)
	if ok && r.FieldsPerRecord > 0 && len(rec) != r.FieldsPerRecord {
		ok = false
	}
	if !ok {
		if r.PlainOnly {
			return nil, ErrNotPlain
		}
		r.csv = csv.NewReader(strings.NewReader(s[r.off:]))
		r.csv.FieldsPerRecord = r.FieldsPerRecord
		r.csv.ReuseRecord = r.ReuseRecord
		r.base, r.baseLine = r.off, r.line
		return r.readCSV()
	}
	if r.FieldsPerRecord == 0 {
		r.FieldsPerRecord = len(rec)
	}
	if r.ReuseRecord && cap(rec) > cap(r.rec) {
		r.rec = rec[:0] // a new array; stored only then, as a store of a pointer costs
	}
	r.recOff, r.recLine = r.off, r.line
	r.off, r.line = next, r.line+lines
	r.posOK = false
	return rec, nil
}

// readCSV reads a record with encoding/csv, its positions moved to the
// whole input's.
func (r *Reader) readCSV() ([]string, error) {
	rec, err := r.csv.Read()
	r.FieldsPerRecord = r.csv.FieldsPerRecord
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		moved := *pe
		if moved.StartLine > 0 {
			moved.StartLine += r.baseLine - 1
		}
		if moved.Line > 0 {
			moved.Line += r.baseLine - 1
		}
		err = &moved
	}
	return rec, err
}

// FieldPos returns the line and column (1-based, in bytes) where field
// starts in the record Read returned last: its first byte, or its opening
// quote. It panics for a field out of range, as encoding/csv's.
func (r *Reader) FieldPos(field int) (line, column int) {
	if r.csv != nil {
		line, column = r.csv.FieldPos(field)
		return line + r.baseLine - 1, column
	}
	if !r.posOK {
		r.pos = positions(r.s, r.recOff, r.recLine, r.pos[:0])
		r.posOK = true
	}
	if field < 0 || field >= len(r.pos) {
		panic("out of range index passed to FieldPos")
	}
	return r.pos[field].line, r.pos[field].col
}

// InputOffset returns the offset of the end of the record Read returned
// last: where the next one would start, as encoding/csv's.
func (r *Reader) InputOffset() int64 {
	if r.csv != nil {
		return int64(r.base) + r.csv.InputOffset()
	}
	return int64(r.off)
}

// Start returns the byte offset and the line where the record Read
// returned last starts (read plainly; not for a record encoding/csv read).
func (r *Reader) Start() (offset, line int) { return r.recOff, r.recLine }

// Line returns the line the next record starts on or before (blank lines
// come first): the line after the record Read returned last.
func (r *Reader) Line() int { return r.line }

// positions returns the line and byte column of each field of the plain
// record at off, which starts on line.
func positions(s string, off, line int, dst []position) []position {
	lineStart := off
	for {
		dst = append(dst, position{line, off - lineStart + 1})
		if off < len(s) && s[off] == '"' {
			for p := off + 1; ; p++ {
				if s[p] == '\n' {
					line++
					lineStart = p + 1
				} else if s[p] == '"' {
					if p+1 < len(s) && s[p+1] == '"' {
						p++
						continue
					}
					off = p + 1
					break
				}
			}
		} else {
			for off < len(s) && !plainByte[s[off]] {
				off++
			}
		}
		if off == len(s) || s[off] != ',' {
			return dst
		}
		off++
	}
}

// plainByte marks the bytes that end an unquoted value or make a record
// one scan leaves to encoding/csv.
var plainByte = [256]bool{',': true, '\n': true, '\r': true, '"': true}

// scan splits the record that starts at s[off] (the start of a line that
// is not blank) onto dst, as encoding/csv reads it, and returns the offset
// after the record and the number of line ends it spans. Values are slices
// of s; only a quoted value with doubled quotes is copied.
//
// ok is false for anything but a plain record, which the caller leaves to
// encoding/csv: more than max fields (when max >= 0), a quote inside an
// unquoted value, a quoted value left open or followed by anything but a
// comma or the end of the line, a carriage return other than one ending a
// line outside quotes.
func scan(s string, off int, dst []string, max int) (rec []string, next, lines int, ok bool) {
	for {
		if len(dst) == max {
			return dst, 0, 0, false
		}
		if off < len(s) && s[off] == '"' {
			// A quoted value runs to the first quote that is not doubled.
			start := off + 1
			p := start
			doubled := false
			for {
				q := strings.IndexByte(s[p:], '"')
				if q < 0 {
					return dst, 0, 0, false
				}
				p += q + 1
				if p < len(s) && s[p] == '"' {
					doubled = true
					p++
					continue
				}
				break
			}
			v := s[start : p-1]
			if strings.IndexByte(v, '\n') >= 0 {
				if strings.IndexByte(v, '\r') >= 0 {
					return dst, 0, 0, false // encoding/csv reads \r\n inside quotes as \n
				}
				lines += strings.Count(v, "\n")
			}
			if doubled {
				v = strings.ReplaceAll(v, `""`, `"`)
			}
			dst = append(dst, v)
			off = p
			if off == len(s) {
				return dst, off, lines, true
			}
			switch s[off] {
			case ',':
				off++
				continue
			case '\n':
				return dst, off + 1, lines + 1, true
			case '\r':
				if off+1 < len(s) && s[off+1] == '\n' {
					return dst, off + 2, lines + 1, true
				}
			}
			return dst, 0, 0, false
		}
		p := off
		for p < len(s) && !plainByte[s[p]] {
			p++
		}
		dst = append(dst, s[off:p])
		if p == len(s) {
			return dst, p, lines, true
		}
		switch s[p] {
		case ',':
			off = p + 1
			continue
		case '\n':
			return dst, p + 1, lines + 1, true
		case '\r':
			if p+1 < len(s) && s[p+1] == '\n' {
				return dst, p + 2, lines + 1, true
			}
		}
		return dst, 0, 0, false // a quote, or a carriage return inside a value
	}
}
