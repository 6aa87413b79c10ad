package dataset

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"maps"
	"math/rand"
	"path"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/dashgen/dashgen/internal/testcorpus"
)

// The loader reads most files without encoding/csv (csvfast), in parts
// on every core, and works out a cell's position only for its message.
// These tests hold that shortcut to the plain reading: for any input, the
// same messages in the same order, at the same positions, and the same data.

// TestPlainDateAgreesWithCheckDate: the quick reading of dates accepts
// exactly what the regular expression and the calendar accept.
func TestPlainDateAgreesWithCheckDate(t *testing.T) {
	slow := func(s string) bool {
		m := partialDate.FindStringSubmatch(s)
		if m == nil {
			return false
		}
		if m[2] != "" {
			if mon, _ := strconv.Atoi(m[2]); mon < 1 || mon > 12 {
				return false
			}
		}
		if m[3] != "" {
			if _, err := time.Parse("2006-01-02", s); err != nil {
				return false
			}
		}
		return true
	}
	var cases []string
	for _, y := range []string{"0000", "0004", "0100", "1900", "1992", "1996", "2000", "2023", "2024", "2100", "9999", "199x", "19922"} {
		cases = append(cases, y)
		for m := -1; m <= 13; m++ {
			ym := fmt.Sprintf("%s-%02d", y, m)
			cases = append(cases, ym, fmt.Sprintf("%s-%d", y, m), fmt.Sprintf("%s/%02d", y, m))
			for d := -1; d <= 32; d++ {
				cases = append(cases, fmt.Sprintf("%s-%02d", ym, d), fmt.Sprintf("%s-%d", ym, d), fmt.Sprintf("%s-%02dT", ym, d))
			}
		}
	}
	cases = append(cases, "", "1992-02-2٣", "１９９２", " 1992", "1992 ", "1992-", "1992-02-")
	for _, s := range cases {
		if got, want := plainDate(s), slow(s); got && !want {
			t.Errorf("plainDate(%q) = %v, CheckDate's long way says %v", s, got, want)
		}
		if got, want := CheckDate(s) == nil, slow(s); got != want {
			t.Errorf("CheckDate(%q) accepts: %v, want %v", s, got, want)
		}
	}
}

// TestPlainCountAgreesWithParseCount: counts read without regular
// expressions read as strconv does, and only counts ParseCount accepts.
func TestPlainCountAgreesWithParseCount(t *testing.T) {
	for _, s := range []string{"0", "00", "0613", "613", "1275", "999999999999", "1000000000000", "1000000000001",
		"9999999999999", "10000000000000", "+5", "-0", "-5", "1,275", "12.5", "٣", "", " 1", "1 ", "6x"} {
		n, ok := plainCount(s)
		if !ok {
			continue
		}
		m, err := ParseCount(s)
		if err != nil || m != n {
			t.Errorf("plainCount(%q) = %d; ParseCount gives %d, %v", s, n, m, err)
		}
		if want, _ := strconv.ParseInt(s, 10, 64); want != n {
			t.Errorf("plainCount(%q) = %d, want %d", s, n, want)
		}
	}
}

// loadAll loads files two ways: with the loader as it is, reading in
// parts of a few hundred bytes and checking figures in ranges of a few, on
// every core (fast), and with every file read by encoding/csv, in one go
// (slow). It returns each result as text: the messages, the data, every
// cell as Field gives it.
func loadAll(t testing.TB, files map[string][]byte) (fast, slow string) {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, b := range files {
		fsys[name] = &fstest.MapFile{Data: b}
	}
	spec := Spec{FS: fsys, Shown: "data", Figures: []FigureFile{{Name: "casualties", File: "casualties.csv"}}}
	if _, ok := files["wounded.csv"]; ok {
		spec.Figures = append(spec.Figures, FigureFile{Name: "wounded", File: "wounded.csv"})
	}
	defer func(fast bool, size, rs int) { readFast, partBytes, rangeSize = fast, size, rs }(readFast, partBytes, rangeSize)
	run := func() string {
		d, l := Load(spec)
		var b strings.Builder
		for _, it := range l.Items() {
			j, _ := json.Marshal(it)
			fmt.Fprintf(&b, "%s\n", j)
		}
		if d == nil {
			return b.String() + "no data\n"
		}
		for _, f := range d.Figures {
			if d.Figure(f.ID) == nil || d.Figure(f.ID).ID != f.ID {
				fmt.Fprintf(&b, "figure %q not found by id\n", f.ID)
			}
			fmt.Fprintf(&b, "%s:%d:", f.File, f.Line)
			for _, col := range append(FigureColumns(), "nope") {
				fmt.Fprintf(&b, " %s=%q", col, f.Field(col))
			}
			b.WriteString("\n")
		}
		for _, r := range d.Recognitions {
			fmt.Fprintf(&b, "%s:%d:", r.File, r.Line)
			for _, col := range append(RecognitionColumns(), "nope") {
				fmt.Fprintf(&b, " %s=%q", col, r.Field(col))
			}
			b.WriteString("\n")
		}
		inputs := d.Inputs
		d.Inputs = nil
		j, _ := json.Marshal(d)
		b.Write(j)
		for _, name := range slices.Sorted(maps.Keys(inputs)) {
			fmt.Fprintf(&b, "\ninput %s %x", name, sha256.Sum256(inputs[name]))
		}
		return b.String()
	}
	readFast, partBytes, rangeSize = true, 300, 16
	fast = run()
	readFast, partBytes, rangeSize = false, 1<<20, 1<<14
	slow = run()
	return fast, slow
}

// agree fails t when the three ways of loading files disagree.
func agree(t testing.TB, what string, files map[string][]byte) {
	t.Helper()
	fast, slow := loadAll(t, files)
	if fast != slow {
		t.Fatalf("%s:\nread in parts:\n%.4000s\nread plainly:\n%.4000s", what, fast, slow)
	}
}

// corpusProjects are the error corpus's base project and every case's.
func corpusProjects(t testing.TB) []map[string][]byte {
	base, err := testcorpus.Base(testcorpus.Dir)
	if err != nil {
		t.Fatal(err)
	}
	cases, err := testcorpus.Read(testcorpus.Dir)
	if err != nil {
		t.Fatal(err)
	}
	project := func(over map[string][]byte, remove []string) map[string][]byte {
		m := map[string][]byte{}
		for p, b := range base {
			if strings.HasPrefix(p, "data/") {
				m[path.Base(p)] = b
			}
		}
		for p, b := range over {
			if strings.HasPrefix(p, "data/") {
				m[path.Base(p)] = b
			}
		}
		for _, p := range remove {
			delete(m, path.Base(p))
		}
		return m
	}
	out := []map[string][]byte{project(nil, nil)}
	for _, c := range cases {
		out = append(out, project(c.Files, c.Remove))
	}
	return out
}

var mutations = []string{`"`, `""`, ",", "\n", "\r\n", "\r", ";", " ", "x", "1", "é", "\uFEFF", "0", ",,", "\"\n\"", "1992-02-30", "range", "partition", "statement-2016"}

func mutate(r *rand.Rand, s string) string {
	for range 1 + r.Intn(4) {
		p := r.Intn(len(s) + 1)
		switch r.Intn(5) {
		case 0, 1, 2:
			s = s[:p] + mutations[r.Intn(len(mutations))] + s[p:]
		case 3:
			s = s[:p] + s[min(len(s), p+1+r.Intn(8)):]
		case 4:
			lines := strings.SplitAfter(s, "\n")
			i := r.Intn(len(lines))
			s = strings.Join(append(lines[:i+1], lines[i:]...), "")
		}
	}
	return s
}

// TestFastReadingAgrees loads the error corpus, edited at random, read in
// parts and read plainly.
func TestFastReadingAgrees(t *testing.T) {
	projects := corpusProjects(t)
	r := rand.New(rand.NewSource(1))
	n := 600
	if testing.Short() {
		n = 100
	}
	names := []string{SourcesFile, EventsFile, "casualties.csv", RecognitionsFile}
	for i := range len(projects) + n {
		files := projects[i%len(projects)]
		what := fmt.Sprintf("corpus project %d", i)
		if i >= len(projects) {
			files = maps.Clone(files)
			name := names[r.Intn(len(names))]
			files[name] = []byte(mutate(r, string(files[name])))
			if r.Intn(3) == 0 {
				files["wounded.csv"] = files["casualties.csv"]
			}
			what = fmt.Sprintf("edit %d of %s: %q", i, name, files[name])
		}
		agree(t, what, files)
	}
}

// TestFastReadingAgreesOnLargeFiles: files of thousands of rows, read in
// many parts, with problems here and there.
func TestFastReadingAgreesOnLargeFiles(t *testing.T) {
	base := corpusProjects(t)[0]
	r := rand.New(rand.NewSource(2))
	for i := range 12 {
		files := maps.Clone(base)
		var b strings.Builder
		b.WriteString(hdrFigures)
		for j := range 3000 {
			row := string(appendBenchFigure(nil, j, func(int) string { return "statement-2016" }))
			if r.Intn(300) == 0 {
				row = mutate(r, row)
			}
			if i%3 == 1 {
				row = strings.ReplaceAll(row, "\n", "\r\n")
			}
			b.WriteString(row)
		}
		// Parents that form cycles, a long chain, a missing parent, a figure
		// its own parent, parts above their whole.
		for j := range 20 {
			fmt.Fprintf(&b, "chain-%d,khojaly-1992,killed,all,chain-%d,overlap,%d,exact,,,persons,2016,statement-2016,,,\n", j, j+1, 100-j)
		}
		b.WriteString("chain-20,khojaly-1992,killed,all,chain-3,overlap,5,exact,,,persons,2016,statement-2016,,,\n" +
			"cyc-a,khojaly-1992,killed,all,cyc-b,overlap,5,exact,,,persons,2016,statement-2016,,,\n" +
			"cyc-b,khojaly-1992,killed,all,cyc-a,overlap,5,exact,,,persons,2016,statement-2016,,,\n" +
			"lost,khojaly-1992,killed,all,f7-kiled,overlap,5,exact,,,persons,2016,statement-2016,,,\n" +
			"self,khojaly-1992,killed,all,self,partition,5,exact,,,persons,2016,statement-2016,,,\n" +
			"whole,khojaly-1992,killed,all,,,10,exact,,,persons,2016,statement-2016,,,\n" +
			"part-1,khojaly-1992,killed,male,whole,partition,6,exact,,,persons,2016,statement-2016,,,\n" +
			"part-2,khojaly-1992,killed,female,whole,partition,6,exact,,,families,2016,statement-2016,,,\n")
		files["casualties.csv"] = []byte(b.String())
		switch i % 4 {
		case 2:
			files["wounded.csv"] = []byte(strings.ReplaceAll(b.String(), "f", "w"))
		case 3:
			files["wounded.csv"] = []byte(b.String()) // every id again
		}
		agree(t, fmt.Sprintf("large file %d", i), files)
	}
}

// FuzzFastReading holds the reading in parts to the plain reading for one
// fuzzed figures file.
func FuzzFastReading(f *testing.F) {
	for _, p := range corpusProjects(f) {
		f.Add(p["casualties.csv"])
	}
	base := corpusProjects(f)[0]
	f.Fuzz(func(t *testing.T, body []byte) {
		// Only a guard against a hang: three loads of the file on a busy
		// machine are slow, not broken.
		watchdog := time.AfterFunc(5*time.Minute, func() {
			buf := make([]byte, 1<<20)
			panic("loading three times ran 5 minutes:\n" + string(buf[:runtime.Stack(buf, true)]))
		})
		defer watchdog.Stop()
		files := maps.Clone(base)
		files["casualties.csv"] = body
		agree(t, "fuzzed casualties.csv", files)
	})
}
