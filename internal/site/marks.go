package site

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/dashgen/dashgen/charts"
)

// legendItem is one style of a chart's legend of marks: its swatch and
// what it means.
type legendItem struct {
	Swatch template.HTML
	Words  string
}

// cardView is a card with the swatch of its figure's mark, when its chart
// has a legend of marks.
type cardView struct {
	charts.Card
	Swatch template.HTML
}

// swatch draws mark m small, in the first colour of the charts, as the
// chart draws it: the same fill, outline, hatch, split and open end
// (charts.Mark), in the same colours whatever the page's theme, as the
// chart's are. It is built from the mark's fields only, never from data,
// and uses no style attribute (the page's policy refuses them).
func swatch(m charts.Mark) template.HTML {
	const x, y, w, h = 1.0, 1.0, 20.0, 12.0
	colour := charts.Palette[0]
	var b strings.Builder
	b.WriteString(`<svg class="swatch" width="30" height="14" viewBox="0 0 30 14" aria-hidden="true" focusable="false">`)
	fill := m.FillColour(colour)
	if m.Fill == 0 {
		fill = "none"
	}
	fmt.Fprintf(&b, `<rect x="%g" y="%g" width="%g" height="%g" fill="%s"/>`, x, y, w, h, fill)
	if m.Split {
		fmt.Fprintf(&b, `<rect x="%g" y="%g" width="%g" height="%g" fill="%s"/>`, x+w/2, y, w/2, h, m.LightColour(colour))
	}
	if m.Hatch {
		// Lines x+y=k, "/" as in the chart, cut to the rectangle.
		for k := x + y + 3; k < x+w+y+h; k += 4 {
			x1, x2 := max(x, k-(y+h)), min(x+w, k-y)
			fmt.Fprintf(&b, `<line x1="%g" y1="%g" x2="%g" y2="%g" stroke="%s" stroke-width="1"/>`, x1, k-x1, x2, k-x2, colour)
		}
	}
	if m.Outline {
		fmt.Fprintf(&b, `<rect x="%g" y="%g" width="%g" height="%g" fill="none" stroke="%s" stroke-width="1.5"/>`, x, y, w, h, colour)
	}
	if m.OpenEnd {
		// An arrowhead past the end: the figure may be larger.
		fmt.Fprintf(&b, `<path d="M23 2.5 L28.5 7 L23 11.5" fill="none" stroke="%s" stroke-width="2"/>`, colour)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// legend is the legend of a chart's marks, in the page's language: the
// styles the chart uses, and only those.
func (r *renderer) legend(c *charts.Chart) []legendItem {
	var out []legendItem
	for _, m := range c.Marks {
		out = append(out, legendItem{Swatch: swatch(m), Words: r.loc.T("mark_" + m.Class)})
	}
	return out
}
