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

// swatch draws mark m small, in the text's colour (currentColor, so it
// follows the page's light or dark theme), as the chart draws it: the
// same fill, outline, hatch, split and open end (charts.Mark). It is
// built from the mark's fields only, never from data, and uses no style
// attribute (the page's policy refuses them).
func swatch(m charts.Mark) template.HTML {
	const x, y, w, h = 1.0, 1.0, 20.0, 12.0
	var b strings.Builder
	b.WriteString(`<svg class="swatch" width="30" height="14" viewBox="0 0 30 14" aria-hidden="true" focusable="false">`)
	stroke := ""
	if m.Outline {
		stroke = ` stroke="currentColor" stroke-width="1.5"`
	}
	switch {
	case m.Split:
		fmt.Fprintf(&b, `<rect x="%g" y="%g" width="%g" height="%g" fill="currentColor" fill-opacity="0.35"/>`, x, y, w, h)
		fmt.Fprintf(&b, `<rect x="%g" y="%g" width="%g" height="%g" fill="currentColor"/>`, x, y, w/2, h)
		fmt.Fprintf(&b, `<rect x="%g" y="%g" width="%g" height="%g" fill="none"%s/>`, x, y, w, h, stroke)
	default:
		fill := `fill="currentColor"`
		if m.Fill == 0 {
			fill = `fill="none"`
		} else if m.Fill < 1 {
			fill = fmt.Sprintf(`fill="currentColor" fill-opacity="%g"`, m.Fill)
		}
		fmt.Fprintf(&b, `<rect x="%g" y="%g" width="%g" height="%g" %s%s/>`, x, y, w, h, fill, stroke)
	}
	if m.Hatch {
		// Lines x+y=k, "/" as in the chart, cut to the rectangle.
		for k := x + y + 3; k < x+w+y+h; k += 4 {
			x1, x2 := max(x, k-(y+h)), min(x+w, k-y)
			fmt.Fprintf(&b, `<line x1="%g" y1="%g" x2="%g" y2="%g" stroke="currentColor" stroke-width="1"/>`, x1, k-x1, x2, k-x2)
		}
	}
	if m.OpenEnd {
		// An arrowhead past the end: the figure may be larger.
		b.WriteString(`<path d="M23 2.5 L28.5 7 L23 11.5" fill="none" stroke="currentColor" stroke-width="2"/>`)
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
