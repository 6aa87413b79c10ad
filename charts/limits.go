package charts

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dashgen/dashgen/internal/aggregate"
	"github.com/dashgen/dashgen/internal/config"
	"github.com/dashgen/dashgen/internal/diag"
)

// Default limits of what a chart shows. A chart past its limit is refused
// (a drawn chart) or shows its first rows (a table), never drawn so dense
// nobody can read it; config.yaml overrides them per chart (max_categories,
// max_rows), up to config's ceilings.
const (
	// DefaultBars is the most bars a bar chart, or rows a dot plot, draws:
	// at 62 px a bar, 25 horizontal bars are a drawing about 1,600 px tall,
	// two screens at 1280 px and three on a 375 px phone, each bar with its
	// label and figure readable; more is a list to read, not a chart.
	DefaultBars = 25
	// DefaultCards is the most cards of a card chart: headline figures,
	// two rows of about six at 1280 px, a screen and a half of them one
	// under another at 375 px; more are not headlines.
	DefaultCards = 12
	// DefaultSlices is the most slices of a pie: the palette's six colours,
	// so no two slices share one; at 375 px a seventh slice's label has
	// no room of its own.
	DefaultSlices = 6
	// DefaultYears is the most years a timeline draws: a running total of
	// 100 points is still a line at 375 px (three pixels a year), with its
	// axis labels thinned by the drawing.
	DefaultYears = 100
	// DefaultTableRows is the most rows a table shows in the page: 200
	// rows are about 8,000 px of scrolling in the table's own box, all a
	// person scans by eye (and at most about 100 KB of page); past that,
	// the table says how many rows it shows and every row is in its data
	// download.
	DefaultTableRows = 200
)

// VerticalBars is the most bars drawn upright: on a 375 px phone the plot
// is about 300 px wide, 30 px a bar for ten, about the width of a
// four-digit figure above each; more bars lie down, one under another,
// each with room for its label and figure.
const VerticalBars = 10

// MaxCategories is the most categories (bars, dots, slices, years, cards)
// spec's chart may show: its max_categories, or its kind's default.
func MaxCategories(spec config.Chart) int {
	if spec.MaxCategories != nil {
		return *spec.MaxCategories
	}
	k, _ := KindOf(spec.Type)
	return k.maxCategories
}

// MaxRows is the most rows spec's table shows in the page: its max_rows,
// or DefaultTableRows.
func MaxRows(spec config.Chart) int {
	if spec.MaxRows != nil {
		return *spec.MaxRows
	}
	return DefaultTableRows
}

// checkLimits are the problems of a spec's limits that need no data: top
// where it cannot honestly fold groups, max_categories on a chart that
// draws none, max_rows on a chart that is not a table.
func checkLimits(spec config.Chart, kind Kind) []Problem {
	var out []Problem
	if spec.MaxCategories != nil && kind.maxCategories == 0 {
		out = append(out, Problem{"max_categories", diag.InvalidValue,
			fmt.Sprintf("chart %q is a %s, whose limit is max_rows; max_categories is for bar, card, dot, pie and timeline charts", spec.ID, kind.Name)})
	}
	if spec.MaxRows != nil && !kind.Rows {
		out = append(out, Problem{"max_rows", diag.InvalidValue,
			fmt.Sprintf("chart %q is a %s; max_rows is for tables (a drawn chart's limit is max_categories)", spec.ID, kind.Name)})
	}
	if spec.Top == nil || *spec.Top < 1 {
		return out // config reported a top below 1
	}
	top := func(msg string, args ...any) {
		out = append(out, Problem{"top", diag.ChartError, fmt.Sprintf("chart %q: ", spec.ID) + fmt.Sprintf(msg, args...)})
	}
	switch {
	case !kind.Drawn || kind.RunningTotal:
		top("a %s cannot fold rows into \"other\"; top is for bar, dot and pie charts of counted records", kind.Name)
		return out
	case len(spec.Queries) > 1:
		top("top keeps the largest groups of one query, and this chart has %d; draw one query, or filter each", len(spec.Queries))
		return out
	}
	if len(spec.Queries) == 1 {
		if q := spec.Queries[0]; q.Value != "count" {
			top("top is refused for figures as sources state them: the \"other\" category would add up figures, and figures are never added up (their groups and sources overlap); draw fewer with a filter or another group_by, or raise max_categories")
			return out
		}
	}
	if limit := MaxCategories(spec); *spec.Top+1 > limit {
		top("top: %d draws %d categories (the %d largest groups and \"other\"), more than the chart's limit of %d; lower top or raise max_categories", *spec.Top, *spec.Top+1, *spec.Top, limit)
	}
	return out
}

// checkCategories are the problems of the rows a drawn chart's queries
// returned against its limit: too many categories, or top on groups that
// overlap (where "other" would count records twice).
func checkCategories(spec config.Chart, tables []*aggregate.Table) []Problem {
	kind, ok := KindOf(spec.Type)
	if !ok || kind.maxCategories == 0 {
		return nil
	}
	if spec.Top != nil {
		for _, t := range tables {
			if t.Of == aggregate.Counts && t.Overlap {
				return []Problem{{"top", diag.ChartError, fmt.Sprintf("chart %q: top needs every record counted once, but these groups overlap (a record with several values in %s is counted under each), so \"other\" would count some records twice; draw fewer with a filter, or raise max_categories", spec.ID, t.GroupBy)}}
			}
		}
		return nil // at most top+1 categories, which checkLimits held to the limit
	}
	n, limit := categoryCount(tables), MaxCategories(spec)
	if n <= limit {
		return nil
	}
	fixes := []string{"draw fewer with a filter or another group_by"}
	canTop := limit > 1 && len(tables) == 1 && tables[0].Of == aggregate.Counts && !tables[0].Overlap && kind.Name != "timeline"
	switch {
	case canTop:
		fixes = append(fixes, fmt.Sprintf("keep the largest groups with top: %d (each record is counted once, so \"other\" counts the rest)", limit-1))
	case slices.ContainsFunc(tables, func(t *aggregate.Table) bool { return t.Of == aggregate.Figures }):
		fixes = append(fixes, "top cannot fold figures, which are never added up")
	}
	fixes = append(fixes, fmt.Sprintf("or raise max_categories (at most %d)", config.MaxCategoriesCeiling))
	return []Problem{{queriesKey(spec), diag.TooManyCategories, fmt.Sprintf("chart %q would draw %d categories, more than its limit of %d, and nobody could read it; %s",
		spec.ID, n, limit, strings.Join(fixes, "; "))}}
}

// categoryCount is the number of categories the tables would draw: the
// distinct groups, years or records, and every figure (each is a bar or a
// dot of its own).
func categoryCount(tables []*aggregate.Table) int {
	seen := map[string]bool{}
	for _, t := range tables {
		for _, r := range t.Rows {
			if t.Of == aggregate.Figures {
				seen["f\x00"+r.Figure] = true
			} else {
				seen["k\x00"+r.Key] = true
			}
		}
	}
	return len(seen)
}

// queriesKey is the key of all of a chart's queries: query when it has
// one, queries when several.
func queriesKey(spec config.Chart) string {
	if len(spec.Queries) > 1 {
		return "queries"
	}
	return "query"
}

// foldTop keeps, when spec sets top and its one query counts records, the
// top largest groups (by count, equal counts by id, so that every language
// and every build keeps the same ones) and one "other" row that counts the
// records of the rest: honest because each record is counted once
// (checkCategories refused groups that overlap). It returns the tables to
// draw and the note that says so; the tables are unchanged when nothing is
// folded. The data download keeps every group (see Build).
func foldTop(spec config.Chart, tables []*table, lab Words) ([]*table, string) {
	if spec.Top == nil || len(tables) != 1 || tables[0].Of != aggregate.Counts || len(tables[0].Rows) <= *spec.Top {
		return tables, ""
	}
	t, n := tables[0], *spec.Top
	ranked := slices.Clone(t.Rows)
	slices.SortStableFunc(ranked, func(a, b labelledRow) int {
		va, vb := count(a.Value), count(b.Value)
		if va != vb {
			if va > vb {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Key, b.Key)
	})
	rest := ranked[n:]
	var sum int64
	var sources []string
	for _, r := range rest {
		sum += count(r.Value)
		for _, s := range r.Sources {
			if !slices.Contains(sources, s) {
				sources = append(sources, s)
			}
		}
	}
	loc := lab.Locale()
	label := loc.T("other_groups", loc.Int(int64(len(rest))))
	other := labelledRow{Row: aggregate.Row{Value: &sum, Qualifier: "exact", Sources: sources}, Label: label}
	if len(ranked) > 0 {
		other.Series = ranked[0].Series
	}
	folded := &table{Table: t.Table, Rows: append(ranked[:n:n], other)}
	note := loc.T("top_note", loc.Int(int64(n)), loc.Int(int64(len(ranked))), loc.Int(int64(len(rest))), label)
	return []*table{folded}, note
}

// count is a count of records (0 for none).
func count(v *int64) int64 {
	if v == nil {
		return 0
	}
	return *v
}
