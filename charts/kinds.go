package charts

import (
	"slices"
	"strings"

	"github.com/dashgen/dashgen/internal/aggregate"
	"github.com/dashgen/dashgen/internal/config"
	"github.com/dashgen/dashgen/internal/diag"
	"github.com/dashgen/dashgen/internal/format"
)

// Kind is one kind of chart: everything the rest of dashgen needs to know
// about it. kinds is the one table of them; no other package compares a
// chart's type with a name. A new kind is one file of this package (its
// build function), its entry here, and its template block if it is not
// drawn.
type Kind struct {
	// Name is what config.yaml writes as the chart's type.
	Name string
	// Drawn: an ECharts drawing (canvas, or SVG in exports), with its
	// figures as text beside it; otherwise the chart is text (cards, a
	// table) in the page's HTML.
	Drawn bool
	// Wide: the chart takes the page's full width.
	Wide bool
	// Rows: the chart lists rows one under another (a table): no image of
	// it would hold them, so exports make no PNG or SVG of it.
	Rows bool
	// Headline: the first chart of this kind is repeated on the home page.
	Headline bool
	// Dots: the marks are dots, so the legend's swatches are dots too
	// (otherwise bars).
	Dots bool
	// Word is the locale key of the kind's name in a drawn chart's
	// description ("Bar chart. …").
	Word string
	// OneQuery, when set, is why the kind shows a single query: the
	// message when a chart of it has several.
	OneQuery string
	// Columns: the chart lists the columns it shows (columns:).
	Columns bool
	// RunningTotal: each point is a running total (a timeline); its text
	// and data rows say so.
	RunningTotal bool
	// maxCategories is the most categories (bars, dots, slices, years,
	// cards) a chart of the kind shows unless its max_categories says
	// otherwise (see limits.go); 0 for a table, whose limit is max_rows.
	maxCategories int
	// checkRows are the kind's rules on the rows its queries return,
	// beyond those of every kind; each problem is a message.
	checkRows func(tables []*aggregate.Table) []string
	// build fills c from the tables of the spec's queries.
	build func(c *Chart, spec config.Chart, tables []*table, lab Words, phrase format.Phrases) error
}

// kinds are the chart kinds, in the order the README lists them.
var kinds = []Kind{
	{Name: "bar", Drawn: true, Word: "chart_bar", maxCategories: DefaultBars,
		build: func(c *Chart, spec config.Chart, tables []*table, lab Words, phrase format.Phrases) error {
			return c.bar(spec, tables, lab, phrase)
		}},
	{Name: "card", Wide: true, Headline: true, maxCategories: DefaultCards,
		build: func(c *Chart, _ config.Chart, tables []*table, lab Words, phrase format.Phrases) error {
			return c.cards(tables, lab, phrase)
		}},
	{Name: "dot", Drawn: true, Dots: true, Word: "chart_dot", maxCategories: DefaultBars, build: (*Chart).dot},
	{Name: "map", Drawn: true, Wide: true, Columns: true, Word: "chart_map",
		OneQuery:  "a map shows one query",
		checkRows: mapRows,
		build:     (*Chart).mapChart},
	{Name: "pie", Drawn: true, Word: "chart_pie", maxCategories: DefaultSlices,
		OneQuery:  "a pie shows one query; use a bar to compare several",
		checkRows: pieRows,
		build: func(c *Chart, spec config.Chart, tables []*table, lab Words, phrase format.Phrases) error {
			return c.pie(spec, tables, lab, phrase)
		}},
	{Name: "table", Wide: true, Rows: true, Columns: true,
		build: func(c *Chart, spec config.Chart, tables []*table, lab Words, _ format.Phrases) error {
			c.table(spec, tables, lab)
			return nil
		}},
	{Name: "timeline", Drawn: true, Word: "chart_timeline", RunningTotal: true, maxCategories: DefaultYears,
		OneQuery: "a timeline shows one query",
		build: func(c *Chart, _ config.Chart, tables []*table, lab Words, _ format.Phrases) error {
			return c.timeline(tables, lab)
		}},
}

// KindOf is the kind named name; false when there is none.
func KindOf(name string) (Kind, bool) {
	for _, k := range kinds {
		if k.Name == name {
			return k, true
		}
	}
	return Kind{}, false
}

// KindNames are the names of the chart kinds, sorted.
func KindNames() []string {
	out := make([]string, len(kinds))
	for i, k := range kinds {
		out[i] = k.Name
	}
	slices.Sort(out)
	return out
}

// unknownKind is the message for a type that names no kind, with the
// closest name when one is close.
func unknownKind(name string) string {
	known := KindNames()
	list := strings.Join(known, ", ")
	if s := diag.Suggest(name, known); s != "" && s != name {
		return diag.Sprintf("unknown chart type %q (did you mean %q? known: %s)", name, s, list)
	}
	return diag.Sprintf("unknown chart type %q (known: %s)", name, list)
}

// pieRows are a pie's rules: its slices are parts of one whole, so they
// must not overlap and must add up to a figure.
func pieRows(tables []*aggregate.Table) []string {
	t := tables[0]
	if t.Overlap {
		return []string{"a pie cannot show groups that overlap (one person may be counted in two of them); use type: bar"}
	}
	if !t.PartOfWhole {
		return []string{"a pie needs parts of one whole (a partition breakdown of one figure); these rows are not, so use type: bar"}
	}
	return nil
}

// Kind is the chart's kind.
func (c *Chart) Kind() Kind {
	k, _ := KindOf(c.Type)
	return k
}

// Drawn says whether the chart is an ECharts drawing (not cards or a
// table).
func (c *Chart) Drawn() bool { return c.Kind().Drawn }

// Wide says whether the chart takes the page's full width.
func (c *Chart) Wide() bool { return c.Kind().Wide }

// Headline says whether the chart is of the kind the home page repeats.
func (c *Chart) Headline() bool { return c.Kind().Headline }

// Dots says whether the chart's marks are dots (the legend draws its
// swatches as dots).
func (c *Chart) Dots() bool { return c.Kind().Dots }

// Word is the locale key of the chart's kind in its description.
func (c *Chart) Word() string { return c.Kind().Word }
