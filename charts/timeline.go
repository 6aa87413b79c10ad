package charts

import (
	"strings"

	"github.com/dashgen/dashgen/internal/i18n"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

func (c *Chart) timeline(tables []*table, lab Words) error {
	loc := lab.Locale()
	t := tables[0] // one query: see Kind.OneQuery
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
			tip += "\n" + loc.T("sources_colon", strings.Join(names, "; "))
		}
		tips[i] = tip
	}
	line.SetXAxis(years)
	line.AddSeries(loc.T("running_total"), data,
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
		c.Notes = append(c.Notes, loc.T(key, loc.Int(int64(n)), undatedNames(t.Undated, loc)))
	}
	return nil
}

// undatedNamed is the most undated records a timeline's note names; the
// others it counts, so that the note stays a sentence whatever the data
// size.
const undatedNamed = 20

// undatedNames are the names of the records a timeline cannot place, the
// first undatedNamed of them and how many more.
func undatedNames(names []string, loc *i18n.Locale) string {
	return firstOf(names, undatedNamed, ", ", loc)
}

// firstOf joins the first limit names with sep and counts the others
// ("…, 12 more"), so that a sentence or a tooltip naming records stays
// short whatever the data size.
func firstOf(names []string, limit int, sep string, loc *i18n.Locale) string {
	if len(names) <= limit {
		return strings.Join(names, sep)
	}
	return strings.Join(names[:limit], sep) + sep + loc.T("and_more", loc.Int(int64(len(names)-limit)))
}
