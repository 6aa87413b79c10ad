package charts

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/dashgen/dashgen/internal/aggregate"
	"github.com/dashgen/dashgen/internal/config"
	"github.com/dashgen/dashgen/internal/diag"
	"github.com/dashgen/dashgen/internal/i18n"
)

func ptr(v int) *int { return &v }

// counted is a table of records counted per group: key → count, in the
// order given.
func counted(pairs ...any) *aggregate.Table {
	t := &aggregate.Table{Of: aggregate.Counts, GroupBy: "jurisdiction", PartOfWhole: true}
	for i := 0; i < len(pairs); i += 2 {
		v := int64(pairs[i+1].(int))
		t.Rows = append(t.Rows, aggregate.Row{Key: pairs[i].(string), Value: &v, Qualifier: "exact", Sources: []string{"s-" + pairs[i].(string)}})
	}
	return t
}

func countSpec(typ string, top *int) config.Chart {
	return config.Chart{ID: "by-place", Type: typ, Title: "By place", Top: top,
		Queries: []config.Query{{Dataset: "recognitions", GroupBy: "jurisdiction", Value: "count"}}}
}

// TestTopKeepsLargestAndCountsTheRest: top: 2 draws the two largest
// groups, equal counts in the order of their ids whatever their order in
// the file, and one "Other (K)" that counts the records of the K others;
// the data download keeps every group and no "other" row.
func TestTopKeepsLargestAndCountsTheRest(t *testing.T) {
	lab := labeler(t)
	// b and c tie at 5 for the second place: b's id comes first.
	for _, tb := range []*aggregate.Table{
		counted("d", 1, "c", 5, "a", 9, "b", 5, "e", 2),
		counted("e", 2, "b", 5, "a", 9, "c", 5, "d", 1),
	} {
		c, err := Build(countSpec("bar", ptr(2)), []*aggregate.Table{tb}, lab)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range c.Text {
			got = append(got, r.Label+"="+r.Figure)
		}
		want := []string{"a=9", "b=5", "Other (3)=8"}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("drawn %v, want %v", got, want)
		}
		if cats := c.Option["xAxis"].([]any)[0].(map[string]any)["data"]; !reflect.DeepEqual(cats, []any{"a", "b", "Other (3)"}) {
			t.Errorf("categories %v", cats)
		}
		if len(c.Data) != 5 {
			t.Errorf("the download has %d rows, want every group (5)", len(c.Data))
		}
		for _, d := range c.Data {
			if strings.HasPrefix(d.Item, "Other") {
				t.Errorf("the download has an %q row", d.Item)
			}
		}
		note := "The 2 largest of 5 groups are drawn, ranked by count (equal counts by id); the other 3 are counted together as “Other (3)”. The data download lists every group."
		if !slices.Contains(c.Notes, note) {
			t.Errorf("notes %q lack %q", c.Notes, note)
		}
		// "other" cites the sources of the groups it counts.
		if last := c.Text[len(c.Text)-1]; !reflect.DeepEqual(last.Sources, []string{"s-c", "s-e", "s-d"}) {
			t.Errorf("other's sources %v", last.Sources)
		}
	}
}

// TestTopFewerGroupsFoldsNothing: with no more groups than top, every
// group is drawn and no note is added.
func TestTopFewerGroupsFoldsNothing(t *testing.T) {
	c, err := Build(countSpec("pie", ptr(3)), []*aggregate.Table{counted("a", 1, "b", 2, "c", 3)}, labeler(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Text) != 3 || len(c.Notes) != 0 {
		t.Errorf("text %v, notes %v", c.Text, c.Notes)
	}
}

// TestOtherWordsEveryLanguage: "Other (K)" and the note are the locale's
// words, translated, with K written the locale's way.
func TestOtherWordsEveryLanguage(t *testing.T) {
	want := map[string]string{"en": "Other (1,200)", "az": "Digərləri (1.200)", "ru": "Прочие (1\u00a0200)"}
	for _, lang := range i18n.Languages() {
		loc, err := i18n.Load(lang, nil)
		if err != nil {
			t.Fatal(err)
		}
		tb := counted("a", 5000)
		for i := 0; i < 1200; i++ {
			tb.Rows = append(tb.Rows, counted(fmt.Sprintf("g%04d", i), 1).Rows...)
		}
		c, err := Build(countSpec("bar", ptr(1)), []*aggregate.Table{tb}, localeWords{loc})
		if err != nil {
			t.Fatal(err)
		}
		if got := c.Text[1].Label; got != want[lang] {
			t.Errorf("%s: other is %q, want %q", lang, got, want[lang])
		}
		if !strings.Contains(c.Notes[0], want[lang]) || (lang != "en" && strings.Contains(c.Notes[0], "largest")) {
			t.Errorf("%s: note %q", lang, c.Notes[0])
		}
	}
}

// TestTableShowsItsFirstRows: a table shows its first max_rows rows (200
// by default) and keeps every row for its download.
func TestTableShowsItsFirstRows(t *testing.T) {
	tb := &aggregate.Table{Of: aggregate.Records}
	for i := 0; i < 450; i++ {
		one := int64(1)
		tb.Rows = append(tb.Rows, aggregate.Row{Name: fmt.Sprint(i), Value: &one, Cells: []string{fmt.Sprint(i)}})
	}
	for _, tc := range []struct {
		max        *int
		shown, all int
	}{{nil, DefaultTableRows, 450}, {ptr(10), 10, 450}, {ptr(2000), 450, 450}} {
		spec := config.Chart{ID: "t", Type: "table", Title: "T", Columns: []string{"jurisdiction"}, MaxRows: tc.max,
			Queries: []config.Query{{Dataset: "recognitions", GroupBy: "jurisdiction", Value: "each"}}}
		c, err := Build(spec, []*aggregate.Table{tb}, labeler(t))
		if err != nil {
			t.Fatal(err)
		}
		if c.Table.Shown != tc.shown || len(c.Table.ShownRows()) != tc.shown || len(c.Table.Rows) != tc.all {
			t.Errorf("max_rows %v: shown %d of %d, want %d of %d", tc.max, c.Table.Shown, len(c.Table.Rows), tc.shown, tc.all)
		}
		if c.Table.ShownRows()[0][0].Text != "0" {
			t.Errorf("the first row shown is %v", c.Table.ShownRows()[0])
		}
	}
}

// TestCategoryLimits: each drawn kind refuses more categories than its
// limit, with the fixes that apply to its rows, and takes max_categories.
func TestCategoryLimits(t *testing.T) {
	many := func(k int) *aggregate.Table {
		tb := counted()
		for i := 0; i < k; i++ {
			tb.Rows = append(tb.Rows, counted(fmt.Sprintf("g%d", i), 1).Rows...)
		}
		return tb
	}
	figures := &aggregate.Table{Of: aggregate.Figures, GroupBy: "source"}
	for i := 0; i < 26; i++ {
		figures.Rows = append(figures.Rows, aggregate.Row{Key: "src", Figure: fmt.Sprintf("f%d", i), Value: ptr64(1), Qualifier: "exact"})
	}
	for _, tc := range []struct {
		name   string
		spec   config.Chart
		tables []*aggregate.Table
		want   []Problem
	}{
		{"bar at its limit", countSpec("bar", nil), []*aggregate.Table{many(25)}, nil},
		{"bar past it", countSpec("bar", nil), []*aggregate.Table{many(26)}, []Problem{{"query", diag.TooManyCategories,
			`chart "by-place" would draw 26 categories, more than its limit of 25, and nobody could read it; draw fewer with a filter or another group_by; keep the largest groups with top: 24 (each record is counted once, so "other" counts the rest); or raise max_categories (at most 500)`}}},
		{"bar raised", func() config.Chart { s := countSpec("bar", nil); s.MaxCategories = ptr(26); return s }(), []*aggregate.Table{many(26)}, nil},
		{"bar with top", countSpec("bar", ptr(10)), []*aggregate.Table{many(1000)}, nil},
		{"pie past six", countSpec("pie", nil), []*aggregate.Table{many(7)}, []Problem{{"query", diag.TooManyCategories,
			`chart "by-place" would draw 7 categories, more than its limit of 6, and nobody could read it; draw fewer with a filter or another group_by; keep the largest groups with top: 5 (each record is counted once, so "other" counts the rest); or raise max_categories (at most 500)`}}},
		{"figures past the limit", config.Chart{ID: "f", Type: "dot", Queries: []config.Query{{Dataset: "figures", GroupBy: "source", Value: "value"}}},
			[]*aggregate.Table{figures}, []Problem{{"query", diag.TooManyCategories,
				`chart "f" would draw 26 categories, more than its limit of 25, and nobody could read it; draw fewer with a filter or another group_by; top cannot fold figures, which are never added up; or raise max_categories (at most 500)`}}},
		{"top on overlapping groups", countSpec("bar", ptr(3)), []*aggregate.Table{func() *aggregate.Table { tb := many(30); tb.Overlap = true; return tb }()},
			[]Problem{{"top", diag.ChartError, `chart "by-place": top needs every record counted once, but these groups overlap (a record with several values in jurisdiction is counted under each), so "other" would count some records twice; draw fewer with a filter, or raise max_categories`}}},
		{"a table is never refused", config.Chart{ID: "t", Type: "table", Columns: []string{"jurisdiction"}, Queries: []config.Query{{Dataset: "recognitions", GroupBy: "jurisdiction", Value: "each"}}},
			[]*aggregate.Table{{Of: aggregate.Records, Rows: many(5000).Rows}}, nil},
	} {
		if got := CheckRows(tc.spec, tc.tables); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s:\n got %#v\nwant %#v", tc.name, got, tc.want)
		}
	}
}

func ptr64(v int64) *int64 { return &v }

// TestTopChecks: top is refused where it cannot honestly fold groups,
// before any query runs, with the key top.
func TestTopChecks(t *testing.T) {
	figures := config.Chart{ID: "f", Type: "bar", Top: ptr(3), Queries: []config.Query{{Dataset: "figures", GroupBy: "source", Value: "value"}}}
	two := countSpec("bar", ptr(3))
	two.Queries = append(two.Queries, two.Queries[0])
	over := countSpec("pie", ptr(6))
	for _, tc := range []struct {
		name string
		spec config.Chart
		want string
	}{
		{"figures", figures, `chart "f": top is refused for figures as sources state them: the "other" category would add up figures, and figures are never added up (their groups and sources overlap); draw fewer with a filter or another group_by, or raise max_categories`},
		{"timeline", countSpec("timeline", ptr(3)), `chart "by-place": a timeline cannot fold rows into "other"; top is for bar, dot and pie charts of counted records`},
		{"two queries", two, `chart "by-place": top keeps the largest groups of one query, and this chart has 2; draw one query, or filter each`},
		{"past the limit", over, `chart "by-place": top: 6 draws 7 categories (the 6 largest groups and "other"), more than the chart's limit of 6; lower top or raise max_categories`},
	} {
		var got []Problem
		for _, p := range Check(tc.spec, nil) {
			if p.Key == "top" {
				got = append(got, p)
			}
		}
		want := []Problem{{"top", diag.ChartError, tc.want}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got %#v\nwant %#v", tc.name, got, want)
		}
	}
	if p := Check(countSpec("bar", ptr(24)), nil); len(p) != 0 {
		t.Errorf("top: 24 on a bar of counts: %v", p)
	}
}

// TestUndatedNamesStayASentence: a timeline's note names at most 20 of
// the records it cannot place and counts the others, in the locale's
// words and number format.
func TestUndatedNamesStayASentence(t *testing.T) {
	tb := &aggregate.Table{Of: aggregate.Years, GroupBy: "date", Rows: []aggregate.Row{{Key: "2000", Name: "2000", Value: ptr64(1), Qualifier: "exact", Cumulative: 1}}}
	for i := 0; i < 1020; i++ {
		tb.Undated = append(tb.Undated, fmt.Sprintf("P%d", i))
	}
	c, err := Build(countSpec("timeline", nil), []*aggregate.Table{tb}, labeler(t))
	if err != nil {
		t.Fatal(err)
	}
	want := "1,020 records without a date are not on this timeline but are counted in the totals: P0, P1, P2, P3, P4, P5, P6, P7, P8, P9, P10, P11, P12, P13, P14, P15, P16, P17, P18, P19, 1,000 more."
	if !slices.Contains(c.Notes, want) {
		t.Errorf("notes %q, want %q", c.Notes, want)
	}
}

// TestManyBarsLieDown: up to VerticalBars short labels stand upright;
// one more and the bars lie down, each with a row of its own, so that a
// 375 px phone has room for every label and figure.
func TestManyBarsLieDown(t *testing.T) {
	for _, k := range []int{VerticalBars, VerticalBars + 1} {
		tb := counted()
		for i := 0; i < k; i++ {
			tb.Rows = append(tb.Rows, counted(fmt.Sprintf("g%d", i), i+1).Rows...)
		}
		c, err := Build(countSpec("bar", nil), []*aggregate.Table{tb}, labeler(t))
		if err != nil {
			t.Fatal(err)
		}
		if want := k > VerticalBars; c.Behaviour.Horizontal != want {
			t.Errorf("%d bars: horizontal %v, want %v", k, c.Behaviour.Horizontal, want)
		}
	}
}
