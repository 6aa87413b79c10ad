package build

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"regexp"
	"strings"
	"testing"
)

var numbers = regexp.MustCompile(`\d+`)

// TestDatesNeverMorePrecise builds the default project and checks, in every
// language, that each recognition's date in the table shows exactly the
// precision of its cell in recognitions.csv: a year shows no month or day,
// a month no day, and an empty cell no date at all.
func TestDatesNeverMorePrecise(t *testing.T) {
	raw, err := os.ReadFile("../../data/recognitions.csv")
	if err != nil {
		t.Fatal(err)
	}
	src, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := func(header []string, name string) int {
		for i, h := range header {
			if h == name {
				return i
			}
		}
		t.Fatalf("no column %q in %q", name, header)
		return -1
	}
	jur, date := col(src[0], "jurisdiction"), col(src[0], "date")
	precisions := map[int]bool{}
	for _, r := range src[1:] {
		if r[date] != "" {
			precisions[strings.Count(r[date], "-")] = true
		}
	}
	if len(precisions) != 3 {
		t.Fatalf("the default data should hold dates at the three precisions (year, month, day); it holds %v", precisions)
	}

	cfg := defaultConfig(t)
	res, err := Build(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, f := range res.Files {
		files[f.Path] = f.Data
	}
	for _, lang := range cfg.Languages {
		path := "data/recognitions-table.csv"
		if lang != cfg.Languages[0] {
			path = lang + "/" + path
		}
		b, ok := files[path]
		if !ok {
			t.Fatalf("%s not built", path)
		}
		shown, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(shown) != len(src) {
			t.Fatalf("%s: %d rows, recognitions.csv has %d", path, len(shown), len(src))
		}
		for i, r := range src[1:] {
			row := shown[i+1]
			if row[0] != r[jur] {
				t.Fatalf("%s row %d: %q, recognitions.csv has %q", path, i+2, row[0], r[jur])
			}
			cell, got := r[date], row[3]
			nums := numbers.FindAllString(got, -1)
			parts := strings.Split(cell, "-")
			var want []string
			switch len(parts) {
			case 1: // a year, or nothing
				if cell != "" {
					want = []string{cell}
				}
			case 2: // a month: the year is the only number, with a month name
				want = []string{parts[0]}
				if strings.TrimSpace(strings.ReplaceAll(got, parts[0], "")) == "" {
					t.Errorf("%s: %s %q shows as %q, without its month", path, r[jur], cell, got)
				}
			case 3: // a day: the day and the year
				want = []string{strings.TrimLeft(parts[2], "0"), parts[0]}
			}
			if strings.Join(nums, " ") != strings.Join(want, " ") {
				t.Errorf("%s: %s %q shows as %q: numbers %q, want %q", path, r[jur], cell, got, nums, want)
			}
		}
	}
}
