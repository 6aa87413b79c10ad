package dataset

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dashgen/dashgen/internal/benchdata"
	"github.com/dashgen/dashgen/internal/i18n"
)

// The load benchmarks run the real loader (every rule on) over a generated
// project of n figure rows, and in the same benchmark a bare encoding/csv
// read of the same figures file, so that the ratio between the two comes
// from one run (BENCHMARKS.md has the commands that measure):
//
//	go test -run '^$' -bench 'Load' -benchmem ./internal/dataset
//
// Each sub-benchmark reports, besides time and allocations:
//   - ns/row: time per figure row;
//   - cpu-ns/row: processor time per figure row, on all cores (the process's
//     user and system time: the loader reads on every core);
//   - peak-B and peak/file: the largest heap (live and not yet collected
//     objects, sampled every millisecond) during the first run, above the
//     collected heap before it, and that peak divided by the size of the
//     figures file;
//   - live/file: what the result keeps alive once the garbage is collected,
//     divided by the size of the figures file.

// benchSizes are the numbers of figure rows the load benchmarks generate.
var benchSizes = []int{1_000, 100_000, 1_000_000}

func BenchmarkLoad(b *testing.B) {
	for _, n := range benchSizes {
		p := benchProjectFor(b, n)
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			b.Run("bare-csv", func(b *testing.B) {
				measure(b, p, func() any {
					recs, err := bareRead(p.figures)
					if err != nil {
						b.Fatal(err)
					}
					if recs != n+1 {
						b.Fatalf("read %d records, want %d", recs, n+1)
					}
					return nil
				})
			})
			// The loader as build.Load calls it.
			b.Run("loader", func(b *testing.B) {
				measure(b, p, func() any { return loadBench(b, p.spec, n) })
			})
		})
	}
}

// loadBench loads spec, which must load n figures without an error.
func loadBench(b *testing.B, spec Spec, n int) *Data {
	d, l := Load(spec)
	if l.HasErrors() || d == nil || len(d.Figures) != n {
		items := l.Items()
		b.Fatalf("the generated project does not load: %d diagnostics, first %v", len(items), items[:min(len(items), 3)])
	}
	return d
}

// BenchmarkLoadOnce loads a generated project of a million figure rows
// once, for measuring the whole process from outside (its peak resident
// memory): run one of its sub-benchmarks alone, once, in a fresh process.
// "loader" loads as build.Load does, "bare" reads the figures file with
// encoding/csv instead.
// The project is generated only for the sub-benchmark that runs, outside
// the timing; BENCHMARKS.md has the commands:
//
//	go test -c -o /tmp/dataset.test ./internal/dataset
//	/usr/bin/time -v /tmp/dataset.test -test.run '^$' -test.bench '^BenchmarkLoadOnce$/^loader$' -test.benchtime 1x
func BenchmarkLoadOnce(b *testing.B) {
	const rows = 1_000_000
	for _, mode := range []string{"loader", "bare"} {
		b.Run(mode, func(b *testing.B) {
			p, err := writeBenchProject(b.TempDir(), rows)
			if err != nil {
				b.Fatal(err)
			}
			spec := p.spec
			b.SetBytes(p.size)
			b.ResetTimer()
			for b.Loop() {
				if mode == "bare" {
					n, err := bareRead(p.figures)
					if err != nil {
						b.Fatal(err)
					}
					if n != rows+1 {
						b.Fatalf("read %d records, want %d", n, rows+1)
					}
					continue
				}
				loadBench(b, spec, rows)
			}
		})
	}
}

// bareRead is the baseline: the figures file read record by record with
// encoding/csv, and nothing else.
func bareRead(path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1 // as the loader's own reading: rows are counted, not compared
	n := 0
	for {
		_, err := r.Read()
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		n++
	}
}

// measure runs fn b.N times and reports bytes per second of the figures
// file, allocations, time per row, and the peak and live heap against the
// file's size.
func measure(b *testing.B, p *benchProject, fn func() any) {
	b.SetBytes(p.size)
	b.ReportAllocs()
	runtime.GC()
	base := heapBytes()
	stop := samplePeak()
	var peak uint64
	cpu := cpuTime()
	b.ResetTimer()
	var keep any
	for i := 0; i < b.N; i++ {
		keep = nil
		keep = fn()
		if i == 0 {
			// The peak of the first run, which starts from a collected heap.
			peak = stop()
		}
	}
	b.StopTimer()
	cpu = cpuTime() - cpu
	runtime.GC()
	live := heapBytes()
	runtime.KeepAlive(keep)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(p.rows), "ns/row")
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N)/float64(p.rows), "cpu-ns/row")
	b.ReportMetric(float64(peak-base), "peak-B")
	b.ReportMetric(float64(peak-base)/float64(p.size), "peak/file")
	b.ReportMetric(float64(int64(live)-int64(base))/float64(p.size), "live/file")
}

var heapSample = []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}

// heapBytes is the heap held by objects, live or not yet swept: HeapAlloc.
func heapBytes() uint64 {
	metrics.Read(heapSample)
	return heapSample[0].Value.Uint64()
}

// samplePeak samples the heap every millisecond until the returned function
// is called, which returns the largest sample.
func samplePeak() func() uint64 {
	var peak uint64
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		s := []metrics.Sample{{Name: heapSample[0].Name}}
		for {
			metrics.Read(s)
			peak = max(peak, s[0].Value.Uint64())
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		<-finished
		return max(peak, heapBytes())
	}
}

// benchProject is a generated project: a figures file of rows figures and
// the sources, events and recognitions files it refers to.
type benchProject struct {
	dir     string
	figures string // path of the figures file
	rows    int
	size    int64 // bytes of the figures file
	spec    Spec
}

var (
	benchMu       sync.Mutex
	benchProjects = map[int]*benchProject{}
	benchRoot     string
)

// TestMain removes the generated projects once the benchmarks are done.
func TestMain(m *testing.M) {
	code := m.Run()
	if benchRoot != "" {
		os.RemoveAll(benchRoot)
	}
	os.Exit(code)
}

// benchProjectFor generates the project of n rows once per process.
func benchProjectFor(b *testing.B, n int) *benchProject {
	b.Helper()
	benchMu.Lock()
	defer benchMu.Unlock()
	if p := benchProjects[n]; p != nil {
		return p
	}
	if benchRoot == "" {
		dir, err := os.MkdirTemp("", "dashgen-bench-")
		if err != nil {
			b.Fatal(err)
		}
		benchRoot = dir
	}
	dir := filepath.Join(benchRoot, strconv.Itoa(n))
	p, err := writeBenchProject(dir, n)
	if err != nil {
		b.Fatal(err)
	}
	benchProjects[n] = p
	return p
}

// benchSources are the generated sources; figures cite them in turn.
const benchSources = 24

// writeBenchProject writes a valid project of n figure rows into dir. The
// rows look like data/casualties.csv: quoted wording with commas, notes with
// doubled quotes, ranges, some text in Cyrillic, a few values spanning
// lines; every eighth row opens a group of rows whose subsets (overlap) and
// parts (partition) name it as their parent, so every rule runs.
func writeBenchProject(dir string, n int) (*benchProject, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	write := func(name string, body func(w *bufio.Writer)) error {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		w := bufio.NewWriterSize(f, 1<<20)
		body(w)
		if err := w.Flush(); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}
	sid := func(i int) string { return fmt.Sprintf("source-%02d", i%benchSources) }
	err := write(SourcesFile, func(w *bufio.Writer) {
		w.WriteString("id,title,publisher,kind,published,url,accessed,note\n")
		kinds := []string{"statement", "ngo", "media", "government", "parliament", "other"}
		for i := 0; i < benchSources; i++ {
			fmt.Fprintf(w, "%s,\"Report %d on the events of 3 to 4 March 1990, as published\",Publisher %d,%s,%d,https://example.org/reports/%d/event-1990.html,2024-01-%02d,\"Copy on example.org; the \"\"original\"\" is not online.\"\n",
				sid(i), i, i, kinds[i%len(kinds)], 1992+i, i, 1+i%28)
		}
	})
	if err != nil {
		return nil, err
	}
	err = write(EventsFile, func(w *bufio.Writer) {
		w.WriteString("id,name,place,start,end,population,population_source,note\n")
		w.WriteString("event-1990,A town (made up),\"A town, a region, a country\",1990-03-03,1990-03-04,7000,source-00,\"Population before the events: \"\"7,000 people lived in this town\"\".\"\n")
		w.WriteString("nearby-1990,A nearby town (made up),\"A nearby town, a country\",1990-03,,,,Where the bodies were brought.\n")
	})
	if err != nil {
		return nil, err
	}
	err = write(RecognitionsFile, func(w *bufio.Writer) {
		w.WriteString("id,event,jurisdiction,country,level,body,instrument,date,term,wording,status,source,note\n")
		levels := []string{"country", "us-state", "subnational", "intergovernmental"}
		terms := []string{"genocide", "massacre", "genocide;massacre", "crime-against-humanity", "condemnation"}
		statuses := []string{"documented", "reported", "disputed"}
		for i := 0; i < 40; i++ {
			fmt.Fprintf(w, "rec-%02d,event-1990,Jurisdiction %d,Country %d,%s,\"Chamber of Deputies, Committee %d\",resolution,%d-%02d-%02d,%s,,%s,%s,\"A committee, not the whole parliament.\"\n",
				i, i, i%20, levels[i%len(levels)], i, 2010+i%14, 1+i%12, 1+i%28, terms[i%len(terms)], statuses[i%len(statuses)], sid(i))
		}
	})
	if err != nil {
		return nil, err
	}
	figures := filepath.Join(dir, "figures.csv")
	err = write("figures.csv", func(w *bufio.Writer) {
		w.WriteString("id,event,measure,group,parent,breakdown,value,qualifier,min,max,unit,as_of,source,attributed_to,wording,note\n")
		var buf []byte
		for i := 0; i < n; i++ {
			buf = appendBenchFigure(buf[:0], i, sid)
			w.Write(buf)
		}
	})
	if err != nil {
		return nil, err
	}
	st, err := os.Stat(figures)
	if err != nil {
		return nil, err
	}
	return &benchProject{
		dir: dir, figures: figures, rows: n, size: st.Size(),
		spec: Spec{Dir: dir, Shown: "data", Figures: []FigureFile{{Name: "figures", File: "figures.csv"}},
			// us-state is the default project's own level, declared as its
			// config.yaml does.
			Vocabulary: map[string][]string{"level": append(i18n.Defaults("level"), "us-state")}},
	}, nil
}

// appendBenchFigure appends generated figure row i (see benchdata).
func appendBenchFigure(b []byte, i int, sid func(int) string) []byte {
	return benchdata.AppendFigure(b, i, "event-1990", sid)
}

// BenchmarkWideRow measures the positions of the fields of one row of
// 1 000, 10 000 and 100 000 fields (the columns of a message about any of
// them), against encoding/csv reading the same row: the time per field
// stays flat as the row grows when positions take one pass over the row
// (positions), and grows with the row when each field takes a pass from
// the start of its line (per-field-pass, the way before; not run on the
// widest row, where it takes minutes). Only ratios within one run mean
// anything; no test depends on them.
func BenchmarkWideRow(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		var line strings.Builder
		for i := range n {
			if i > 0 {
				line.WriteByte(',')
			}
			line.WriteString("Хоҷалы")
		}
		line.WriteByte('\n')
		raw := []byte(line.String())
		b.Run(fmt.Sprintf("fields=%d", n), func(b *testing.B) {
			b.Run("bare-csv", func(b *testing.B) {
				for b.Loop() {
					r := csv.NewReader(bytes.NewReader(raw))
					if rec, err := r.Read(); err != nil || len(rec) != n {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/field")
			})
			b.Run("positions", func(b *testing.B) {
				t := &table{raw: raw, text: string(raw)}
				for b.Loop() {
					if lines, _ := t.recordPos(0, 1); len(lines) != n {
						b.Fatal(len(lines))
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/field")
			})
			if n > 10_000 {
				return
			}
			b.Run("per-field-pass", func(b *testing.B) {
				for b.Loop() {
					r := csv.NewReader(bytes.NewReader(raw))
					rec, err := r.Read()
					if err != nil {
						b.Fatal(err)
					}
					for i := range rec {
						ln, c := r.FieldPos(i)
						runeColumnAt(raw, ln, c)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/field")
			})
		})
	}
}
