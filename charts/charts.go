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

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

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
	Rows   [][]Cell
}

// Cell is one table cell; Source marks a cell holding source ids.
type Cell struct {
	Text    string
	Sources []string
}

// Labeler gives the words shown for ids and qualifiers.
type Labeler = aggregate.Labeler

// Build makes the chart of a spec from the tables of its queries (one table
// per query, in order).
func Build(spec config.Chart, tables []*aggregate.Table, lab Labeler) (*Chart, error) {
	c := &Chart{ID: spec.ID, Type: spec.Type, Title: spec.Title}
	if spec.Note != "" {
		c.Notes = append(c.Notes, spec.Note)
	}
	for _, t := range tables {
		for _, s := range t.Sources {
			if !contains(c.Sources, s) {
				c.Sources = append(c.Sources, s)
			}
		}
	}
	phrase := func(q string) string { return lab.Label("qualifier", q) }
	overlap := false
	for _, t := range tables {
		overlap = overlap || t.Overlap
	}
	if overlap && spec.Type != "table" {
		c.Notes = append(c.Notes, lab.Locale().T("overlap_note"))
	}
	var err error
	switch spec.Type {
	case "bar":
		err = c.bar(spec, tables, lab, phrase)
	case "pie":
		err = c.pie(spec, tables, lab, phrase)
	case "timeline":
		err = c.timeline(tables, lab)
	case "card":
		err = c.cards(tables, lab, phrase)
	case "table":
		c.table(spec, tables, lab)
	default:
		err = fmt.Errorf("unknown chart type %q", spec.Type)
	}
	if err != nil {
		return nil, err
	}
	if c.Option != nil {
		c.Text = textRows(spec, tables, lab.Locale(), phrase)
	}
	if c.Table == nil {
		c.Data = dataRows(spec, tables, lab.Locale(), phrase)
	}
	return c, nil
}

// dataRows is the chart's data for downloads.
func dataRows(spec config.Chart, tables []*aggregate.Table, loc *i18n.Locale, phrase format.Phrases) []DataRow {
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
			if spec.Type == "timeline" {
				total := r.Cumulative
				d.Total = &total
			}
			if r.Figure != nil {
				d.Figure, d.Wording = r.Figure.ID, r.Figure.Wording
			}
			out = append(out, d)
		}
	}
	return out
}

func textRows(spec config.Chart, tables []*aggregate.Table, loc *i18n.Locale, phrase format.Phrases) []TextRow {
	var out []TextRow
	for _, t := range tables {
		for _, r := range t.Rows {
			fig := format.Figure(loc, r.Value, r.Min, r.Max, r.Qualifier, phrase)
			if spec.Type == "timeline" {
				fig = loc.T("in_total", loc.Int(r.Cumulative))
			}
			if r.Share != nil {
				fig += " (" + shareText(loc, r.Share) + ")"
			}
			out = append(out, TextRow{Series: r.Series, Label: r.Label, Figure: fig, Sources: r.Sources})
		}
	}
	return out
}

// pointText is the value label of a row: its figure, and its share.
// On vertical bars the share goes on a second line, so labels of
// neighbouring bars do not run into each other.
func pointText(r aggregate.Row, loc *i18n.Locale, phrase format.Phrases, horizontal bool) string {
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
func tooltipText(r aggregate.Row, lab Labeler, phrase format.Phrases) string {
	loc := lab.Locale()
	lines := []string{r.Label + ": " + format.Figure(loc, r.Value, r.Min, r.Max, r.Qualifier, phrase)}
	if r.Share != nil {
		lines = append(lines, shareText(loc, r.Share))
	}
	if r.Figure != nil && r.Figure.Wording != "" {
		lines = append(lines, "“"+r.Figure.Wording+"”")
	}
	names := make([]string, len(r.Sources))
	for i, s := range r.Sources {
		names[i] = lab.Label("source", s)
	}
	lines = append(lines, loc.T("source_colon", strings.Join(names, loc.T("list_separator"))))
	return strings.Join(lines, "\n")
}

func (c *Chart) bar(spec config.Chart, tables []*aggregate.Table, lab Labeler, phrase format.Phrases) error {
	loc := lab.Locale()
	// Categories are the union of the row labels, in order of appearance.
	var cats []string
	for _, t := range tables {
		for _, r := range t.Rows {
			if !contains(cats, r.Label) {
				cats = append(cats, r.Label)
			}
		}
	}
	horizontal := spec.Horizontal
	for _, l := range cats {
		if len([]rune(l)) > 12 {
			horizontal = true
		}
	}
	bar := charts.NewBar()
	beh := &Behaviour{Horizontal: horizontal}
	multi := len(tables) > 1
	styles := newItemStyles()
	for si, t := range tables {
		data := make([]opts.BarData, len(cats))
		labels := make([]string, len(cats))
		tips := make([]string, len(cats))
		for i := range data {
			data[i] = opts.BarData{Value: nil}
		}
		for _, r := range t.Rows {
			i := indexOf(cats, r.Label)
			var v any
			if r.Value != nil {
				v = *r.Value
			}
			m, err := MarkFor(r.Qualifier)
			if err != nil {
				return err
			}
			// A range with no value of its own is drawn to its high end:
			// solid to the low end, lighter beyond (see Mark.Split).
			drawn := r.Value
			if drawn == nil && m.Split {
				drawn = r.Max
			}
			if drawn != nil {
				v = *drawn
			}
			data[i] = opts.BarData{Name: r.Label, Value: v}
			labels[i] = pointText(r, loc, phrase, horizontal)
			tips[i] = tooltipText(r, lab, phrase)
			if r.Min != nil && r.Max != nil {
				beh.Ranges = append(beh.Ranges, Range{Series: si, Index: i, Min: float64(*r.Min), Max: float64(*r.Max)})
				if r.Value == nil {
					labels[i] = format.Figure(loc, nil, r.Min, r.Max, r.Qualifier, phrase)
				}
			}
			if m.OpenEnd && drawn != nil {
				beh.OpenEnds = append(beh.OpenEnds, Point{Series: si, Index: i})
			}
			styles.add(si, i, m, Palette[si%len(Palette)], lowFrac(r.Min, drawn))
		}
		name := spec.Title
		if len(t.Rows) > 0 && t.Rows[0].Series != "" {
			name = t.Rows[0].Series
		}
		color := Palette[si%len(Palette)]
		bar.AddSeries(name, data, charts.WithItemStyleOpts(opts.ItemStyle{Color: color}),
			charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: labelPos(horizontal)}))
		beh.Labels = append(beh.Labels, labels)
		beh.Tooltips = append(beh.Tooltips, tips)
	}
	bar.SetXAxis(cats)
	bar.SetGlobalOptions(
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(multi), Top: "0"}),
		charts.WithAnimation(false),
	)
	if horizontal {
		bar.XYReversal()
	}
	bar.Validate()
	c.Option = plain(bar.JSON())
	wholeTicks(c.Option)
	c.Marks = styles.apply(c.Option, horizontal)
	beh.Marked = c.Marks != nil
	c.Behaviour = beh
	c.Height = 70 + 62*len(cats)*max(1, len(tables))
	if !horizontal {
		c.Height = 360
	}
	return nil
}

func labelPos(horizontal bool) string {
	if horizontal {
		return "right"
	}
	return "top"
}

func (c *Chart) pie(spec config.Chart, tables []*aggregate.Table, lab Labeler, phrase format.Phrases) error {
	loc := lab.Locale()
	if len(tables) != 1 {
		return fmt.Errorf("a pie shows one query; use a bar to compare several")
	}
	t := tables[0]
	if t.Overlap {
		return fmt.Errorf("a pie cannot show groups that overlap (one person may be counted in two of them); use type: bar")
	}
	if !t.PartOfWhole {
		return fmt.Errorf("a pie needs parts of one whole (a partition breakdown of one figure); these rows are not, so use type: bar")
	}
	pie := charts.NewPie()
	data := make([]opts.PieData, len(t.Rows))
	labels := make([]string, len(t.Rows))
	tips := make([]string, len(t.Rows))
	styles := newItemStyles()
	var openEnds []Point
	for i, r := range t.Rows {
		var v any
		if r.Value != nil {
			v = *r.Value
		}
		m, err := MarkFor(r.Qualifier)
		if err != nil {
			return err
		}
		styles.add(0, i, m, Palette[i%len(Palette)], lowFrac(r.Min, r.Value))
		if m.OpenEnd && r.Value != nil {
			openEnds = append(openEnds, Point{Series: 0, Index: i})
		}
		data[i] = opts.PieData{Name: r.Label, Value: v}
		labels[i] = r.Label + "\n" + format.Figure(loc, r.Value, r.Min, r.Max, r.Qualifier, phrase)
		if r.Share != nil {
			labels[i] += " (" + loc.Percent(r.Share.Percent) + ")"
		}
		tips[i] = tooltipText(r, lab, phrase)
	}
	pie.AddSeries(spec.Title, data, charts.WithPieChartOpts(opts.PieChart{Radius: []string{"30%", "55%"}}),
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(true)}))
	pie.SetGlobalOptions(
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithColorsOpts(opts.Colors(Palette)),
		charts.WithAnimation(false),
	)
	pie.Validate()
	c.Option = plain(pie.JSON())
	c.Option["color"] = Palette
	c.Marks = styles.apply(c.Option, false)
	c.Behaviour = &Behaviour{Labels: [][]string{labels}, Tooltips: [][]string{tips}, Marked: c.Marks != nil, OpenEnds: openEnds}
	c.Height = 340
	return nil
}

func (c *Chart) timeline(tables []*aggregate.Table, lab Labeler) error {
	loc := lab.Locale()
	if len(tables) != 1 {
		return fmt.Errorf("a timeline shows one query")
	}
	t := tables[0]
	line := charts.NewLine()
	years := make([]string, len(t.Rows))
	data := make([]opts.LineData, len(t.Rows))
	labels := make([]string, len(t.Rows))
	tips := make([]string, len(t.Rows))
	styles := newItemStyles()
	for i, r := range t.Rows {
		m, err := MarkFor(r.Qualifier)
		if err != nil {
			return err
		}
		styles.add(0, i, m, Palette[0], lowFrac(r.Min, r.Value))
		years[i] = r.Label
		data[i] = opts.LineData{Value: r.Cumulative}
		labels[i] = loc.Int(r.Cumulative)
		added := int64(0)
		if r.Value != nil {
			added = *r.Value
		}
		tip := loc.T("added_that_year", r.Label, loc.Int(r.Cumulative), loc.Int(added))
		if len(r.Sources) > 0 {
			names := make([]string, len(r.Sources))
			for j, s := range r.Sources {
				names[j] = lab.Label("source", s)
			}
			tip += "\nSources: " + strings.Join(names, "; ")
		}
		tips[i] = tip
	}
	line.SetXAxis(years)
	line.AddSeries("Cumulative", data,
		charts.WithLineChartOpts(opts.LineChart{Step: "end", ShowSymbol: opts.Bool(true)}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: Palette[0]}),
		charts.WithAreaStyleOpts(opts.AreaStyle{Opacity: opts.Float(0.12)}),
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "top"}))
	line.SetGlobalOptions(
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithAnimation(false),
	)
	line.Validate()
	c.Option = plain(line.JSON())
	wholeTicks(c.Option)
	c.Marks = styles.apply(c.Option, false)
	c.Behaviour = &Behaviour{Labels: [][]string{labels}, Tooltips: [][]string{tips}, Marked: c.Marks != nil}
	c.Height = 340
	if n := len(t.Undated); n > 0 {
		key := "undated_many"
		if n == 1 {
			key = "undated_one"
		}
		c.Notes = append(c.Notes, loc.T(key, n, strings.Join(t.Undated, ", ")))
	}
	return nil
}

func (c *Chart) cards(tables []*aggregate.Table, lab Labeler, phrase format.Phrases) error {
	loc := lab.Locale()
	used := map[string]bool{}
	for _, t := range tables {
		for _, r := range t.Rows {
			m, err := MarkFor(r.Qualifier)
			if err != nil {
				return err
			}
			used[m.Class] = true
			card := Card{Label: r.Label, Value: format.Figure(loc, r.Value, r.Min, r.Max, r.Qualifier, phrase), Sources: r.Sources, Mark: &m}
			if r.Share != nil {
				card.Share = shareText(loc, r.Share)
			}
			if r.Figure != nil && r.Figure.Unit != "persons" && r.Figure.Unit != "" {
				card.Note = lab.Label("unit", r.Figure.Unit)
			}
			c.Cards = append(c.Cards, card)
		}
	}
	c.Marks = legendOf(used)
	for i := range c.Cards {
		if c.Marks == nil || c.Cards[i].Mark.None {
			c.Cards[i].Mark = nil
		}
	}
	return nil
}

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

func contains(list []string, s string) bool {
	return indexOf(list, s) >= 0
}

func indexOf(list []string, s string) int {
	for i, e := range list {
		if e == s {
			return i
		}
	}
	return -1
}

// shareText writes a share: "0.3% of 613 killed"; "0.3% of a population
// of 7,000" when the whole has no words of its own.
func shareText(loc *i18n.Locale, s *aggregate.Share) string {
	if s.OfLabel == "" {
		return loc.T("share_of_population", loc.Percent(s.Percent), loc.Int(s.Of))
	}
	return loc.T("share_of", loc.Percent(s.Percent), loc.Int(s.Of), s.OfLabel)
}
