package dataset

import (
	"strconv"
	"strings"
)

// StatedBy is dashgen's one rule of corroboration. For each figure that
// gives a number, it counts the origins that state the same figure: the
// figures of the same event, measure, group and unit that give the same
// number (value, min and max) with the same qualifier, this one included.
// The origin of a figure is who its source attributes it to when
// attributed_to is set (sources repeating one originator's figure count
// once: they are not independent of it), else each source it cites. A
// figure with another number, or another qualifier, is never counted.
// The count says how many sources state a figure, not that they are
// independent of each other: the data does not show that.
//
// It returns the count by figure id; a figure that gives no number (the
// qualifier unknown) has none.
func (d *Data) StatedBy() map[string]int {
	type claim struct {
		event, measure, group, unit, qualifier, number string
	}
	num := func(v *int64) string {
		if v == nil {
			return ""
		}
		return strconv.FormatInt(*v, 10)
	}
	origins := map[claim]map[string]bool{}
	claims := make([]claim, len(d.Figures))
	for i, f := range d.Figures {
		if f.Value == nil && f.Min == nil && f.Max == nil {
			continue
		}
		c := claim{f.Event, f.Measure, f.Group, f.Unit, f.Qualifier, num(f.Value) + "/" + num(f.Min) + "/" + num(f.Max)}
		claims[i] = c
		set := origins[c]
		if set == nil {
			set = map[string]bool{}
			origins[c] = set
		}
		if a := strings.TrimSpace(f.AttributedTo); a != "" {
			// Written alike however it is cased or spaced.
			set["attributed:"+strings.ToLower(strings.Join(strings.Fields(a), " "))] = true
			continue
		}
		for _, s := range f.Sources {
			set["source:"+s] = true
		}
	}
	out := map[string]int{}
	for i, f := range d.Figures {
		if set := origins[claims[i]]; set != nil && f.ID != "" {
			out[f.ID] = len(set)
		}
	}
	return out
}
