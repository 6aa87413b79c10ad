package charts

import (
	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/dashgen/dashgen/internal/config"
	"github.com/dashgen/dashgen/internal/format"
)

// dotSize is the diameter of a dot, in pixels.
const dotSize = 14

// dot is a dot plot: the figures as each source reports them, one row per
// item (a source, a measure), a dot at the figure and a line with end
// caps through it from the lowest figure the source gives to its highest.
// The value axis starts at 0. Nothing is added up: each dot is one row.
// A range with no single figure ("500–1,000") has no dot, only its line;
// no point is made up between its ends.
func (c *Chart) dot(spec config.Chart, tables []*table, lab Words, phrase format.Phrases) error {
	loc := lab.Locale()
	items, itemIndex := categories(tables)
	sc := charts.NewScatter()
	beh := &Behaviour{Horizontal: true}
	styles := newItemStyles()
	ranged := false
	for si, t := range tables {
		colour := Palette[si%len(Palette)]
		data := make([]opts.ScatterData, len(items))
		labels := make([]string, len(items))
		tips := make([]string, len(items))
		for _, r := range t.Rows {
			i := itemIndex[r.Label]
			m, err := MarkFor(r.Qualifier)
			if err != nil {
				return err
			}
			data[i] = opts.ScatterData{Name: r.Label}
			labels[i] = pointText(r, loc, phrase, true)
			tips[i] = tooltipText(r, lab, phrase)
			if r.Min != nil && r.Max != nil {
				ranged = true
				beh.Ranges = append(beh.Ranges, Range{Series: si, Index: i, Min: float64(*r.Min), Max: float64(*r.Max)})
			}
			if r.Value == nil {
				continue // no dot: a range alone, or a figure not reported
			}
			data[i].Value = []int64{*r.Value, int64(i)}
			if m.OpenEnd {
				beh.OpenEnds = append(beh.OpenEnds, Point{Series: si, Index: i})
			}
			// A split dot is half solid, half light: the figure sits in
			// a range.
			styles.add(si, i, m, colour, 0.5)
		}
		name := spec.Title
		if len(t.Rows) > 0 && t.Rows[0].Series != "" {
			name = t.Rows[0].Series
		}
		sc.AddSeries(name, data,
			charts.WithScatterChartOpts(opts.ScatterChart{Symbol: "circle", SymbolSize: dotSize}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: colour, Opacity: opts.Float(1)}),
			charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "right"}))
		beh.Labels = append(beh.Labels, labels)
		beh.Tooltips = append(beh.Tooltips, tips)
	}
	sc.SetXAxis(items)
	sc.SetGlobalOptions(
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(len(tables) > 1), Top: "0"}),
		charts.WithAnimation(false),
	)
	sc.Validate()
	c.Option = plain(sc.JSON())
	// The items run down the page, the values across it.
	c.Option["xAxis"], c.Option["yAxis"] = c.Option["yAxis"], c.Option["xAxis"]
	wholeTicks(c.Option)
	if axes, _ := c.Option["xAxis"].([]any); len(axes) > 0 {
		if ax, _ := axes[0].(map[string]any); ax != nil {
			ax["min"] = 0 // a dot's distance from 0 is its size
		}
	}
	c.Marks = styles.apply(c.Option, true)
	beh.Marked = c.Marks != nil
	c.Behaviour = beh
	if ranged {
		c.Notes = append(c.Notes, loc.T("dot_range_note"))
	}
	c.Height = 70 + 62*len(items)
	return nil
}
