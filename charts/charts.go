// Package charts turns aggregated tables into what a page draws: an ECharts
// option (built with go-echarts, the only package that imports it), cards,
// or a table. It refuses charts that would mislead, such as a pie of groups
// that overlap.
//
// Behaviour (label and tooltip formatters, error bars) is never written into
// the option as code: the option carries data only, and the texts each
// point shows travel beside it in Behaviour for the site's static script.
package charts

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/dashgen/dashgen/internal/aggregate"
	"github.com/dashgen/dashgen/internal/config"
	"github.com/dashgen/dashgen/internal/format"
	"github.com/dashgen/dashgen/internal/i18n"
)

// Palette is the calm, colour-blind-safe set of series colours (Okabe–Ito
// blue, vermilion, bluish green, orange, sky blue, reddish purple).
var Palette = []string{"#2f6f9f", "#c0562a", "#2a8a6e", "#b7791f", "#5b9bc8", "#9c5a8a"}

// Chart is a chart ready for a page.
type Chart struct {
	ID, Type, Title string
	// Notes are sentences shown under the chart ("Groups may overlap…").
	Notes []string
	// Sources are the ids of the sources behind the chart.
	Sources []string
	// Option is the ECharts option, for bar, pie and timeline charts.
	Option map[string]any
	// Behaviour carries the texts the static script shows for each point.
	Behaviour *Behaviour
	// Height is the drawing's height in pixels at desktop width.
	Height int
	// Text is the drawn chart's figures as text, for people who cannot see
	// the canvas and for copying: one line per point.
	Text []TextRow
	// Cards are the figures of a card chart.
	Cards []Card
	// Table is the content of a table chart.
	Table *Table
	// Data is the table behind a bar, pie, timeline or card chart, for
	// downloads: numbers as numbers, with the words and sources beside them.
	Data []DataRow
	// Marks are the mark styles the chart draws, for the legend under it
	// (see markStyles); empty when every figure is exact.
	Marks []Mark
	// Map is the name of the map a map chart draws on (geo.Map.Name), for
	// the page to carry its shapes; Keys are its legend.
	Map  string
	Keys []Key
}

// DataRow is one row of a chart's data as people download it.
type DataRow struct {
	Series    string   `json:"series,omitempty"`
	Item      string   `json:"item"`
	Value     *int64   `json:"value"`
	Qualifier string   `json:"qualifier"`
	Min       *int64   `json:"min,omitempty"`
	Max       *int64   `json:"max,omitempty"`
	Unit      string   `json:"unit,omitempty"`
	Stated    string   `json:"as_shown"`
	Share     *float64 `json:"share_percent,omitempty"`
	ShareOf   *int64   `json:"share_of,omitempty"`
	Total     *int64   `json:"running_total,omitempty"`
	Wording   string   `json:"wording,omitempty"`
	Figure    string   `json:"figure_id,omitempty"`
	Sources   []string `json:"sources"`
	// StatedBy is how many sources state the figure (see
	// dataset.Data.StatedBy); 0 for a count of records, or when the
	// chart's words do not say.
	StatedBy int `json:"stated_by,omitempty"`
}

// Behaviour is what the page script needs beside the option: texts per
// series and data point, and error bars. It is data, encoded as JSON.
type Behaviour struct {
	Labels     [][]string `json:"labels"`
	Tooltips   [][]string `json:"tooltips"`
	Ranges     []Range    `json:"ranges,omitempty"`
	Horizontal bool       `json:"horizontal,omitempty"`
	// OpenEnds are the bars and slices of lower bounds ("at least 161"):
	// the script draws an arrowhead past a bar's end, and at the trailing
	// edge of a slice, which reads "and more".
	OpenEnds []Point `json:"openEnds,omitempty"`
	// Aspect, for a map, is its width over its height: the page fits the
	// drawing's height to its width.
	Aspect float64 `json:"aspect,omitempty"`
	// Marked: the marks' styles say how sure each figure is (the chart
	// has a legend of them), so no other pattern may be laid over them.
	Marked bool `json:"marked,omitempty"`
}

// Point is one data item: its series and its index in the series.
type Point struct {
	Series int `json:"series"`
	Index  int `json:"index"`
}

// TextRow is one point of a drawn chart, as text.
type TextRow struct {
	Series, Label, Figure string
	Sources               []string
}

// Range is an error bar: the bounds a source gives for one point.
type Range struct {
	Series int     `json:"series"`
	Index  int     `json:"index"`
	Min    float64 `json:"min"`
	Max    float64 `json:"max"`
}

// Card is one headline figure.
type Card struct {
	Label, Value, Share, Note string
	Sources                   []string
	// Mark is the style of the figure's mark, for a swatch beside it; set
	// only when the card chart has a legend of styles.
	Mark *Mark
}

// Table is a table chart: header and text cells.
type Table struct {
	Header []string
	// Rows are every row, for the data download; the page shows the
	// first Shown (see MaxRows).
	Rows  [][]Cell
	Shown int `json:"-"`
}

// ShownRows are the rows the page shows.
func (t *Table) ShownRows() [][]Cell { return t.Rows[:t.Shown] }

// Cell is one table cell; Source marks a cell holding source ids.
type Cell struct {
	Text    string
	Sources []string
}

// Build makes the chart of a spec from the tables of its queries (one table
// per query, in order), in the language of lab. It does not change the
// tables, which every language shares. The spec and the tables are those
// Check and CheckRows found no problem in; Build decides nothing about
// validity.
func Build(spec config.Chart, queried []*aggregate.Table, lab Words) (*Chart, error) {
	c := &Chart{ID: spec.ID, Type: spec.Type, Title: spec.Title}
	tables := labelTables(spec, queried, lab)
	if spec.Note != "" {
		c.Notes = append(c.Notes, spec.Note)
	}
	seen := map[string]bool{} // c.Sources as a set
	for _, t := range tables {
		for _, s := range t.Sources {
			if !seen[s] {
				seen[s] = true
				c.Sources = append(c.Sources, s)
			}
		}
	}
	kind, ok := KindOf(spec.Type)
	if !ok {
		return nil, fmt.Errorf("%s", unknownKind(spec.Type))
	}
	phrase := func(q string) string { return lab.Label("qualifier", q) }
	overlap := false
	for _, t := range tables {
		overlap = overlap || t.Overlap
	}
	if overlap && !kind.Rows {
		c.Notes = append(c.Notes, lab.Locale().T("overlap_note"))
	}
	// A chart with top draws its largest groups and "other"; its data
	// download (dataRows) keeps every group.
	drawn, topNote := foldTop(spec, tables, lab)
	if topNote != "" {
		c.Notes = append(c.Notes, topNote)
	}
	err := kind.build(c, spec, drawn, lab, phrase)
	if err != nil {
		return nil, err
	}
	if c.Option != nil && c.Text == nil {
		c.Text = textRows(spec, drawn, lab, phrase)
	}
	if c.Table == nil {
		c.Data = dataRows(spec, tables, lab.Locale(), phrase)
		for i := range c.Data {
			c.Data[i].StatedBy = statedBy(lab, c.Data[i].Figure)
		}
	}
	return c, nil
}

// runningTotal says whether the points of spec's chart are running totals.
func runningTotal(spec config.Chart) bool {
	k, _ := KindOf(spec.Type)
	return k.RunningTotal
}

// dataRows is the chart's data for downloads.
func dataRows(spec config.Chart, tables []*table, loc *i18n.Locale, phrase format.Phrases) []DataRow {
	var out []DataRow
	for _, t := range tables {
		for _, r := range t.Rows {
			d := DataRow{Series: r.Series, Item: r.Label, Value: r.Value, Qualifier: r.Qualifier,
				Min: r.Min, Max: r.Max, Unit: r.Unit, Sources: r.Sources,
				Stated: format.Figure(loc, r.Value, r.Min, r.Max, r.Qualifier, phrase)}
			if d.Qualifier == "" {
				d.Qualifier = "exact" // counts of records
			}
			if r.Share != nil {
				pct, of := r.Share.Percent, r.Share.Of
				d.Share, d.ShareOf = &pct, &of
			}
			if runningTotal(spec) {
				total := r.Cumulative
				d.Total = &total
			}
			d.Figure, d.Wording = r.Figure, r.Wording
			out = append(out, d)
		}
	}
	return out
}

func textRows(spec config.Chart, tables []*table, lab Words, phrase format.Phrases) []TextRow {
	loc := lab.Locale()
	var out []TextRow
	for _, t := range tables {
		for _, r := range t.Rows {
			fig := format.Figure(loc, r.Value, r.Min, r.Max, r.Qualifier, phrase)
			if runningTotal(spec) {
				fig = loc.T("in_total", loc.Int(r.Cumulative))
			}
			if r.Share != nil {
				fig += " (" + shareText(lab, r.Share) + ")"
			}
			out = append(out, TextRow{Series: r.Series, Label: r.Label, Figure: fig, Sources: r.Sources})
		}
	}
	return out
}

// pointText is the value label of a row: its figure, and its share.
// On vertical bars the share goes on a second line, so labels of
// neighbouring bars do not run into each other.
func pointText(r labelledRow, loc *i18n.Locale, phrase format.Phrases, horizontal bool) string {
	s := format.Figure(loc, r.Value, r.Min, r.Max, r.Qualifier, phrase)
	if r.Share != nil {
		sep := "\n"
		if horizontal {
			sep = " · "
		}
		s += sep + loc.T("share", loc.Percent(r.Share.Percent), loc.Int(r.Share.Of))
	}
	return s
}

// tooltipText is everything known about a row, one fact per line.
func tooltipText(r labelledRow, lab Words, phrase format.Phrases) string {
	loc := lab.Locale()
	lines := []string{r.Label + ": " + format.Figure(loc, r.Value, r.Min, r.Max, r.Qualifier, phrase)}
	if r.Share != nil {
		lines = append(lines, shareText(lab, r.Share))
	}
	if r.Wording != "" {
		lines = append(lines, "“"+r.Wording+"”")
	}
	names := make([]string, len(r.Sources))
	for i, s := range r.Sources {
		names[i] = lab.Label("source", s)
	}
	lines = append(lines, loc.T("source_colon", strings.Join(names, loc.T("list_separator"))))
	switch n := statedBy(lab, r.Figure); {
	case n == 1:
		lines = append(lines, loc.T("stated_by_one"))
	case n > 1:
		lines = append(lines, loc.T("stated_by_many", loc.Int(int64(n))))
	}
	return strings.Join(lines, "\n")
}

// Corroborated is what Words may also know: how many sources state a
// figure (dataset.Data.StatedBy's rule), 0 when it does not say.
type Corroborated interface {
	StatedBy(figure string) int
}

// statedBy is how many sources state the figure with id figure, when lab
// knows (see Corroborated); 0 for a row that shows no figure.
func statedBy(lab Words, figure string) int {
	if c, ok := lab.(Corroborated); ok && figure != "" {
		return c.StatedBy(figure)
	}
	return 0
}

// plain turns go-echarts' typed option into plain JSON values, so that the
// site encodes it with its own safe encoder and nothing else can add code.
func plain(obj map[string]any) map[string]any {
	b, err := json.Marshal(obj)
	if err != nil {
		panic(fmt.Sprintf("charts: option does not encode: %v", err))
	}
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		panic(fmt.Sprintf("charts: option does not decode: %v", err))
	}
	delete(out, "toolbox") // the page has its own controls
	stripNulls(out)
	return out
}

// stripNulls removes null members that go-echarts writes for unset options.
func stripNulls(v any) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if e == nil {
				delete(x, k)
				continue
			}
			stripNulls(e)
		}
	case []any:
		for _, e := range x {
			stripNulls(e)
		}
	}
}

// categories are the union of the row labels of tables, in order of
// appearance, and the index of each label among them: one map look-up a
// row, however many categories there are.
func categories(tables []*table) ([]string, map[string]int) {
	var cats []string
	index := map[string]int{}
	for _, t := range tables {
		for _, r := range t.Rows {
			if _, ok := index[r.Label]; !ok {
				index[r.Label] = len(cats)
				cats = append(cats, r.Label)
			}
		}
	}
	return cats, index
}

// shareText writes a share: "0.3% of 613 killed"; "0.3% of a population
// of 7,000" when the whole has no words of its own.
func shareText(lab Words, s *aggregate.Share) string {
	loc := lab.Locale()
	whole := wholeLabel(s.Whole, lab)
	if whole == "" {
		return loc.T("share_of_population", loc.Percent(s.Percent), loc.Int(s.Of))
	}
	return loc.T("share_of", loc.Percent(s.Percent), loc.Int(s.Of), whole)
}
