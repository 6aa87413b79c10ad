package site

import (
	"fmt"
	"html/template"
	"math"
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

// dotSwatch is swatch for a chart whose marks are dots (a dot plot): a
// dot with the same fill, outline, hatch, split and open end.
func dotSwatch(m charts.Mark) template.HTML {
	const cx, cy, r = 8.0, 7.0, 5.5
	colour := charts.Palette[0]
	var b strings.Builder
	b.WriteString(`<svg class="swatch" width="24" height="14" viewBox="0 0 24 14" aria-hidden="true" focusable="false">`)
	fill := m.FillColour(colour)
	if m.Fill == 0 {
		fill = "none"
	}
	fmt.Fprintf(&b, `<circle cx="%g" cy="%g" r="%g" fill="%s"/>`, cx, cy, r, fill)
	if m.Split {
		// The right half lighter.
		fmt.Fprintf(&b, `<path d="M%g %g A%g %g 0 0 1 %g %g Z" fill="%s"/>`, cx, cy-r, r, r, cx, cy+r, m.LightColour(colour))
	}
	if m.Hatch {
		// Chords x+y=k of the dot, "/" as in the chart.
		for k := -2 * r; k <= 2*r; k += 4 {
			d := math.Abs(k) / math.Sqrt2
			if d >= r {
				continue
			}
			h := math.Sqrt(r*r-d*d) / math.Sqrt2
			fx, fy := cx+k/2, cy+k/2
			fmt.Fprintf(&b, `<line x1="%.2f" y1="%.2f" x2="%.2f" y2="%.2f" stroke="%s" stroke-width="1"/>`, fx-h, fy+h, fx+h, fy-h, colour)
		}
	}
	if m.Outline {
		fmt.Fprintf(&b, `<circle cx="%g" cy="%g" r="%g" fill="none" stroke="%s" stroke-width="1.5"/>`, cx, cy, r, colour)
	}
	if m.OpenEnd {
		fmt.Fprintf(&b, `<path d="M16 2.5 L21.5 7 L16 11.5" fill="none" stroke="%s" stroke-width="2"/>`, colour)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// legend is the legend of a chart's marks, in the page's language: the
// styles the chart uses, and only those, drawn as the chart draws them.
func (r *renderer) legend(c *charts.Chart) []legendItem {
	draw, suffix := swatch, ""
	if c.Dots() {
		draw, suffix = dotSwatch, "_dot"
	}
	var out []legendItem
	for _, m := range c.Marks {
		key := "mark_" + m.Class
		if m.Split {
			// A split mark's words say where the split is, which differs
			// between a bar and a dot.
			key += suffix
		}
		out = append(out, legendItem{Swatch: draw(m), Words: r.loc.T(key)})
	}
	return out
}
