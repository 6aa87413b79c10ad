package charts

import (
	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/dashgen/dashgen/internal/config"
	"github.com/dashgen/dashgen/internal/format"
)

func (c *Chart) pie(spec config.Chart, tables []*table, lab Words, phrase format.Phrases) error {
	loc := lab.Locale()
	t := tables[0] // one query, of parts of one whole: see pieRows
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
