package dataset

import (
	"bytes"
	"unicode/utf8"
)

// Limits bound what one file may hold, so that no input, however large or
// strange, makes a load take unbounded memory or time. A zero field is its
// default.
type Limits struct {
	// FileBytes is the most bytes a data file may hold.
	FileBytes int64
	// CellBytes is the most bytes one cell may hold.
	CellBytes int
}

// The default limits: far above any real project (a million figures are
// about 220 MB; the longest cell of a real project, a quoted resolution,
// a few KB), low enough that memory and time stay bounded.
const (
	DefaultFileBytes = 512_000_000
	DefaultCellBytes = 64_000
)

// MaxFields is the most fields a row may have: no file has more than 16
// columns, so a row with more than MaxFields fields is never right, and it
// is refused before it is split (a row of millions of commas would
// otherwise take gigabytes).
const MaxFields = 1000

func (l Limits) fileBytes() int64 {
	if l.FileBytes > 0 {
		return l.FileBytes
	}
	return DefaultFileBytes
}

func (l Limits) cellBytes() int {
	if l.CellBytes > 0 {
		return l.CellBytes
	}
	return DefaultCellBytes
}

// fieldsOver reads the records of raw from offset off (the start of line
// line) as encoding/csv splits them, counting their fields without keeping
// them, and returns the line of the first record with more than max
// fields, or 0 when there is none. It stops at the first record only when
// one is set, and at the first syntax error, which encoding/csv then
// reports: what it counts is what encoding/csv would read.
func fieldsOver(raw []byte, off, line, max int, one bool) int {
	const (
		fieldStart = iota
		unquoted
		quoted
		afterQuote // a quote inside a quoted value: its end, or the first of ""
	)
	state, fields, start := fieldStart, 1, line
	blank := true        // the record is a blank line so far, which encoding/csv skips
	end := func() bool { // a record ends
		if fields > max {
			return true
		}
		fields, start, blank = 1, line, true
		return false
	}
	for i := off; i < len(raw); i++ {
		b := raw[i]
		if b != '\n' && (b != '\r' || i+1 == len(raw) || raw[i+1] != '\n') {
			blank = false
		}
		switch state {
		case fieldStart, unquoted:
			switch b {
			case ',':
				fields++
				state = fieldStart
			case '\n':
				line++
				wasBlank := blank
				if end() {
					return start
				}
				if one && !wasBlank {
					return 0
				}
				state = fieldStart
			case '"':
				if state == unquoted {
					return 0 // a bare quote: a syntax error
				}
				state = quoted
			default:
				state = unquoted
			}
		case quoted:
			switch b {
			case '"':
				state = afterQuote
			case '\n':
				line++
			}
		case afterQuote:
			switch b {
			case '"':
				state = quoted
			case ',':
				fields++
				state = fieldStart
			case '\n':
				line++
				if end() {
					return start
				}
				if one {
					return 0
				}
				state = fieldStart
			case '\r':
				if i+1 == len(raw) || raw[i+1] == '\n' {
					continue // a line end, or dropped before the end of the file
				}
				return 0
			default:
				return 0 // text after a closing quote: a syntax error
			}
		}
	}
	if state == quoted {
		return 0 // a quoted value left open: a syntax error
	}
	if fields > max {
		return start
	}
	return 0
}

// colCounter turns encoding/csv's byte columns (FieldPos) of the fields of
// one record into columns in characters, as editors count them, walking
// forward through the record once: the characters before a field are
// counted from the field before it, not from the start of its line, so
// that a row of many fields costs one pass, not one pass per field.
type colCounter struct {
	raw     []byte
	line    int // the line start is on
	start   int // offset of the start of line
	byteCol int // 1-based byte column reached on line
	runeCol int // its column in characters
	// scanned counts the bytes looked at, for the test that each is
	// looked at once.
	scanned int
}

// reset starts a record: line starts at offset start.
func (c *colCounter) reset(line, start int) {
	c.line, c.start, c.byteCol, c.runeCol = line, start, 1, 1
}

// col returns the column in characters of byte column byteCol on line;
// line and byteCol must not go backwards within a record.
func (c *colCounter) col(line, byteCol int) int {
	if byteCol < 1 {
		return byteCol
	}
	for c.line < line {
		i := bytes.IndexByte(c.raw[c.start:], '\n')
		c.scanned += i + 1
		if i < 0 {
			return byteCol // past the last line: not reached
		}
		c.start += i + 1
		c.line++
		c.byteCol, c.runeCol = 1, 1
	}
	if byteCol < c.byteCol || line < c.line { // backwards: count again
		c.byteCol, c.runeCol = 1, 1
	}
	from := min(c.start+c.byteCol-1, len(c.raw))
	to := min(c.start+byteCol-1, len(c.raw))
	c.runeCol += utf8.RuneCount(c.raw[from:to])
	c.scanned += to - from
	c.byteCol = byteCol
	return c.runeCol
}
