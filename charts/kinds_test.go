package charts

import (
	"reflect"
	"strings"
	"testing"

	"github.com/dashgen/dashgen/internal/aggregate"
	"github.com/dashgen/dashgen/internal/config"
	"github.com/dashgen/dashgen/internal/diag"
	"github.com/dashgen/dashgen/internal/i18n"
)

// kindTables are tables each kind can show: one query of parts of one
// whole (a pie's), with a range and a lower bound among them.
func kindTables() []*aggregate.Table {
	rng := row("C", nil, "range")
	rng.Min, rng.Max = n(5), n(9)
	return []*aggregate.Table{{PartOfWhole: true, Rows: []aggregate.Row{
		row("A", n(4), "exact"), row("B", n(3), "at_least"), rng,
	}}}
}

// TestEveryKindBuilds: each kind of the table builds a chart of its kind,
// drawn kinds an option with their figures as text, text kinds cards or
// a table; and the chart answers Drawn, Wide and its description word as
// its kind says.
func TestEveryKindBuilds(t *testing.T) {
	lab := labeler(t)
	want := map[string]struct {
		drawn, wide, headline bool
		word                  string
	}{
		"bar":      {true, false, false, "chart_bar"},
		"card":     {false, true, true, ""},
		"dot":      {true, false, false, "chart_dot"},
		"map":      {true, true, false, "chart_map"},
		"pie":      {true, false, false, "chart_pie"},
		"table":    {false, true, false, ""},
		"timeline": {true, false, false, "chart_timeline"},
	}
	if got := KindNames(); !reflect.DeepEqual(got, []string{"bar", "card", "dot", "map", "pie", "table", "timeline"}) {
		t.Fatalf("KindNames() = %v", got)
	}
	for _, name := range KindNames() {
		w, ok := want[name]
		if !ok {
			t.Errorf("kind %q has no expectation here; add one", name)
			continue
		}
		spec := config.Chart{ID: "c", Type: name, Title: "C", Columns: []string{"source"}, Queries: []config.Query{{Dataset: "figures"}}}
		c, err := Build(spec, kindTables(), lab)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if c.Dots() != (name == "dot") {
			t.Errorf("%s: dots %v; only the dot plot's marks are dots", name, c.Dots())
		}
		if c.Drawn() != w.drawn || c.Wide() != w.wide || c.Headline() != w.headline || c.Word() != w.word {
			t.Errorf("%s: drawn %v, wide %v, headline %v, word %q; want %v, %v, %v, %q",
				name, c.Drawn(), c.Wide(), c.Headline(), c.Word(), w.drawn, w.wide, w.headline, w.word)
		}
		switch {
		case w.drawn && (c.Option == nil || len(c.Text) == 0 || len(c.Data) == 0 || c.Behaviour == nil):
			t.Errorf("%s: a drawn kind without option, text, data or behaviour: %+v", name, c)
		case !w.drawn && c.Option != nil:
			t.Errorf("%s: a text kind with an option", name)
		case name == "card" && len(c.Cards) != 3:
			t.Errorf("card: %d cards, want 3", len(c.Cards))
		case name == "table" && (c.Table == nil || len(c.Table.Rows) != 3):
			t.Errorf("table: %+v, want 3 rows", c.Table)
		}
		if w.word != "" {
			// en has the word (T panics on a missing key); az and ru
			// have their own, not English fallen through.
			en := wordIn(t, "en", w.word)
			for _, lang := range []string{"az", "ru"} {
				if got := wordIn(t, lang, w.word); got == en {
					t.Errorf("%s: %s in %s is the English %q", name, w.word, lang, got)
				}
			}
		}
	}
}

func wordIn(t *testing.T, lang, key string) string {
	t.Helper()
	loc, err := i18n.Load(lang, nil)
	if err != nil {
		t.Fatal(err)
	}
	return loc.T(key)
}

// TestUnknownKind: Build refuses a type no kind has (Check reports it
// first, so this is a bug's guard), and a chart of an unknown type is
// neither drawn nor wide.
func TestUnknownKind(t *testing.T) {
	_, err := Build(config.Chart{ID: "c", Type: "pei", Title: "C"}, kindTables(), labeler(t))
	want := `unknown chart type "pei" (did you mean "pie"? known: bar, card, dot, map, pie, table, timeline)`
	if err == nil || err.Error() != want {
		t.Errorf("Build: %v, want %s", err, want)
	}
	if _, ok := KindOf("pei"); ok {
		t.Error(`KindOf("pei") found a kind`)
	}
	c := &Chart{Type: "pei"}
	if c.Drawn() || c.Wide() || c.Word() != "" {
		t.Errorf("unknown type: drawn %v, wide %v, word %q", c.Drawn(), c.Wide(), c.Word())
	}
}

// TestCheck: one case per rule of a chart's spec, each with its key,
// code and exact message.
func TestCheck(t *testing.T) {
	bar := func(mod func(*config.Chart)) config.Chart {
		c := config.Chart{ID: "killed", Type: "bar", Title: "Killed",
			Queries: []config.Query{{Dataset: "casualties", GroupBy: "group", Value: "value", Sort: "none"}}}
		mod(&c)
		return c
	}
	two := []config.Query{
		{Dataset: "casualties", GroupBy: "group", Value: "value"},
		{Dataset: "casualties", GroupBy: "source", Value: "value"},
	}
	cases := []struct {
		name string
		spec config.Chart
		want []Problem
	}{
		{"valid", bar(func(*config.Chart) {}), nil},
		{"unknown type, close to one", bar(func(c *config.Chart) { c.Type = "pie3d" }),
			[]Problem{{"type", diag.UnknownChartType, `unknown chart type "pie3d" (did you mean "pie"? known: bar, card, dot, map, pie, table, timeline)`}}},
		{"unknown type, close to none", bar(func(c *config.Chart) { c.Type = "histogram" }),
			[]Problem{{"type", diag.UnknownChartType, `unknown chart type "histogram" (known: bar, card, dot, map, pie, table, timeline)`}}},
		{"table without columns", bar(func(c *config.Chart) {
			c.Type = "table"
			c.Queries = []config.Query{{Dataset: "recognitions", GroupBy: "jurisdiction", Value: "each"}}
		}), []Problem{{"columns", diag.InvalidValue, "is empty; a table lists the columns it shows"}}},
		{"pie of two queries", bar(func(c *config.Chart) { c.Type = "pie"; c.Queries = two }),
			[]Problem{{"type", diag.ChartError, `chart "killed": a pie shows one query; use a bar to compare several`}}},
		{"timeline of two queries", bar(func(c *config.Chart) { c.Type = "timeline"; c.Queries = two }),
			[]Problem{{"type", diag.ChartError, `chart "killed": a timeline shows one query`}}},
		{"bar and dot take several queries", bar(func(c *config.Chart) { c.Type = "dot"; c.Queries = two }), nil},
		{"query: unknown dataset", bar(func(c *config.Chart) { c.Queries[0].Dataset = "casualtys" }),
			[]Problem{{"query.dataset", diag.UnknownDataset, `unknown dataset "casualtys" (did you mean "casualties"?) (known: figures, recognitions, casualties)`}}},
		{"query: unknown column", bar(func(c *config.Chart) { c.Queries[0].GroupBy = "sorce" }),
			[]Problem{{"query.group_by", diag.UnknownColumn, `the dataset "casualties" has no column "sorce" (did you mean "source"?) (columns: ` +
				strings.Join(mustColumns(t, "casualties"), ", ") + ")"}}},
		{"one of several queries", bar(func(c *config.Chart) {
			c.Queries = append([]config.Query(nil), two...)
			c.Queries[1].Value = "count"
		}), []Problem{{"queries[1].value", diag.QueryError, "figures are never added up or counted (their groups and sources overlap); use value: value"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := Check(tc.spec, []string{"casualties"}); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Check:\n got %v\nwant %v", got, tc.want)
			}
		})
	}
}

func mustColumns(t *testing.T, name string) []string {
	t.Helper()
	cols, err := aggregate.Columns([]string{name}, name)
	if err != nil {
		t.Fatal(err)
	}
	return cols
}

// TestCheckRows: one case per rule on the rows the queries return.
func TestCheckRows(t *testing.T) {
	spec := func(typ string, queries int) config.Chart {
		c := config.Chart{ID: "parts", Type: typ, Title: "Parts"}
		for range queries {
			c.Queries = append(c.Queries, config.Query{Dataset: "casualties"})
		}
		return c
	}
	some := func(mod func(*aggregate.Table)) *aggregate.Table {
		t := &aggregate.Table{PartOfWhole: true, Rows: []aggregate.Row{row("A", n(1), "exact"), row("B", n(2), "exact")}}
		mod(t)
		return t
	}
	none := &aggregate.Table{}
	cases := []struct {
		name   string
		spec   config.Chart
		tables []*aggregate.Table
		want   []Problem
	}{
		{"pie of parts", spec("pie", 1), []*aggregate.Table{some(func(*aggregate.Table) {})}, nil},
		{"selects nothing", spec("bar", 1), []*aggregate.Table{none},
			[]Problem{{"query", diag.QueryError, `selects no records from dataset "casualties"; check the filter`}}},
		{"second query selects nothing", spec("bar", 2), []*aggregate.Table{some(func(*aggregate.Table) {}), none},
			[]Problem{{"queries[1]", diag.QueryError, `selects no records from dataset "casualties"; check the filter`}}},
		{"pie of groups that overlap", spec("pie", 1), []*aggregate.Table{some(func(t *aggregate.Table) { t.Overlap = true })},
			[]Problem{{"type", diag.ChartError, `chart "parts": a pie cannot show groups that overlap (one person may be counted in two of them); use type: bar`}}},
		{"pie of rows not parts of a whole", spec("pie", 1), []*aggregate.Table{some(func(t *aggregate.Table) { t.PartOfWhole = false })},
			[]Problem{{"type", diag.ChartError, `chart "parts": a pie needs parts of one whole (a partition breakdown of one figure); these rows are not, so use type: bar`}}},
		{"a bar may show groups that overlap", spec("bar", 1), []*aggregate.Table{some(func(t *aggregate.Table) { t.Overlap = true; t.PartOfWhole = false })}, nil},
		{"a dot plot may show groups that overlap", spec("dot", 1), []*aggregate.Table{some(func(t *aggregate.Table) { t.Overlap = true; t.PartOfWhole = false })}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := CheckRows(tc.spec, tc.tables); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("CheckRows:\n got %v\nwant %v", got, tc.want)
			}
		})
	}
}
