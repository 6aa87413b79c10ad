package charts

import (
	"fmt"
	"math"
	"strconv"
)

// A mark is the drawn shape of one figure (a bar, a slice, a point, a
// card's swatch). Its style says how sure the figure is, so that "at least
// 161" never looks like a certain 161: the qualifier shows in the drawing,
// not only in the label. The difference never rests on hue alone: fill,
// outline, pattern and an open end tell the styles apart in grayscale
// print and for every kind of colour vision.
//
// markStyles and qualifierClass are the one table of them. Every chart
// kind takes the style of each item from it (itemStyle), and the legend
// under a chart its words (locale key "mark_" + Class); a chart kind added
// later (a map) does the same.

// Mark is the style of the marks of one class of qualifiers.
type Mark struct {
	// Class names the style: exact, lower, about, upper, range, or none
	// (a figure that is not reported draws no mark).
	Class string `json:"class"`
	// Fill is how much of the colour fills the mark: 1 solid, 0 none
	// (outline only), between the two a lighter tint of the colour.
	Fill float64 `json:"fill"`
	// Outline draws the mark's edge in its full colour.
	Outline bool `json:"outline,omitempty"`
	// Hatch lays diagonal lines in the full colour over the fill.
	Hatch bool `json:"hatch,omitempty"`
	// OpenEnd draws an arrowhead past the end of the mark: the figure
	// may be larger.
	OpenEnd bool `json:"openEnd,omitempty"`
	// Split fills the mark solid up to the low end of its range and with
	// a lighter tint from there to its end.
	Split bool `json:"split,omitempty"`
	// None: nothing is drawn (no value).
	None bool `json:"-"`
}

// markStyles are the styles, in the order a legend lists them.
var markStyles = []Mark{
	{Class: "exact", Fill: 1},
	{Class: "lower", Fill: 1, OpenEnd: true},
	{Class: "about", Fill: 0.35, Outline: true, Hatch: true},
	{Class: "upper", Fill: 0, Outline: true},
	{Class: "range", Fill: 1, Outline: true, Split: true},
	{Class: "none", None: true},
}

// qualifierClass maps each qualifier of the data model to its style. A
// count of records has no qualifier: it is exact.
var qualifierClass = map[string]string{
	"":          "exact",
	"exact":     "exact",
	"at_least":  "lower",
	"more_than": "lower",
	"about":     "about",
	"up_to":     "upper",
	"range":     "range",
	"unknown":   "none",
}

// MarkFor is the style of a figure with qualifier q. A qualifier with no
// style is a bug (a qualifier added to the model and not here): it fails
// the build rather than draw the figure as if it were exact.
func MarkFor(q string) (Mark, error) {
	class, ok := qualifierClass[q]
	if !ok {
		return Mark{}, fmt.Errorf("charts: qualifier %q has no mark style; add it to qualifierClass", q)
	}
	for _, m := range markStyles {
		if m.Class == class {
			return m, nil
		}
	}
	return Mark{}, fmt.Errorf("charts: mark class %q of qualifier %q is not in markStyles", class, q)
}

// MarkStyles are every style a chart may use, in legend order.
func MarkStyles() []Mark { return append([]Mark(nil), markStyles...) }

// legendOf is the styles a chart uses, in table order, for the legend
// under it: none for a chart of exact figures only, whose marks are the
// plain solid ones everybody reads; otherwise every style it draws, and
// only those.
func legendOf(used map[string]bool) []Mark {
	var out []Mark
	qualified := false
	for _, m := range markStyles {
		if used[m.Class] && !m.None {
			out = append(out, m)
			qualified = qualified || m.Class != "exact"
		}
	}
	if !qualified {
		return nil
	}
	return out
}

// itemStyles collects the style of each data item of a chart, then writes
// them into its option.
type itemStyles struct {
	used  map[string]bool
	items []styledItem
}

type styledItem struct {
	series, index int
	mark          Mark
	colour        string
	lowFrac       float64
}

func newItemStyles() *itemStyles { return &itemStyles{used: map[string]bool{}} }

// add records that item index of series is drawn in style m and colour.
func (s *itemStyles) add(series, index int, m Mark, colour string, lowFrac float64) {
	s.used[m.Class] = true
	s.items = append(s.items, styledItem{series, index, m, colour, lowFrac})
}

// apply sets the itemStyle of each item in option (a plain option with
// objects as data items) and returns the chart's legend of styles. A chart
// of exact figures keeps its option as it is.
func (s *itemStyles) apply(option map[string]any, horizontal bool) []Mark {
	legend := legendOf(s.used)
	if legend == nil {
		return nil
	}
	series, _ := option["series"].([]any)
	for _, it := range s.items {
		if it.mark.None || it.series >= len(series) {
			continue
		}
		ser, _ := series[it.series].(map[string]any)
		data, _ := ser["data"].([]any)
		if it.index >= len(data) {
			continue
		}
		item, _ := data[it.index].(map[string]any)
		if item == nil {
			continue
		}
		item["itemStyle"] = it.mark.ItemStyle(it.colour, horizontal, it.lowFrac)
		if it.mark.OpenEnd && (ser["type"] == "bar" || ser["type"] == "scatter") {
			// Room for the arrowhead between the end of the bar or the dot and its label.
			item["label"] = map[string]any{"distance": 17}
		}
	}
	return legend
}

// lowFrac is where the low end of a range (min) falls along a mark drawn
// to drawn: 1 (all solid) when there is no range.
func lowFrac(min, drawn *int64) float64 {
	if min == nil || drawn == nil || *drawn <= 0 {
		return 1
	}
	return math.Min(1, float64(*min)/float64(*drawn))
}

// wholeTicks makes the value axes of a plain option tick at whole numbers
// only: the charts count people, bodies and records, and an axis of a
// small count must read 0, 1, 2, not 0, 0.5, 1, 1.5. (An axis of shares
// would keep fractions; no chart draws one.) The value axis is the one
// with no category data.
func wholeTicks(option map[string]any) {
	for _, key := range []string{"xAxis", "yAxis"} {
		axes, _ := option[key].([]any)
		for _, a := range axes {
			ax, _ := a.(map[string]any)
			if ax == nil {
				continue
			}
			if _, categories := ax["data"]; categories {
				continue
			}
			ax["type"] = "value"
			ax["minInterval"] = 1
		}
	}
}

// ItemStyle is the ECharts itemStyle of a mark of style m in colour (a
// "#rrggbb" colour). lowFrac is where the low end of a range falls along
// the mark (0 to 1), for a split mark; horizontal says which way the mark
// runs (a bar along x). It is data only: colours, a gradient and a decal
// pattern, no code.
func (m Mark) ItemStyle(colour string, horizontal bool, lowFrac float64) map[string]any {
	st := map[string]any{"color": m.FillColour(colour)}
	if m.Split {
		lowFrac = math.Max(0, math.Min(1, lowFrac))
		light := m.LightColour(colour)
		g := map[string]any{"type": "linear", "x": 0, "y": 1, "x2": 0, "y2": 0}
		if horizontal {
			g["y"], g["x2"] = 0, 1
		}
		g["colorStops"] = []any{
			map[string]any{"offset": 0, "color": colour},
			map[string]any{"offset": lowFrac, "color": colour},
			map[string]any{"offset": lowFrac, "color": light},
			map[string]any{"offset": 1, "color": light},
		}
		st["color"] = g
	}
	if m.Outline {
		st["borderColor"] = colour
		st["borderWidth"] = 2
	}
	if m.Hatch {
		st["decal"] = map[string]any{
			"symbol": "rect", "symbolSize": 1, "color": colour,
			"dashArrayX": []any{1, 0}, "dashArrayY": []any{2, 4}, "rotation": -math.Pi / 4,
		}
	} else if m.Fill < 1 || m.Split {
		// Not the pattern that tells series apart (page.js turns it on
		// where colour alone would): over an outline or a split fill it
		// would read as the hatch of "about". Solid marks keep it.
		// (ECharts takes no decal "none" on a data item: a clear one.)
		st["decal"] = map[string]any{"color": "rgba(0,0,0,0)"}
	}
	return st
}

// FillColour is the fill of a mark of style m drawn in colour ("#rrggbb"):
// the colour, a lighter tint of it, or nothing (transparent).
func (m Mark) FillColour(colour string) string {
	switch {
	case m.Fill == 0:
		return "rgba(0,0,0,0)"
	case m.Fill < 1:
		return tint(colour, m.Fill)
	}
	return colour
}

// LightColour is the lighter part of a split mark (a range beyond its
// low end).
func (m Mark) LightColour(colour string) string { return tint(colour, 0.35) }

// tint mixes colour ("#rrggbb") with white: share 1 is the colour, 0 white.
func tint(colour string, share float64) string {
	if len(colour) != 7 || colour[0] != '#' {
		panic(fmt.Sprintf("charts: colour %q is not #rrggbb", colour))
	}
	out := "#"
	for i := 1; i < 7; i += 2 {
		v, err := strconv.ParseUint(colour[i:i+2], 16, 8)
		if err != nil {
			panic(fmt.Sprintf("charts: colour %q is not #rrggbb", colour))
		}
		c := float64(v)*share + 255*(1-share)
		out += fmt.Sprintf("%02x", int(math.Round(c)))
	}
	return out
}
