package idindex

import (
	"fmt"
	"testing"
)

type rec struct{ id string }

// TestAddKeepsTheFirst: every id is found, the first record with an id
// keeps it, later ones come back as duplicates, in any number of runs and
// on any number of goroutines; a record without an id is not added.
func TestAddKeepsTheFirst(t *testing.T) {
	for _, workers := range []int{1, 2, 5} {
		for _, n := range []int{0, 1, 7, 1000, 50_000} {
			x := New(func(r *rec) string { return r.id })
			runs := [][]rec{make([]rec, n), make([]rec, n/2), {{id: ""}}}
			for i := range runs[0] {
				runs[0][i].id = fmt.Sprint("f", i)
			}
			for i := range runs[1] {
				runs[1][i].id = fmt.Sprint("f", 2*i) // every other id again
			}
			hashes := make([][]uint64, len(runs))
			for k, run := range runs {
				for _, r := range run {
					h := uint64(0)
					if r.id != "" {
						h = Hash(r.id)
					}
					hashes[k] = append(hashes[k], h)
				}
			}
			dups := x.Add(hashes, func(k, i int) *rec { return &runs[k][i] }, workers)
			for i := range runs[0] {
				if got := x.Get(runs[0][i].id); got != &runs[0][i] {
					t.Fatalf("workers %d, n %d: Get(%q) = %v, not the first record", workers, n, runs[0][i].id, got)
				}
			}
			if len(dups) != len(runs[1]) {
				t.Fatalf("workers %d, n %d: %d duplicates, want %d", workers, n, len(dups), len(runs[1]))
			}
			for i := range runs[1] {
				if dups[&runs[1][i]] != &runs[0][2*i] {
					t.Fatalf("workers %d, n %d: duplicate %q not paired with the first", workers, n, runs[1][i].id)
				}
			}
			if x.Get("") != nil || x.Get("nope") != nil {
				t.Fatalf("found a record for no id or an unknown one")
			}
			// A second Add sees the records of the first.
			again := []rec{{id: "f0"}, {id: "new"}}
			dups = x.Add([][]uint64{{Hash("f0"), Hash("new")}}, func(_, i int) *rec { return &again[i] }, workers)
			if n > 0 && dups[&again[0]] != &runs[0][0] || x.Get("new") != &again[1] {
				t.Fatalf("workers %d, n %d: a second Add: duplicates %v", workers, n, dups)
			}
		}
	}
	var nilIndex *Index[rec]
	if nilIndex.Get("x") != nil {
		t.Fatal("a nil index found a record")
	}
}
