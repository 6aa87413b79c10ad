package dataset

import (
	"maps"
	"testing"
)

func TestStatedBy(t *testing.T) {
	n := func(v int64) *int64 { return &v }
	fig := func(id, group string, value *int64, qualifier, attributed string, sources ...string) *Figure {
		return &Figure{ID: id, Event: "e", Measure: "killed", Group: group, Unit: "persons", Value: value, Qualifier: qualifier, AttributedTo: attributed, Sources: sources}
	}
	d := &Data{Figures: []*Figure{
		fig("a", "all", n(12), "exact", "", "s1"),
		fig("b", "all", n(12), "exact", "", "s2", "s3"), // two sources state it
		fig("c", "all", n(12), "exact", "", "s1"),       // the same source again: once
		fig("d", "all", n(12), "exact", "The Office", "s4"),
		fig("e", "all", n(12), "exact", " the  office ", "s5"), // the same originator
		fig("f", "all", n(12), "about", "", "s6"),              // another qualifier
		fig("g", "all", n(14), "exact", "", "s7"),              // another number
		fig("h", "women", n(12), "exact", "", "s8"),            // another group
		fig("i", "all", nil, "unknown", "", "s9"),              // no number
		{ID: "j", Event: "e", Measure: "killed", Group: "all", Unit: "persons", Qualifier: "range", Min: n(10), Max: n(14), Sources: []string{"s10"}},
		{ID: "k", Event: "e", Measure: "killed", Group: "all", Unit: "persons", Qualifier: "range", Min: n(10), Max: n(14), Sources: []string{"s11"}},
	}}
	want := map[string]int{"a": 4, "b": 4, "c": 4, "d": 4, "e": 4, "f": 1, "g": 1, "h": 1, "j": 2, "k": 2}
	got := map[string]int{}
	for _, f := range d.Figures {
		if n := d.StatedBy(f); n != 0 {
			got[f.ID] = n
		}
	}
	if !maps.Equal(got, want) {
		t.Errorf("StatedBy = %v, want %v", got, want)
	}
	if n := d.StatedBy(nil); n != 0 {
		t.Errorf("StatedBy(nil) = %d, want 0", n)
	}
	// Every figure under one hash, as if every claim collided: the claims
	// are still told apart.
	d2 := &Data{Figures: d.Figures}
	for _, f := range d2.Figures {
		f.statedBy = 0
	}
	d2.corroboration.Do(func() { corroborate(d2.Figures, func(*Figure) uint64 { return 7 }) })
	collided := map[string]int{}
	for _, f := range d2.Figures {
		if n := d2.StatedBy(f); n != 0 {
			collided[f.ID] = n
		}
	}
	if !maps.Equal(collided, want) {
		t.Errorf("corroborate with one hash = %v, want %v", collided, want)
	}
}
