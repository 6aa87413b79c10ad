package dataset

import (
	"bytes"
	"strings"

	"github.com/dashgen/dashgen/internal/csvfast"
)

// CellAt is where the cell of column is in the record that starts on line
// of a CSV file whose bytes are raw (Data.Inputs), as the loader's
// messages give places: the line the cell starts on and its column in
// characters. For messages about a record found after loading (dashgen
// diff's changes). It gives line and column 1 when the file has no such
// column or the record is not there.
func CellAt(raw []byte, line int, column string) (int, int) {
	raw = bytes.TrimPrefix(raw, []byte("\uFEFF"))
	header, err := csvfast.NewReader(raw).Read()
	if err != nil || line < 2 {
		return line, 1
	}
	i := -1
	for j, name := range header {
		if strings.TrimSpace(name) == column {
			i = j
			break
		}
	}
	// The record starts at the start of its line: after line-1 newlines.
	off := 0
	for n := 1; n < line; n++ {
		k := bytes.IndexByte(raw[off:], '\n')
		if k < 0 {
			return line, 1
		}
		off += k + 1
	}
	if i < 0 || off >= len(raw) {
		return line, 1
	}
	t := &table{raw: raw, text: string(raw)}
	lines, cols := t.recordPos(off, line)
	if i >= len(lines) {
		return line, 1
	}
	return lines[i], cols[i]
}
