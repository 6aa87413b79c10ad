package dataset

import (
	"hash/maphash"
	"math/bits"
	"runtime"
	"sync"
)

// figureIndex finds figures by id (Data.Figure). It is a hash table split
// into shards by the top bits of the id's hash, so that a large file's
// figures are added shard by shard, at once, each shard small enough to
// stay in the processor's cache; the slots keep each id's hash, so that
// adding and growing read no id but on a hash match.
type figureIndex struct {
	shards [figureShards]figureTable
}

// figureShards is the number of shards of a figureIndex; a power of two.
const (
	figureShardBits = 4
	figureShards    = 1 << figureShardBits
)

var figureSeed = maphash.MakeSeed()

// figureHash hashes an id; never 0.
func figureHash(id string) uint64 { return maphash.String(figureSeed, id) | 1 }

func shardOf(h uint64) int { return int(h >> (64 - figureShardBits)) }

// figureTable is an open-addressing hash table of figures by id, with
// linear probing; a slot with no figure is free. Its size is any number,
// at most three quarters used; the home slot of a hash is the hash's low
// bits (the top ones pick the shard) scaled to the size.
type figureTable struct {
	slots []figureSlot
	n     int
}

type figureSlot struct {
	h uint64
	f *Figure
}

func newFigureIndex() *figureIndex { return &figureIndex{} }

func (x *figureIndex) get(id string) *Figure {
	if x == nil {
		return nil
	}
	h := figureHash(id)
	return x.shards[shardOf(h)].get(h, id)
}

func (t *figureTable) home(h uint64) int {
	i, _ := bits.Mul64(h<<figureShardBits, uint64(len(t.slots)))
	return int(i)
}

func (t *figureTable) get(h uint64, id string) *Figure {
	if len(t.slots) == 0 {
		return nil
	}
	for i := t.home(h); ; {
		s := &t.slots[i]
		if s.f == nil {
			return nil
		}
		if s.h == h && s.f.ID == id {
			return s.f
		}
		if i++; i == len(t.slots) {
			i = 0
		}
	}
}

// add adds f unless a figure with its id is there, which it returns.
func (t *figureTable) add(h uint64, f *Figure) *Figure {
	if 4*(t.n+1) > 3*len(t.slots) {
		t.grow(max(16, 2*len(t.slots)))
	}
	for i := t.home(h); ; {
		s := &t.slots[i]
		if s.f == nil {
			s.h, s.f = h, f
			t.n++
			return nil
		}
		if s.h == h && s.f.ID == f.ID {
			return s.f
		}
		if i++; i == len(t.slots) {
			i = 0
		}
	}
}

// grow moves the figures to a table of size slots.
func (t *figureTable) grow(size int) {
	old := t.slots
	t.slots = make([]figureSlot, size)
	for _, s := range old {
		if s.f == nil {
			continue
		}
		i := t.home(s.h)
		for t.slots[i].f != nil {
			if i++; i == size {
				i = 0
			}
		}
		t.slots[i] = s
	}
}

// reserve makes room for n more figures.
func (t *figureTable) reserve(n int) {
	if need := (t.n+n)*4/3 + 1; need > len(t.slots) {
		t.grow(max(16, need))
	}
}

// merge adds the figures of a file's parts to the index, in file order,
// keeping the first figure with each id: an earlier file's, or the one
// read first. It returns the figures whose id was taken, with the first
// figure that has it.
func (x *figureIndex) merge(parts []*part[Figure]) map[*Figure]*Figure {
	var counts [figureShards]int
	n := 0
	for _, p := range parts {
		for _, h := range p.hashes {
			if h != 0 {
				counts[shardOf(h)]++
			}
		}
		n += len(p.recs)
	}
	dups := make([]map[*Figure]*Figure, figureShards)
	add := func(s int) {
		t := &x.shards[s]
		t.reserve(counts[s])
		for _, p := range parts {
			for i, h := range p.hashes {
				if h == 0 || shardOf(h) != s {
					continue
				}
				f := &p.recs[i]
				if first := t.add(h, f); first != nil {
					if dups[s] == nil {
						dups[s] = map[*Figure]*Figure{}
					}
					dups[s][f] = first
				}
			}
		}
	}
	if n < rangeSize {
		for s := range figureShards {
			add(s)
		}
	} else {
		each(figureShards, runtime.GOMAXPROCS(0), add)
	}
	for _, p := range parts {
		p.hashes = nil
	}
	var all map[*Figure]*Figure
	for _, d := range dups {
		if all == nil {
			all = d
			continue
		}
		for f, first := range d {
			all[f] = first
		}
	}
	return all
}

// each calls fn(i) for i in [0, n), on workers goroutines.
func each(n, workers int, fn func(i int)) {
	var wg sync.WaitGroup
	for w := range min(workers, n) {
		wg.Go(func() {
			for i := w; i < n; i += workers {
				fn(i)
			}
		})
	}
	wg.Wait()
}
