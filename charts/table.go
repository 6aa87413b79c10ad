package charts

import (
	"strings"

	"github.com/dashgen/dashgen/internal/aggregate"
	"github.com/dashgen/dashgen/internal/config"
)

func (c *Chart) table(spec config.Chart, tables []*aggregate.Table, lab Labeler) {
	cols := spec.Columns
	tb := &Table{}
	for _, col := range cols {
		tb.Header = append(tb.Header, lab.Label("column", col))
	}
	for _, t := range tables {
		for _, r := range t.Rows {
			var row []Cell
			for _, col := range cols {
				row = append(row, cellOf(r, col, lab))
			}
			tb.Rows = append(tb.Rows, row)
		}
	}
	c.Table = tb
}

func cellOf(r aggregate.Row, col string, lab Labeler) Cell {
	var v string
	switch {
	case r.Record != nil:
		v = r.Record.Field(col)
	case r.Figure != nil:
		v = r.Figure.Field(col)
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
