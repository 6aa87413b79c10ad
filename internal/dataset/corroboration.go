package dataset

import (
	"hash/maphash"
	"math"
	"slices"
	"strings"
)

// StatedBy is dashgen's one rule of corroboration. For a figure that
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
// A figure that gives no number (the qualifier unknown), and nil, have no
// count: 0. The counts are worked out once, on first use, for every
// figure of d.
func (d *Data) StatedBy(f *Figure) int {
	if f == nil || !givesNumber(f) {
		return 0
	}
	d.corroboration.Do(func() {
		seed := maphash.MakeSeed()
		corroborate(d.Figures, func(f *Figure) uint64 { return claimHash(seed, f) })
	})
	if f.statedBy > 1 {
		return int(f.statedBy)
	}
	return 1 // no other origin states it
}

func givesNumber(f *Figure) bool { return f.Value != nil || f.Min != nil || f.Max != nil }

// corroborate sets the statedBy count of every figure that more than one
// origin states. It sorts the figures by a hash of what they state, so
// that equal figures lie side by side, rather than keeping a set per
// claim: a project of a million figures costs a slice of that many pairs,
// not a million sets.
func corroborate(figures []*Figure, hash func(*Figure) uint64) {
	type keyed struct {
		hash uint64
		f    *Figure
	}
	all := make([]keyed, 0, len(figures))
	for _, f := range figures {
		if givesNumber(f) {
			all = append(all, keyed{hash(f), f})
		}
	}
	slices.SortFunc(all, func(a, b keyed) int {
		switch {
		case a.hash < b.hash:
			return -1
		case a.hash > b.hash:
			return 1
		}
		return 0
	})
	var origins []origin
	var group []*Figure
	for start := 0; start < len(all); {
		end := start + 1
		for end < len(all) && all[end].hash == all[start].hash {
			end++
		}
		// Figures of one hash are the same claim but for a collision: take
		// them claim by claim.
		left := make([]*Figure, 0, end-start)
		for _, k := range all[start:end] {
			left = append(left, k.f)
		}
		for len(left) > 1 {
			group, origins = group[:0], origins[:0]
			rest := left[:0:0]
			for _, f := range left {
				if sameClaim(f, left[0]) {
					group = append(group, f)
					origins = appendOrigins(origins, f)
				} else {
					rest = append(rest, f)
				}
			}
			slices.SortFunc(origins, compareOrigins)
			if n := len(slices.Compact(origins)); n > 1 {
				for _, f := range group {
					f.statedBy = int32(min(n, math.MaxInt32))
				}
			}
			left = rest
		}
		start = end
	}
}

// claimHash hashes what a figure states (sameClaim's fields).
func claimHash(seed maphash.Seed, f *Figure) uint64 {
	var h maphash.Hash
	h.SetSeed(seed)
	for _, s := range [...]string{f.Event, f.Measure, f.Group, f.Unit, f.Qualifier} {
		h.WriteString(s)
		h.WriteByte(0)
	}
	for _, v := range [...]*int64{f.Value, f.Min, f.Max} {
		if v == nil {
			h.WriteByte(0)
			continue
		}
		h.WriteByte(1)
		maphash.WriteComparable(&h, *v)
	}
	return h.Sum64()
}

// sameClaim: a and b state the same figure (StatedBy's rule).
func sameClaim(a, b *Figure) bool {
	eq := func(x, y *int64) bool { return (x == nil) == (y == nil) && (x == nil || *x == *y) }
	return a.Event == b.Event && a.Measure == b.Measure && a.Group == b.Group && a.Unit == b.Unit &&
		a.Qualifier == b.Qualifier && eq(a.Value, b.Value) && eq(a.Min, b.Min) && eq(a.Max, b.Max)
}

// origin is who states a figure: a source, or who its sources attribute
// it to (written alike however it is cased or spaced).
type origin struct {
	attributed bool
	name       string
}

func compareOrigins(a, b origin) int {
	if a.attributed != b.attributed {
		if a.attributed {
			return 1
		}
		return -1
	}
	return strings.Compare(a.name, b.name)
}

// appendOrigins appends the origins of f: who its sources attribute it
// to, else each source.
func appendOrigins(origins []origin, f *Figure) []origin {
	if a := strings.TrimSpace(f.AttributedTo); a != "" {
		return append(origins, origin{true, strings.ToLower(strings.Join(strings.Fields(a), " "))})
	}
	for _, s := range f.Sources {
		origins = append(origins, origin{false, s})
	}
	return origins
}
