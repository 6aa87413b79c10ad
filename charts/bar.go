package charts

import (
	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/dashgen/dashgen/internal/config"
	"github.com/dashgen/dashgen/internal/format"
)

func (c *Chart) bar(spec config.Chart, tables []*table, lab Words, phrase format.Phrases) error {
	loc := lab.Locale()
	// Categories are the union of the row labels, in order of appearance.
	cats, catIndex := categories(tables)
	horizontal := spec.Horizontal
	for _, l := range cats {
		if len([]rune(l)) > 12 {
			horizontal = true
		}
	}
	horizontal = horizontal || len(cats)*len(tables) > VerticalBars
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
			i := catIndex[r.Label]
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
