package charts

import (
	"strings"

	"github.com/dashgen/dashgen/internal/aggregate"
	"github.com/dashgen/dashgen/internal/config"
)

func (c *Chart) table(spec config.Chart, tables []*table, lab Words) {
	cols := spec.Columns
	tb := &Table{}
	for _, col := range cols {
		tb.Header = append(tb.Header, lab.Label("column", col))
	}
	for _, t := range tables {
		for _, r := range t.Rows {
			var cells []Cell
			for i, col := range cols {
				cells = append(cells, cellOf(r.Row, i, col, lab))
			}
			tb.Rows = append(tb.Rows, cells)
		}
	}
	tb.Shown = min(len(tb.Rows), MaxRows(spec))
	c.Table = tb
}

// cellOf is the cell of a row in the table's i-th column, col.
func cellOf(r aggregate.Row, i int, col string, lab Words) Cell {
	var v string
	if i < len(r.Cells) {
		v = r.Cells[i]
	}
	switch col {
	case "source":
		return Cell{Sources: r.Sources}
	case "term":
		var parts []string
		for _, p := range strings.Split(v, ";") {
			if p = strings.TrimSpace(p); p != "" {
				parts = append(parts, lab.Label("term", p))
			}
		}
		if len(parts) == 0 {
			return Cell{Text: lab.Locale().T("not_stated")}
		}
		return Cell{Text: strings.Join(parts, "; ")}
	case "level", "status", "measure", "group", "qualifier", "kind":
		return Cell{Text: lab.Label(col, v)}
	case "date", "as_of":
		if v == "" {
			return Cell{Text: lab.Locale().T("not_known")}
		}
		return Cell{Text: lab.Locale().Date(v)}
	}
	return Cell{Text: v}
}
