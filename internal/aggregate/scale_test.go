package aggregate

import (
	"slices"
	"testing"
)

// TestMatchAnyAsBefore holds matchAny, which splits a cell once, to the
// way it was written before (split once per accepted value).
func TestMatchAnyAsBefore(t *testing.T) {
	before := func(cell string, vals []string) bool {
		for _, v := range vals {
			if cell == v || slices.Contains(items(cell), v) {
				return true
			}
		}
		return false
	}
	cells := []string{"", "a", "b", "a;b", "a; b", "b ;c", ";", "a;", ";a", " a", "a;;b", "a;b;c"}
	vals := [][]string{nil, {""}, {"a"}, {"b"}, {"a", "c"}, {" a"}, {"a;b"}, {"a; b"}, {";"}, {"", "c"}}
	for _, c := range cells {
		for _, v := range vals {
			if got, want := matchAny(c, v), before(c, v); got != want {
				t.Errorf("matchAny(%q, %q) = %v, want %v", c, v, got, want)
			}
		}
	}
}
