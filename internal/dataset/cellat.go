package dataset

import (
	"bytes"
	"strings"

	"github.com/dashgen/dashgen/internal/csvfast"
)

// Cells finds cells in the bytes of a CSV file (Data.Inputs) as the
// loader's messages place them: the line a cell starts on and its column
// in characters. It is for messages about records found after loading
// (a previous release's changes). The file's header and the offsets of its
// lines are read once, so each cell found costs the reading of its record.
type Cells struct {
	table  *table
	header []string
	starts []int // the offset of each line's first byte, line 1 first
}

// NewCells reads the header and the line offsets of raw.
func NewCells(raw []byte) *Cells {
	raw = bytes.TrimPrefix(raw, []byte("\uFEFF"))
	c := &Cells{table: &table{raw: raw, text: string(raw)}, starts: []int{0}}
	if header, err := csvfast.NewReader(raw).Read(); err == nil {
		c.header = header
	}
	for off := 0; ; {
		k := bytes.IndexByte(raw[off:], '\n')
		if k < 0 {
			break
		}
		off += k + 1
		c.starts = append(c.starts, off)
	}
	return c
}

// At is where the cell of column is in the record that starts on line. It
// gives line and column 1 when the file has no such column or no record
// starts there.
func (c *Cells) At(line int, column string) (int, int) {
	i := -1
	for j, name := range c.header {
		if strings.TrimSpace(name) == column {
			i = j
			break
		}
	}
	if i < 0 || line < 2 || line > len(c.starts) || c.starts[line-1] >= len(c.table.raw) {
		return line, 1
	}
	lines, cols := c.table.recordPos(c.starts[line-1], line)
	if i >= len(lines) {
		return line, 1
	}
	return lines[i], cols[i]
}
