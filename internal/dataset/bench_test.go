package dataset

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync"
	"testing"
	"time"

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
			// The loader as build.Load calls it: no Fields maps.
			b.Run("loader", func(b *testing.B) {
				spec := p.spec
				spec.NoFieldMaps = true
				measure(b, p, func() any { return loadBench(b, spec, n) })
			})
			// With a Fields map per record, Spec's default.
			b.Run("loader-field-maps", func(b *testing.B) {
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

// TestLoadOnce loads a generated project once, for measuring the whole
// process from outside (its peak resident memory). It runs only when
// DASHGEN_LOAD_ROWS names a number of rows. It loads as build.Load does;
// DASHGEN_LOAD_MODE=bare reads the figures file with encoding/csv instead,
// =field-maps loads with a Fields map per record:
//
//	go test -c -o /tmp/dataset.test ./internal/dataset
//	DASHGEN_LOAD_ROWS=1000000 /usr/bin/time -v /tmp/dataset.test -test.run '^TestLoadOnce$'
func TestLoadOnce(t *testing.T) {
	rows, _ := strconv.Atoi(os.Getenv("DASHGEN_LOAD_ROWS"))
	if rows <= 0 {
		t.Skip("DASHGEN_LOAD_ROWS is not set")
	}
	p, err := writeBenchProject(t.TempDir(), rows)
	if err != nil {
		t.Fatal(err)
	}
	spec := p.spec
	spec.NoFieldMaps = true
	start := time.Now()
	switch mode := os.Getenv("DASHGEN_LOAD_MODE"); mode {
	case "bare":
		if _, err := bareRead(p.figures); err != nil {
			t.Fatal(err)
		}
		t.Logf("%d rows, %d bytes, read in %v", rows, p.size, time.Since(start))
		return
	case "field-maps":
		spec.NoFieldMaps = false
	case "":
	default:
		t.Fatalf("unknown DASHGEN_LOAD_MODE %q", mode)
	}
	start = time.Now()
	d, l := Load(spec)
	if l.HasErrors() || len(d.Figures) != rows {
		t.Fatalf("the generated project does not load: %v", l.Items()[:min(3, len(l.Items()))])
	}
	t.Logf("%d rows, %d bytes, loaded in %v", rows, p.size, time.Since(start))
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
			fmt.Fprintf(w, "%s,\"Report %d on the events of 25 to 26 February 1992, as published\",Publisher %d,%s,%d,https://example.org/reports/%d/khojaly-1992.html,2024-01-%02d,\"Copy on example.org; the \"\"original\"\" is not online.\"\n",
				sid(i), i, i, kinds[i%len(kinds)], 1992+i, i, 1+i%28)
		}
	})
	if err != nil {
		return nil, err
	}
	err = write(EventsFile, func(w *bufio.Writer) {
		w.WriteString("id,name,place,start,end,population,population_source,note\n")
		w.WriteString("khojaly-1992,Khojaly,\"Khojaly, Nagorno-Karabakh, Azerbaijan\",1992-02-25,1992-02-26,7000,source-00,\"Population before the conflict: \"\"Before the conflict, 7,000 people lived in this town\"\".\"\n")
		w.WriteString("aghdam-1992,Aghdam,\"Aghdam, Azerbaijan\",1992-02,,,,Where the bodies were brought.\n")
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
			fmt.Fprintf(w, "rec-%02d,khojaly-1992,Jurisdiction %d,Country %d,%s,\"Chamber of Deputies, Committee %d\",resolution,%d-%02d-%02d,%s,,%s,%s,\"A committee, not the whole parliament.\"\n",
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

// appendBenchFigure appends figure row i. Rows come in groups of eight: a
// whole, three subsets that may overlap, two parts of a partition, a figure
// another source gives as a range, and one attributed to someone else.
func appendBenchFigure(b []byte, i int, sid func(int) string) []byte {
	g := i / 8
	whole := "f" + strconv.Itoa(g) + "-killed"
	src := sid(g)
	total := 600 + g%400
	id := func(suffix string) []byte {
		b = append(b, 'f')
		b = strconv.AppendInt(b, int64(g), 10)
		b = append(b, suffix...)
		return b
	}
	switch i % 8 {
	case 0:
		id("-killed")
		b = append(b, ",khojaly-1992,killed,all,,,"...)
		b = strconv.AppendInt(b, int64(total), 10)
		b = append(b, ",exact,,,persons,2016,"...)
		b = append(b, src...)
		b = append(b, `,,"`...)
		b = strconv.AppendInt(b, int64(total), 10)
		b = append(b, ` persons, including 106 women, 63 children and 70 elderly were killed",On the night of 25 to 26 February 1992. Primary series.`+"\n"...)
	case 1, 2, 3:
		group := [...]string{"women", "children", "elderly"}[i%8-1]
		id("-killed-" + group)
		b = append(b, ",khojaly-1992,killed,"...)
		b = append(b, group...)
		b = append(b, ',')
		b = append(b, whole...)
		b = append(b, ",overlap,"...)
		b = strconv.AppendInt(b, int64(total/(3+i%8)), 10)
		b = append(b, ",exact,,,persons,2016-02,"...)
		b = append(b, src...)
		b = append(b, `,,"`...)
		b = strconv.AppendInt(b, int64(total), 10)
		b = append(b, ` persons, including 106 women, 63 children and 70 elderly were killed",subset of the whole; groups may overlap`+"\n"...)
	case 4, 5:
		group := [...]string{"male", "female"}[i%8-4]
		id("-examined-" + group)
		b = append(b, ",khojaly-1992,killed,"...)
		b = append(b, group...)
		b = append(b, ',')
		b = append(b, whole...)
		b = append(b, ",partition,"...)
		b = strconv.AppendInt(b, int64(total/2-i%8), 10)
		b = append(b, ",exact,,,persons,1992-03-01,"...)
		b = append(b, src...)
		b = append(b, `,,"181 corpses (130 male and 51 female, including 13 children)",130 male + 51 female = 181`+"\n"...)
	case 6:
		id("-killed-range")
		b = append(b, ",khojaly-1992,killed,all,,,,range,500,1000,persons,1994-12,"...)
		b = append(b, sid(g+1)...)
		b = append(b, `,,as many as 500-1000 may have died,"HRW gives only a range of possible deaths (""may have died"")"`+"\n"...)
	default:
		id("-killed-officials")
		b = append(b, ",khojaly-1992,killed,all,,,485,about,,,persons,,"...)
		b = append(b, sid(g+2)...)
		b = append(b, ';')
		b = append(b, sid(g+3)...)
		if g%16 == 0 {
			// a value spanning lines, as a spreadsheet writes a cell with line breaks
			b = append(b, ",Azerbaijani parliament,\"включая умерших\nот переохлаждения\",\"includes deaths from hypothermia; date not recorded\"\n"...)
		} else {
			b = append(b, ",Azerbaijani parliament,включая умерших от переохлаждения,\"includes deaths from hypothermia; the quoted words are the mirror's (\"\"including those who died of hypothermia\"\")\"\n"...)
		}
	}
	return b
}
