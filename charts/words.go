package charts

import (
	"sort"
	"strings"

	"github.com/dashgen/dashgen/internal/aggregate"
	"github.com/dashgen/dashgen/internal/config"
	"github.com/dashgen/dashgen/internal/i18n"
)

// Words are the words of one language: the locale's interface words and
// formats, and the project's labels for ids (build gives them, from
// config.yaml or its translation, sources.csv and the default
// vocabulary). Tables hold ids; charts is the only place ids become words.
type Words interface {
	// Label returns the label of id in a vocabulary (measure, group, level,
	// term, status, source, …), falling back to the id made readable.
	Label(vocabulary, id string) string
	// Locale is the language of the pages: its interface words and the
	// way it writes numbers and dates.
	Locale() *i18n.Locale
}

// table is a query's table in one language: its rows labelled, in the
// order the chart shows them. Its Rows shadow the aggregate table's, so
// that a chart never reads a row without its label.
type table struct {
	*aggregate.Table
	Rows []labelledRow
}

// labelledRow is a table's row with its words in the chart's language:
// its label, and the name of its series (the query's series, a text of
// config.yaml or its translation).
type labelledRow struct {
	aggregate.Row
	Label, Series string
}

// labelTables labels the rows of every table in one language and sorts
// them by label where the query asks for it (sorting by value is the
// query's own). The tables, which every language shares, are not changed.
func labelTables(spec config.Chart, tables []*aggregate.Table, lab Words) []*table {
	out := make([]*table, len(tables))
	for i, t := range tables {
		labels := rowLabels(t, lab)
		var q config.Query
		if i < len(spec.Queries) {
			q = spec.Queries[i]
		}
		lt := &table{Table: t, Rows: make([]labelledRow, len(t.Rows))}
		for j, r := range t.Rows {
			lt.Rows[j] = labelledRow{Row: r, Label: labels[j], Series: q.Series}
		}
		if q.Sort == "label" {
			sort.SliceStable(lt.Rows, func(a, b int) bool { return lt.Rows[a].Label < lt.Rows[b].Label })
		}
		out[i] = lt
	}
	return out
}

// rowLabels are the labels of a table's rows, as people read them.
func rowLabels(t *aggregate.Table, lab Words) []string {
	labels := make([]string, len(t.Rows))
	for i, r := range t.Rows {
		switch t.Of {
		case aggregate.Records, aggregate.Years:
			labels[i] = r.Name
		case aggregate.Counts:
			labels[i] = lab.Label(t.GroupBy, r.Key)
			if r.Key == "" {
				labels[i] = lab.Locale().T("not_stated_label")
			}
		default:
			labels[i] = figureLabel(r, t.GroupBy, lab)
		}
	}
	if t.Of == aggregate.Figures {
		// A chart that compares several measures (killed, died, may have
		// died) names each figure's measure in its label, so that no
		// figure reads as a count of another measure.
		several := false
		if t.GroupBy != "measure" {
			for _, r := range t.Rows {
				if r.Measure != t.Rows[0].Measure {
					several = true
					break
				}
			}
		}
		disambiguate(t.Rows, labels, lab, several)
	}
	return labels
}

// figureLabel labels a figure by the grouped column. Grouped by source, a
// figure the source attributes to someone else says so.
func figureLabel(r aggregate.Row, col string, lab Words) string {
	switch col {
	case "source":
		names := make([]string, len(r.Sources))
		for i, s := range r.Sources {
			names[i] = lab.Label("source", s)
		}
		label := strings.Join(names, "; ")
		if r.AttributedTo != "" {
			label = lab.Locale().T("as_reported_by", lab.Label("attributed_to", r.AttributedTo), label)
		}
		return label
	case "measure", "group", "qualifier", "unit", "breakdown":
		return lab.Label(col, r.Key)
	}
	return r.Key
}

// disambiguate gives rows that share a label a distinct one, so no bar
// hides another: by measure when their measures differ (with the date too
// when that differs), else by date, else by qualifier, else by id. With
// measures set, every row also carries its measure's label.
func disambiguate(rows []aggregate.Row, labels []string, lab Words, measures bool) {
	byLabel := map[string][]int{}
	for i := range rows {
		byLabel[labels[i]] = append(byLabel[labels[i]], i)
	}
	measure := func(r aggregate.Row) string { return lab.Label("measure", r.Measure) }
	asOf := func(r aggregate.Row) string {
		if r.AsOf == "" {
			return lab.Locale().T("date_not_given")
		}
		return r.AsOf
	}
	for label, idx := range byLabel {
		if len(idx) < 2 {
			if measures {
				labels[idx[0]] = label + " (" + measure(rows[idx[0]]) + ")"
			}
			continue
		}
		differ := func(get func(r aggregate.Row) string) bool {
			first := get(rows[idx[0]])
			for _, i := range idx[1:] {
				if get(rows[i]) != first {
					return true
				}
			}
			return false
		}
		var suffix func(r aggregate.Row) string
		switch {
		case differ(func(r aggregate.Row) string { return r.Measure }):
			suffix = measure
			if differ(func(r aggregate.Row) string { return r.AsOf }) {
				suffix = func(r aggregate.Row) string {
					if r.AsOf == "" {
						return measure(r)
					}
					return measure(r) + ", " + r.AsOf
				}
			}
		case differ(func(r aggregate.Row) string { return r.AsOf }):
			suffix = asOf
		case differ(func(r aggregate.Row) string { return r.Qualifier }):
			suffix = func(r aggregate.Row) string { return lab.Label("qualifier", r.Qualifier) }
		default:
			suffix = func(r aggregate.Row) string { return r.Figure }
		}
		if measures && !differ(func(r aggregate.Row) string { return r.Measure }) {
			plain := suffix
			suffix = func(r aggregate.Row) string {
				if s := plain(r); s != "" {
					return measure(r) + ", " + s
				}
				return measure(r)
			}
		}
		for _, i := range idx {
			if s := suffix(rows[i]); s != "" {
				labels[i] = label + " (" + s + ")"
			}
		}
	}
}

// wholeLabel names the whole a share is part of ("killed"); "" for a
// population the event gives no words for.
func wholeLabel(w aggregate.Whole, lab Words) string {
	s := lab.Label(w.Vocabulary, w.ID)
	if w.Vocabulary == "measure" {
		s = strings.ToLower(s)
	}
	return s
}
