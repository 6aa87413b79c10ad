package dataset

import (
	"io"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/dashgen/dashgen/internal/arena"
	"github.com/dashgen/dashgen/internal/csvfast"
	"github.com/dashgen/dashgen/internal/diag"
	"github.com/dashgen/dashgen/internal/idindex"
)

// A large file is read and checked in parts, on every core: each part is a
// run of whole records, checked into its own records, messages and missing
// references; the parts are then merged in file order, so that messages come
// in the same order, with the same positions, as when the file is read in
// one go.

// partBytes is the size of the parts a file's body is split into. A body
// smaller than two parts is read in one, on the calling goroutine. Tests
// make it small.
var partBytes = 1 << 20

// readFast is whether records are read with csvfast; tests turn it off
// to compare with encoding/csv's reading.
var readFast = true

// maxParts caps the number of parts per core.
const maxParts = 8

// part is a run of whole records of one file: body bytes [start, end),
// starting on line.
type part[R any] struct {
	start, end, line int

	recs []R
	sink
	arena.Arena
	bailed bool // the part holds a record only encoding/csv reads right
}

// sink collects what checking the records of a part finds.
type sink struct {
	diags  []diag.Diagnostic
	rowOf  []int32 // the record (index in recs) each diagnostic is about
	misses []ref   // references to records that do not exist
	// hashes are the hashes of the ids of the records, by record (figures
	// only), taken while the ids are at hand; 0 for no id.
	hashes []uint64
	size   int // the most records the part can hold
}

// hashID notes the hash of the id of the record being checked.
func (s *sink) hashID(id string) {
	if s.hashes == nil {
		s.hashes = make([]uint64, 0, s.size)
	}
	h := uint64(0)
	if id != "" {
		h = idindex.Hash(id)
	}
	s.hashes = append(s.hashes, h)
}

func (s *sink) add(row int32, d diag.Diagnostic) {
	s.diags = append(s.diags, d)
	s.rowOf = append(s.rowOf, row)
}

// readRows reads and checks every record of t's body. It returns nil when
// the file cannot be used (the reasons are reported).
func readRows[R any](ld *loader, t *table, check func(*cellCheck, *R)) []*part[R] {
	if !t.slow && !readFast {
		if !t.readSlow(ld.l) {
			return nil
		}
	}
	if !t.slow {
		parts := splitBody[R](t)
		if runParts(ld, t, parts, check) {
			return parts
		}
		if ld.ctx.Err() != nil {
			return nil // stopped, not a record encoding/csv must read
		}
		// A record the fast reading leaves to encoding/csv: read the whole
		// file with it, which reports any syntax error and bad row.
		if !t.readSlow(ld.l) {
			return nil
		}
	}
	p := &part[R]{}
	if !p.runSlow(ld, t, check) {
		return nil
	}
	return []*part[R]{p}
}

// splitBody splits t's body into parts that end at the end of a record: a
// line end outside quotes. Outside quotes is judged by counting quotes from
// the start of the body; a file where that count misleads (a quote inside
// an unquoted value) has a record the fast reading refuses, and is read
// again with encoding/csv.
func splitBody[R any](t *table) []*part[R] {
	s := t.text
	size := len(s) - t.body
	n := min(size/partBytes, maxParts*runtime.GOMAXPROCS(0))
	if n < 2 {
		return []*part[R]{{start: t.body, end: len(s), line: t.bodyLine}}
	}
	var parts []*part[R]
	start, line, odd := t.body, t.bodyLine, false
	for k := 1; k < n; k++ {
		target := t.body + size/n*k
		if target <= start {
			continue
		}
		// Quotes up to the target, then on to the next line end outside them.
		if strings.Count(s[start:target], `"`)%2 == 1 {
			odd = !odd
		}
		cut := -1
		for i, q := target, odd; i < len(s); i++ {
			if s[i] == '"' {
				q = !q
			} else if s[i] == '\n' && !q {
				cut = i + 1
				break
			}
		}
		if cut < 0 || cut >= len(s) {
			break
		}
		if strings.Count(s[target:cut], `"`)%2 == 1 {
			odd = !odd
		}
		parts = append(parts, &part[R]{start: start, end: cut, line: line})
		line += strings.Count(s[start:cut], "\n")
		start = cut
	}
	return append(parts, &part[R]{start: start, end: len(s), line: line})
}

// runParts checks the parts, on every core when there are several. It
// returns false when a part holds a record only encoding/csv reads right.
func runParts[R any](ld *loader, t *table, parts []*part[R], check func(*cellCheck, *R)) bool {
	workers := min(len(parts), runtime.GOMAXPROCS(0))
	if workers <= 1 {
		for _, p := range parts {
			if p.run(ld, t, check); p.bailed {
				return false
			}
		}
		return true
	}
	var next atomic.Int64
	var stop atomic.Bool
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for !stop.Load() {
				i := int(next.Add(1)) - 1
				if i >= len(parts) {
					return
				}
				if parts[i].run(ld, t, check); parts[i].bailed {
					stop.Store(true)
				}
			}
		})
	}
	wg.Wait()
	return !stop.Load()
}

// run reads and checks the records of a part of the body, as csvfast
// reads them plainly.
func (p *part[R]) run(ld *loader, t *table, check func(*cellCheck, *R)) {
	body := t.text[p.start:p.end]
	r := csvfast.NewStringReader(body)
	r.FieldsPerRecord, r.ReuseRecord, r.PlainOnly = len(t.header), true, true
	vals := make([]string, len(t.names))
	// At most one record per line end, and one after the last.
	p.recs = make([]R, 0, strings.Count(body, "\n")+1)
	p.size = cap(p.recs)
	c := cellCheck{ld: ld, t: t, vals: vals, out: &p.sink, a: &p.Arena}
	maxCell := t.lim.cellBytes()
	for {
		if len(p.recs)%cancelEvery == 0 && ld.ctx.Err() != nil {
			p.bailed = true // runParts stops; readRows sees why
			return
		}
		rec, err := r.Read()
		if err == io.EOF {
			return
		}
		if err != nil {
			p.bailed = true
			return
		}
		off, line := r.Start()
		c.at, c.line, c.row = p.start+off, p.line+line-1, int32(len(p.recs))
		if int(r.InputOffset())-off > maxCell && c.overLimit(rec) { // a cell may be longer than the limit
			continue
		}
		for j, k := range t.field {
			if k >= 0 {
				vals[j] = trimSpace(rec[k])
			} else {
				vals[j] = ""
			}
		}
		i := len(p.recs)
		p.recs = p.recs[:i+1]
		check(&c, &p.recs[i])
	}
}

// runSlow checks the records encoding/csv read (table.readSlow). It
// returns false when the load's context ended first.
func (p *part[R]) runSlow(ld *loader, t *table, check func(*cellCheck, *R)) bool {
	vals := make([]string, len(t.names))
	p.recs = make([]R, 0, len(t.records))
	p.size = cap(p.recs)
	c := cellCheck{ld: ld, t: t, vals: vals, out: &p.sink, a: &p.Arena}
	for i, rec := range t.records {
		if i%cancelEvery == 0 && ld.ctx.Err() != nil {
			return false
		}
		c.at, c.line, c.row = i, t.lines[i][0], int32(len(p.recs))
		if c.overLimit(rec) {
			continue
		}
		for j, k := range t.field {
			if k >= 0 {
				vals[j] = strings.TrimSpace(rec[k])
			} else {
				vals[j] = ""
			}
		}
		p.recs = p.recs[:len(p.recs)+1]
		check(&c, &p.recs[len(p.recs)-1])
	}
	return true
}

// rangeSize is the fewest figures a range of inRanges holds, and the
// fewest a file needs for its figures to be indexed on every core. Tests
// make it small.
var rangeSize = 1 << 14

// inRanges splits [0, n) into ranges, one per core for a large n, and calls
// fn for each, at once; it returns the number of ranges. With fn nil it only
// returns that number.
func inRanges(n int, fn func(k, lo, hi int)) int {
	r := max(1, min(runtime.GOMAXPROCS(0), n/rangeSize))
	if fn == nil {
		return r
	}
	if r == 1 {
		fn(0, 0, n)
		return 1
	}
	var wg sync.WaitGroup
	for k := range r {
		wg.Go(func() { fn(k, n*k/r, n*(k+1)/r) })
	}
	wg.Wait()
	return r
}

// trimSpace is strings.TrimSpace, quick for a value that starts and ends
// with a printable ASCII character.
func trimSpace(s string) string {
	if s == "" || s[0] > ' ' && s[0] < utf8.RuneSelf && s[len(s)-1] > ' ' && s[len(s)-1] < utf8.RuneSelf {
		return s
	}
	return strings.TrimSpace(s)
}
