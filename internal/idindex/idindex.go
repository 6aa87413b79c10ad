// Package idindex finds records by id in a hash table built for many
// records added at once: it is split into shards by the top bits of the
// id's hash, so that a large file's records are added shard by shard, at
// once on several goroutines, each shard small enough to stay in the
// processor's cache; the slots keep each id's hash, so that adding and
// growing read no id but on a hash match.
package idindex

import (
	"hash/maphash"
	"math/bits"
	"sync"
)

// shardBits is the log2 of the number of shards.
const (
	shardBits = 4
	shards    = 1 << shardBits
)

var seed = maphash.MakeSeed()

// Hash hashes an id for Add; never 0, which Add takes for no id.
func Hash(id string) uint64 { return maphash.String(seed, id) | 1 }

func shardOf(h uint64) int { return int(h >> (64 - shardBits)) }

// Index finds records of type T by id.
type Index[T any] struct {
	shards [shards]table[T]
	id     func(*T) string
}

// New returns an empty index of records whose id is id(record).
func New[T any](id func(*T) string) *Index[T] { return &Index[T]{id: id} }

// table is an open-addressing hash table with linear probing; a slot with
// no record is free. Its size is any number, at most three quarters used;
// the home slot of a hash is the hash's low bits (the top ones pick the
// shard) scaled to the size.
type table[T any] struct {
	slots []slot[T]
	n     int
}

type slot[T any] struct {
	h uint64
	v *T
}

// Get returns the record with the id, or nil.
func (x *Index[T]) Get(id string) *T {
	if x == nil {
		return nil
	}
	h := Hash(id)
	t := &x.shards[shardOf(h)]
	if len(t.slots) == 0 {
		return nil
	}
	for i := t.home(h); ; {
		s := &t.slots[i]
		if s.v == nil {
			return nil
		}
		if s.h == h && x.id(s.v) == id {
			return s.v
		}
		if i++; i == len(t.slots) {
			i = 0
		}
	}
}

func (t *table[T]) home(h uint64) int {
	i, _ := bits.Mul64(h<<shardBits, uint64(len(t.slots)))
	return int(i)
}

// add adds v unless a record with its id is there, which it returns.
func (x *Index[T]) add(t *table[T], h uint64, v *T) *T {
	if 4*(t.n+1) > 3*len(t.slots) {
		t.grow(max(16, 2*len(t.slots)))
	}
	for i := t.home(h); ; {
		s := &t.slots[i]
		if s.v == nil {
			s.h, s.v = h, v
			t.n++
			return nil
		}
		if s.h == h && x.id(s.v) == x.id(v) {
			return s.v
		}
		if i++; i == len(t.slots) {
			i = 0
		}
	}
}

// grow moves the records to a table of size slots.
func (t *table[T]) grow(size int) {
	old := t.slots
	t.slots = make([]slot[T], size)
	for _, s := range old {
		if s.v == nil {
			continue
		}
		i := t.home(s.h)
		for t.slots[i].v != nil {
			if i++; i == size {
				i = 0
			}
		}
		t.slots[i] = s
	}
}

// reserve makes room for n more records.
func (t *table[T]) reserve(n int) {
	if need := (t.n+n)*4/3 + 1; need > len(t.slots) {
		t.grow(max(16, need))
	}
}

// Add adds runs of records, in order, keeping the first record with each
// id: one already in the index, or the one added first. hashes[k][i] is
// the Hash of the id of record at(k, i), 0 for a record without an id,
// which is not added. The shards are filled on workers goroutines at once
// (one when workers < 2). It returns the records whose id was taken, each
// with the first record that has it.
func (x *Index[T]) Add(hashes [][]uint64, at func(k, i int) *T, workers int) map[*T]*T {
	var counts [shards]int
	for _, hs := range hashes {
		for _, h := range hs {
			if h != 0 {
				counts[shardOf(h)]++
			}
		}
	}
	dups := make([]map[*T]*T, shards)
	add := func(s int) {
		t := &x.shards[s]
		t.reserve(counts[s])
		for k, hs := range hashes {
			for i, h := range hs {
				if h == 0 || shardOf(h) != s {
					continue
				}
				v := at(k, i)
				if first := x.add(t, h, v); first != nil {
					if dups[s] == nil {
						dups[s] = map[*T]*T{}
					}
					dups[s][v] = first
				}
			}
		}
	}
	if workers < 2 {
		for s := range shards {
			add(s)
		}
	} else {
		var wg sync.WaitGroup
		for w := range min(workers, shards) {
			wg.Go(func() {
				for s := w; s < shards; s += workers {
					add(s)
				}
			})
		}
		wg.Wait()
	}
	var all map[*T]*T
	for _, d := range dups {
		if all == nil {
			all = d
			continue
		}
		for v, first := range d {
			all[v] = first
		}
	}
	return all
}
