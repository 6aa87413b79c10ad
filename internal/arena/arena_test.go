package arena

import "testing"

// TestValuesDoNotOverlap: every value handed out is its own, across
// blocks, and appending to a slice of strings never writes into another.
func TestValuesDoNotOverlap(t *testing.T) {
	var a Arena
	var ints []*int64
	for i := range 1000 {
		ints = append(ints, a.Int(int64(i)))
	}
	var lists [][]string
	for i := range 300 {
		n := i % 7
		if i == 150 {
			n = 1000 // larger than a block
		}
		s := a.Strings(n)
		if len(s) != n || cap(s) != n {
			t.Fatalf("Strings(%d): len %d, cap %d", n, len(s), cap(s))
		}
		for j := range s {
			if s[j] != "" {
				t.Fatalf("Strings(%d)[%d] = %q, not empty", n, j, s[j])
			}
			s[j] = string(rune('a' + i%26))
		}
		lists = append(lists, append(s, "appended"))
	}
	for i, p := range ints {
		if *p != int64(i) {
			t.Fatalf("Int %d holds %d", i, *p)
		}
	}
	for i, s := range lists {
		for j, v := range s[:len(s)-1] {
			if v != string(rune('a'+i%26)) {
				t.Fatalf("list %d, value %d = %q: overwritten", i, j, v)
			}
		}
	}
}
