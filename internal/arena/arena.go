// Package arena hands out the small values records point to (counts, lists
// of ids) from blocks, instead of one allocation each: a million records
// cost a few thousand allocations, not millions. An Arena is not safe for
// use by several goroutines at once; give each its own.
package arena

// Arena hands out values from blocks. The zero Arena is ready to use.
type Arena struct {
	ints []int64
	strs []string
}

// Int returns a pointer to a new int64 holding v.
func (a *Arena) Int(v int64) *int64 {
	if len(a.ints) == cap(a.ints) {
		a.ints = make([]int64, 0, 256)
	}
	a.ints = append(a.ints, v)
	return &a.ints[len(a.ints)-1]
}

// Strings returns a slice of n empty strings whose capacity is n, so that
// appending to it never writes into the arena.
func (a *Arena) Strings(n int) []string {
	if cap(a.strs)-len(a.strs) < n {
		a.strs = make([]string, 0, max(256, n))
	}
	i := len(a.strs)
	a.strs = a.strs[:i+n]
	return a.strs[i : i+n : i+n]
}
