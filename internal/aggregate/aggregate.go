// Package aggregate turns a chart's query into a Table: it selects records,
// groups them and attaches to every number its qualifier, range, share and
// sources. It is the only place numbers are derived; it never sums figures
// (sources and subsets overlap), it only counts records. A table holds ids
// and numbers, never words and no pointer into dataset: a query runs once
// per build, and charts words its table in each language.
package aggregate

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/dashgen/dashgen/internal/config"
	"github.com/dashgen/dashgen/internal/dataset"
	"github.com/dashgen/dashgen/internal/diag"
)

// Table is the result of a query: one row per bar, slice, card or line.
// It holds ids and numbers, never words: charts turns the ids into the
// words of each language, so a query runs once for all the languages.
type Table struct {
	Rows []Row
	// Of says what the rows are, and so how their labels are made.
	Of Rows
	// GroupBy is the column the rows are grouped by (the query's
	// group_by): it is the vocabulary of a row's Key.
	GroupBy string
	// Overlap is true when rows may count the same people twice: subsets
	// of an overlap breakdown, a total beside its own subsets, or records
	// counted under several groups.
	Overlap bool
	// PartOfWhole is true when the rows are disjoint parts of one whole (a
	// partition's parts, or records counted once each): only then may a
	// chart draw them as slices.
	PartOfWhole bool
	// Undated lists the records a timeline cannot place, by name.
	Undated []string
	// Sources are the source ids behind the rows, in order of first use.
	Sources []string
	// Records are the ids of the records (recognitions) the rows count,
	// in file order; none for a table of figures, whose rows name their
	// figure (Row.Figure).
	Records []string
}

// Rows says what a table's rows are.
type Rows int

const (
	// Figures: one row per figure, as its source states it; its Key is
	// the figure's cell in the grouped column.
	Figures Rows = iota
	// Counts: one row per group of records, its Key the group's id (""
	// for records that do not state it).
	Counts
	// Records: one row per record (value: each), named by Name.
	Records
	// Years: one row per year of a timeline, the year in Name.
	Years
)

// Row is one number and everything needed to show it honestly, as ids
// and numbers: the words for them are the charts' job.
type Row struct {
	// Key is the grouped value (an id, a date, a source list, …).
	Key string
	// Name is the row's label when the data itself gives it, shown as
	// written: a record's jurisdiction, a year.
	Name      string
	Value     *int64 // nil when the source gives no single number
	Qualifier string
	Min, Max  *int64
	Unit      string
	Share     *Share
	Sources   []string
	// Figure is the id of the figure a row shows ("" for counts); Measure,
	// AsOf, Wording and AttributedTo are its cells. Rows that would read
	// alike differ in them, and charts names the difference.
	Figure       string
	Measure      string
	AsOf         string
	Wording      string
	AttributedTo string
	// Cells are the row's raw cells in the columns Run was asked for (a
	// table's columns), in that order.
	Cells []string
	// Cumulative is the running total at this row, for timelines.
	Cumulative int64
}

// Share is a row's value as a part of a larger figure.
type Share struct {
	Percent float64
	Of      int64
	// Whole names the whole: a measure id ("killed") when the whole is a
	// parent figure, an event id when it is the event's population.
	Whole   Whole
	Sources []string
}

// Whole is the id of what a share is a share of, in its vocabulary
// ("measure" or "population").
type Whole struct{ Vocabulary, ID string }

// Datasets that are not figures files.
const (
	AllFigures   = "figures"
	Recognitions = "recognitions"
)

// Columns returns the columns of a dataset, or an error naming the known
// datasets when it does not exist.
func Columns(datasets []string, name string) ([]string, error) {
	switch {
	case name == Recognitions:
		return dataset.RecognitionColumns(), nil
	case name == AllFigures || slices.Contains(datasets, name):
		return dataset.FigureColumns(), nil
	}
	known := append([]string{AllFigures, Recognitions}, datasets...)
	if s := diag.Suggest(name, known); s != "" {
		return nil, fmt.Errorf("unknown dataset %q (did you mean %q?) (known: %s)", name, s, strings.Join(known, ", "))
	}
	return nil, fmt.Errorf("unknown dataset %q (known: %s)", name, strings.Join(known, ", "))
}

// Problem is one thing wrong with a query: the query key it concerns
// (dataset, group_by, filter.source, …) and a message for a person.
type Problem struct {
	Key     string
	Code    diag.Code
	Message string
}

// Check reports what is wrong with a query against the data's schema.
func Check(q config.Query, datasets []string) []Problem {
	var problems []Problem
	add := func(key, format string, args ...any) {
		problems = append(problems, Problem{key, diag.QueryError, fmt.Sprintf(format, args...)})
	}
	cols, err := Columns(datasets, q.Dataset)
	if err != nil {
		return []Problem{{"dataset", diag.UnknownDataset, err.Error()}}
	}
	noColumn := func(key, col string) {
		msg := fmt.Sprintf("the dataset %q has no column %q", q.Dataset, col)
		if s := diag.Suggest(col, cols); s != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", s)
		}
		problems = append(problems, Problem{key, diag.UnknownColumn, msg + " (columns: " + strings.Join(cols, ", ") + ")"})
	}
	for _, col := range slices.Sorted(maps.Keys(q.Filter)) {
		if !slices.Contains(cols, col) {
			noColumn("filter."+col, col)
		}
	}
	if q.GroupBy == "" {
		add("group_by", "is empty; name the column that labels each row")
	} else if !slices.Contains(cols, q.GroupBy) {
		noColumn("group_by", q.GroupBy)
	}
	isRec := q.Dataset == Recognitions
	if q.Value == "each" && !isRec {
		add("value", "each lists recognitions; for figures use value: value")
	}
	if q.Value == "value" && isRec {
		add("value", "recognitions have no value column; use value: count")
	}
	if q.Value == "count" && !isRec {
		add("value", "figures are never added up or counted (their groups and sources overlap); use value: value")
	}
	if q.Cumulative && (q.Value != "count" || q.GroupBy != "date") {
		add("cumulative", "only a count of records by date can be cumulative (group_by: date, value: count)")
	}
	if q.Share != "" && isRec {
		add("share", "only figures have shares")
	}
	return problems
}

// cancelEvery is how many records a query reads between two looks at its
// context.
const cancelEvery = 4096

// Run executes a query, returning ctx's error when ctx ends while the
// query reads the records. Every row carries its raw cells in columns (a
// table's columns; none for other charts).
func Run(ctx context.Context, d *dataset.Data, q config.Query, columns []string) (*Table, error) {
	match, err := matcher(q)
	if err != nil {
		return nil, err
	}
	t := &Table{GroupBy: q.GroupBy}
	if q.Dataset == Recognitions {
		var recs []*dataset.Recognition
		for i, r := range d.Recognitions {
			if i%cancelEvery == cancelEvery-1 && ctx.Err() != nil {
				return nil, ctx.Err()
			}
			if match(r) {
				recs = append(recs, r)
			}
		}
		countRecords(t, recs, q, columns)
	} else {
		var figs []*dataset.Figure
		for i, f := range d.Figures {
			if i%cancelEvery == cancelEvery-1 && ctx.Err() != nil {
				return nil, ctx.Err()
			}
			if (q.Dataset == AllFigures || f.Dataset == q.Dataset) && match(f) {
				figs = append(figs, f)
			}
		}
		figureRows(t, d, figs, q, columns)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if q.Sort == "value" {
		// Sorting by label is the charts' job: labels are words.
		sort.SliceStable(t.Rows, func(i, j int) bool { return sortValue(t.Rows[i]) > sortValue(t.Rows[j]) })
	}
	seen := map[string]bool{} // t.Sources as a set: one look-up a source
	for i := range t.Rows {
		for _, s := range t.Rows[i].Sources {
			addUnique(&t.Sources, seen, s)
		}
		if sh := t.Rows[i].Share; sh != nil {
			for _, s := range sh.Sources {
				addUnique(&t.Sources, seen, s)
			}
		}
	}
	return t, nil
}

// fielder is a record that gives its cells by column: a figure or a
// recognition. A match takes the record, not its Field method: a method
// value made per record would be an allocation per record and query.
type fielder interface{ Field(col string) string }

// matcher is the test of q's filters on a record.
func matcher(q config.Query) (func(r fielder) bool, error) {
	// The filters as a list, not a map: match runs once per record, and
	// walking a slice costs nothing to start.
	type filter struct {
		col  string
		vals []string
	}
	var filters []filter
	for _, col := range slices.Sorted(maps.Keys(q.Filter)) {
		vals, err := config.FilterValues(q.Filter[col])
		if err != nil {
			return nil, fmt.Errorf("filter.%s: %w", col, err)
		}
		filters = append(filters, filter{col, vals})
	}
	return func(r fielder) bool {
		for _, f := range filters {
			if !matchAny(r.Field(f.col), f.vals) {
				return false
			}
		}
		return true
	}, nil
}

// Selects lists the ids of the records of recognitions.csv that q, a
// query of that dataset, counts: those its filters let through. It fails
// as Run does on a filter it cannot read.
func Selects(d *dataset.Data, q config.Query) ([]string, error) {
	if q.Dataset != Recognitions {
		return nil, nil
	}
	match, err := matcher(q)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, r := range d.Recognitions {
		if match(r) {
			ids = append(ids, r.ID)
		}
	}
	return ids, nil
}

// matchAny compares a cell with the accepted values. A cell holding a
// ;-separated list (sources, terms) matches when any of its items does.
func matchAny(cell string, vals []string) bool {
	if !strings.Contains(cell, ";") {
		return slices.Contains(vals, cell) // the cell is its one item
	}
	its := items(cell) // split once, not once per value
	for _, v := range vals {
		if cell == v || slices.Contains(its, v) {
			return true
		}
	}
	return false
}

// items splits a cell into its ;-separated items; an empty cell is one
// empty item, so that "not stated" is a group of its own.
func items(cell string) []string {
	if !strings.Contains(cell, ";") {
		return []string{cell}
	}
	var out []string
	for _, part := range strings.Split(cell, ";") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// figureRows makes one row per figure, as each source states it.
func figureRows(t *Table, d *dataset.Data, figs []*dataset.Figure, q config.Query, columns []string) {
	t.Of = Figures
	inTable := map[string]bool{}
	for _, f := range figs {
		inTable[f.ID] = true
	}
	parents := map[string]bool{}
	allPartition := len(figs) > 0
	for _, f := range figs {
		row := Row{
			Key:          f.Field(q.GroupBy),
			Value:        f.Value,
			Qualifier:    f.Qualifier,
			Min:          f.Min,
			Max:          f.Max,
			Unit:         f.Unit,
			Sources:      f.Sources,
			Figure:       f.ID,
			Measure:      f.Measure,
			AsOf:         f.AsOf,
			Wording:      f.Wording,
			AttributedTo: f.AttributedTo,
			Cells:        cells(f.Field, columns),
		}
		if f.Breakdown == "overlap" || inTable[f.Parent] {
			t.Overlap = true
		}
		if f.Breakdown != "partition" {
			allPartition = false
		}
		parents[f.Parent] = true
		switch q.Share {
		case "parent":
			if p := d.Figure(f.Parent); p != nil && p.Value != nil && f.Value != nil && *p.Value > 0 {
				row.Share = &Share{
					Percent: percent(*f.Value, *p.Value),
					Of:      *p.Value,
					Whole:   Whole{"measure", p.Measure},
					Sources: p.Sources,
				}
			}
		case "population":
			if e := d.Event(f.Event); e != nil && e.Population != nil && f.Value != nil && *e.Population > 0 && f.Unit == "persons" {
				row.Share = &Share{
					Percent: percent(*f.Value, *e.Population),
					Of:      *e.Population,
					Whole:   Whole{"population", e.ID},
					Sources: e.PopulationSource,
				}
			}
		}
		t.Rows = append(t.Rows, row)
	}
	t.PartOfWhole = allPartition && len(parents) == 1
}

// cells is a record's raw cells in columns, nil for none.
func cells(field func(string) string, columns []string) []string {
	if len(columns) == 0 {
		return nil
	}
	out := make([]string, len(columns))
	for i, col := range columns {
		out[i] = field(col)
	}
	return out
}

// countRecords counts recognitions per group. A record with several items
// in the grouped column (two terms, two sources) counts once under each,
// which makes the groups overlap.
func countRecords(t *Table, recs []*dataset.Recognition, q config.Query, columns []string) {
	t.Records = make([]string, len(recs))
	for i, r := range recs {
		t.Records[i] = r.ID
	}
	if q.Value == "each" {
		t.Of = Records
		for _, r := range recs {
			n := int64(1)
			t.Rows = append(t.Rows, Row{Key: r.Field(q.GroupBy), Name: r.Jurisdiction, Value: &n, Qualifier: "exact", Sources: r.Sources, Cells: cells(r.Field, columns)})
		}
		t.PartOfWhole = true
		return
	}
	if q.GroupBy == "date" && q.Cumulative {
		t.Of = Years
		timeline(t, recs)
		return
	}
	t.Of = Counts
	counts := map[string]int64{}
	sources := map[string][]string{}
	cited := map[[2]string]bool{} // group and source: sources[group] as a set
	var order []string
	t.PartOfWhole = true
	for _, r := range recs {
		keys := items(r.Field(q.GroupBy))
		if len(keys) > 1 {
			t.Overlap = true
			t.PartOfWhole = false
		}
		for _, k := range keys {
			if _, ok := counts[k]; !ok {
				order = append(order, k)
			}
			counts[k]++
			for _, s := range r.Sources {
				if !cited[[2]string{k, s}] {
					cited[[2]string{k, s}] = true
					sources[k] = append(sources[k], s)
				}
			}
		}
	}
	for _, k := range order {
		n := counts[k]
		t.Rows = append(t.Rows, Row{Key: k, Value: &n, Qualifier: "exact", Sources: sources[k]})
	}
}

// timeline counts records per year, cumulatively, with every year between
// the first and the last present. Dates are known at different precision
// (1992, 1992-02, 1992-02-26); the year is the precision all share.
func timeline(t *Table, recs []*dataset.Recognition) {
	perYear := map[int]int64{}
	sources := map[int][]string{}
	type yearSource struct {
		year   int
		source string
	}
	cited := map[yearSource]bool{} // sources[year] as a set
	first, last := 0, 0
	for _, r := range recs {
		if r.Date == "" {
			t.Undated = append(t.Undated, r.Jurisdiction)
			continue
		}
		y, _ := strconv.Atoi(r.Date[:4])
		perYear[y]++
		for _, s := range r.Sources {
			if !cited[yearSource{y, s}] {
				cited[yearSource{y, s}] = true
				sources[y] = append(sources[y], s)
			}
		}
		if first == 0 || y < first {
			first = y
		}
		if y > last {
			last = y
		}
	}
	var run int64
	for y := first; first != 0 && y <= last; y++ {
		n := perYear[y]
		run += n
		v := n
		t.Rows = append(t.Rows, Row{Key: strconv.Itoa(y), Name: strconv.Itoa(y), Value: &v, Qualifier: "exact", Cumulative: run, Sources: sources[y]})
	}
}

func sortValue(r Row) int64 {
	switch {
	case r.Value != nil:
		return *r.Value
	case r.Max != nil:
		return *r.Max
	}
	return -1
}

func percent(part, whole int64) float64 { return float64(part) * 100 / float64(whole) }

// addUnique appends s to list unless seen, the set of list's items, has
// it: one look-up, however long the list.
func addUnique(list *[]string, seen map[string]bool, s string) {
	if !seen[s] {
		seen[s] = true
		*list = append(*list, s)
	}
}
