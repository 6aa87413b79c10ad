package main

import (
	"encoding/csv"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dashgen/dashgen/internal/benchdata"
)

// maxPage is the most bytes a page may weigh, whatever the data size.
const maxPage = 1 << 20

// scaleRows is the size of the project TestPagesStaySmallAt100kRows builds:
// as many recognitions, and as many more figures.
const scaleRows = 100_000

// TestPagesStaySmallAt100kRows builds the project with 100,000 more figures
// and 100,000 recognitions, its charts set up as a person would for that
// size (a bar and a pie of the largest groups with top, a table that shows
// its first rows, figures picked by a filter), and checks that no page
// (HTML file, in any language) weighs more than 1 MB on disk, while the
// table's data download holds every record. The same project with a bar of
// every group and no top is refused, naming the chart and the count.
func TestPagesStaySmallAt100kRows(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a project of 200,000 rows")
	}
	exe := binary(t)
	dir := t.TempDir()
	ids := func(file string) []string {
		rows := readCSV(t, filepath.Join("../..", "data", file))
		var out []string
		for _, r := range rows[1:] {
			out = append(out, r[0])
		}
		return out
	}
	events := ids("events.csv")
	own, err := os.ReadFile(filepath.Join("../..", "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	// The new figures cite the sources the project's charts do not pick by
	// name, so that its own charts (the headline cards of one source) stay
	// as they are; the new ones pick figures of their own.
	var cited []string
	for _, s := range ids("sources.csv") {
		if !strings.Contains(string(own), s) {
			cited = append(cited, s)
		}
	}
	if err := benchdata.ScaleProject("../..", dir, scaleRows, events[0], cited); err != nil {
		t.Fatal(err)
	}
	places := scaleRecognitions(t, dir, scaleRows)

	cfgPath := filepath.Join(dir, "config.yaml")
	cfg, err := os.ReadFile(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	bigCharts := `
  - id: at-scale
    title: At scale
    charts:
      - id: recognitions-by-jurisdiction
        type: bar
        title: Recognitions listed, the jurisdictions with the most
        top: 20
        query: { dataset: recognitions, group_by: jurisdiction, value: count }
      - id: recognitions-by-country
        type: pie
        title: Recognitions listed, by country
        top: 5
        query: { dataset: recognitions, group_by: country, value: count }
      - id: generated-picked
        type: dot
        title: Generated figures, the ones picked
        query:
          dataset: generated
          filter: { id: [f0-killed, f0-killed-range, f0-killed-officials, f1-killed, f1-killed-range] }
          group_by: source
`
	if err := os.WriteFile(cfgPath, append(append([]byte{}, cfg...), bigCharts...), 0o644); err != nil {
		t.Fatal(err)
	}
	r := run(t, exe, dir, "build")
	if r.code != 0 {
		t.Fatalf("build: exit %d\n%s", r.code, r.stderr)
	}
	out := filepath.Join(dir, "output")
	largest, largestName, pages := int64(0), "", 0
	var biggestData, totalBytes int64
	var biggestDataName string
	err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		totalBytes += info.Size()
		if !strings.HasSuffix(p, ".html") {
			if info.Size() > biggestData {
				biggestData, biggestDataName = info.Size(), p
			}
			return nil
		}
		pages++
		if info.Size() > largest {
			largest, largestName = info.Size(), p
		}
		if info.Size() > maxPage {
			t.Errorf("%s is %d bytes, more than %d", p, info.Size(), maxPage)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if pages == 0 {
		t.Fatal("the build wrote no page")
	}
	t.Logf("%d pages; the largest, %s, is %d bytes; the largest other file, %s, %d bytes; %d bytes in all", pages, largestName, largest, biggestDataName, biggestData, totalBytes)

	// Every record is in the table's data download; the page shows 200 and
	// says so.
	rows := readCSV(t, filepath.Join(out, "data", "recognitions-table.csv"))
	if want := 1 + scaleRows + recognitionsIn(t); len(rows) != want {
		t.Errorf("recognitions-table.csv has %d lines, want %d (a header and every record)", len(rows), want)
	}
	page, err := os.ReadFile(filepath.Join(out, "recognitions.html"))
	if err != nil {
		t.Fatal(err)
	}
	total := fmt.Sprintf("%d", scaleRows+recognitionsIn(t))
	shown := "200 of " + total[:len(total)-3] + "," + total[len(total)-3:] + " rows shown; every row is in the data download."
	if !strings.Contains(string(page), shown) {
		t.Errorf("recognitions.html does not say %q", shown)
	}
	// The bar keeps the 20 largest jurisdictions and counts the others.
	scale, err := os.ReadFile(filepath.Join(out, "at-scale.html"))
	if err != nil {
		t.Fatal(err)
	}
	other := fmt.Sprintf("Other (%s)", commas(places-20))
	if !strings.Contains(string(scale), other) {
		t.Errorf("at-scale.html has no %q", other)
	}
	all := readCSV(t, filepath.Join(out, "data", "recognitions-by-jurisdiction.csv"))
	if len(all) != 1+places {
		t.Errorf("recognitions-by-jurisdiction.csv has %d lines, want a header and every jurisdiction (%d)", len(all), places)
	}

	// Without top, the bar of every jurisdiction is refused, and the
	// output of the good build stays as it was.
	before, err := os.ReadFile(filepath.Join(out, "at-scale.html"))
	if err != nil {
		t.Fatal(err)
	}
	noTop := strings.Replace(string(cfg)+bigCharts, "        top: 20\n", "", 1)
	if err := os.WriteFile(cfgPath, []byte(noTop), 0o644); err != nil {
		t.Fatal(err)
	}
	r = run(t, exe, dir, "build")
	want := fmt.Sprintf(`config.yaml: dashboards[4].charts[0].query: chart "recognitions-by-jurisdiction" would draw %d categories, more than its limit of 25, and nobody could read it; draw fewer with a filter or another group_by; keep the largest groups with top: 24 (each record is counted once, so "other" counts the rest); or raise max_categories (at most 500)`, places)
	if r.code != 1 || !strings.Contains(r.stderr, want+"\n") {
		t.Errorf("build without top: exit %d\n%s\nwant exit 1 and\n%s", r.code, r.stderr, want)
	}
	after, err := os.ReadFile(filepath.Join(out, "at-scale.html"))
	if err != nil || string(after) != string(before) {
		t.Errorf("the refused build changed the output (%v)", err)
	}
}

// scaleRecognitions appends n recognitions to the project in dir's
// recognitions.csv: the project's own rows in turn, each with a new id
// and a jurisdiction of its own among about 3,000 (a country's
// municipalities, say). It returns the number of jurisdictions of the file.
func scaleRecognitions(t *testing.T, dir string, n int) int {
	t.Helper()
	path := filepath.Join(dir, "data", "recognitions.csv")
	rows := readCSV(t, path)
	header, own := rows[0], rows[1:]
	col := func(name string) int {
		for i, h := range header {
			if h == name {
				return i
			}
		}
		t.Fatalf("recognitions.csv has no column %q", name)
		return -1
	}
	id, place := col("id"), col("jurisdiction")
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(f)
	places := map[string]bool{}
	for _, r := range own {
		places[r[place]] = true
	}
	for i := 0; i < n; i++ {
		r := append([]string{}, own[i%len(own)]...)
		r[id] = fmt.Sprintf("rec-scale-%d", i)
		r[place] = fmt.Sprintf("%s, place %d", r[place], i%3000)
		places[r[place]] = true
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return len(places)
}

// recognitionsIn is the number of recognitions of the project's own file.
func recognitionsIn(t *testing.T) int {
	return len(readCSV(t, filepath.Join("../..", "data", "recognitions.csv"))) - 1
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}

// commas writes n with a comma between thousands, as English pages do.
func commas(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
