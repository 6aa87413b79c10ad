package charts

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/dashgen/dashgen/internal/aggregate"
	"github.com/dashgen/dashgen/internal/config"
)

// record is a recognition as a map's query returns it (value: each,
// grouped by code), its cells in the columns term, body, date.
func record(code, name, term, body, date, source string) aggregate.Row {
	one := int64(1)
	return aggregate.Row{Key: code, Name: name, Value: &one, Qualifier: "exact", Sources: []string{source}, Cells: []string{term, body, date}}
}

func mapSpec() config.Chart {
	return config.Chart{ID: "m", Type: "map", Title: "Where", Columns: []string{"term", "body", "date"},
		Queries: []config.Query{{Dataset: "recognitions", GroupBy: "code", Value: "each"}}}
}

// TestMapPlacesEveryRecord: every record is either a shape on the map,
// coloured by its term, or named in the note under it (no code, no shape
// at this scale); the note of the boundary source closes the notes.
func TestMapPlacesEveryRecord(t *testing.T) {
	tab := &aggregate.Table{Of: aggregate.Records, GroupBy: "code", Rows: []aggregate.Row{
		record("MX", "Mexico", "genocide", "Chamber", "2011-12", "s1"),
		record("CZ", "Czech Republic", "crime-against-humanity", "Committee", "2013-02-07", "s2"),
		record("PK", "Pakistan", "genocide", "Senate committee", "2012-02-01", "s1"),
		record("GB-SCT", "Scotland", "massacre", "Parliament", "2017-02-22", "s3"),
		record("", "Organisation of Islamic Cooperation", "genocide", "Council", "2012-11-20", "s4"),
		record("", "Organisation of Islamic Cooperation", "genocidal-act", "Summit", "2013-02", "s4"),
	}}
	c, err := Build(mapSpec(), []*aggregate.Table{tab}, labeler(t))
	if err != nil {
		t.Fatal(err)
	}
	if c.Map != "world" {
		t.Errorf("map %q, want world", c.Map)
	}
	series := c.Option["series"].([]any)[0].(map[string]any)
	if series["type"] != "map" || series["map"] != "world" {
		t.Errorf("series %v", series)
	}
	var names []string
	var values []int
	for _, d := range series["data"].([]any) {
		names = append(names, d.(map[string]any)["name"].(string))
		values = append(values, d.(map[string]any)["value"].(int))
	}
	// By name; the key of each is its term's place in the legend.
	if want := []string{"CZ", "MX", "PK"}; !reflect.DeepEqual(names, want) {
		t.Errorf("shapes %v, want %v", names, want)
	}
	if want := []int{1, 0, 0}; !reflect.DeepEqual(values, want) {
		t.Errorf("keys %v, want %v", values, want)
	}
	var keys []string
	for _, k := range c.Keys {
		keys = append(keys, k.Words)
	}
	if want := []string{"genocide", "crime-against-humanity", "no record listed"}; !reflect.DeepEqual(keys, want) {
		t.Errorf("legend %v, want %v", keys, want)
	}
	if c.Keys[0].Pattern == c.Keys[1].Pattern {
		t.Error("two keys share a pattern: colour alone tells them apart")
	}
	wantNotes := []string{
		"3 records are not on this map: Scotland (GB-SCT: no shape at this scale); Organisation of Islamic Cooperation (no code).",
		"Boundaries: Natural Earth 1:110m (world-atlas 2.0.2), shown only to locate jurisdictions.",
	}
	if !reflect.DeepEqual(c.Notes, wantNotes) {
		t.Errorf("notes\n%q\nwant\n%q", c.Notes, wantNotes)
	}
	if got, want := c.Behaviour.Tooltips[0][1], "Mexico (MX)\ngenocide, Chamber, December 2011\nSource: s1"; got != want {
		t.Errorf("tooltip %q, want %q", got, want)
	}
	if len(c.Text) != 3 || c.Text[0].Label != "Czech Republic" || c.Text[0].Figure != "crime-against-humanity, Committee, 7 February 2013" {
		t.Errorf("figures as text %+v", c.Text)
	}
	// Downloads keep every record, on the map or not.
	if len(c.Data) != 6 {
		t.Errorf("%d data rows, want 6", len(c.Data))
	}
}

// TestMapOfUSStates: codes that are all US states' draw the US map,
// projected, with no stretch; one record is said in the singular.
func TestMapOfUSStates(t *testing.T) {
	tab := &aggregate.Table{Of: aggregate.Records, GroupBy: "code", Rows: []aggregate.Row{
		record("US-TX", "Texas", "", "House", "2011", "s1"),
		record("US-HI", "Hawaii", "", "", "", "s2"),
		record("US-XX", "Nowhere", "", "", "", "s2"),
	}}
	c, err := Build(mapSpec(), []*aggregate.Table{tab}, labeler(t))
	if err != nil {
		t.Fatal(err)
	}
	series := c.Option["series"].([]any)[0].(map[string]any)
	if c.Map != "us-states" || series["aspectScale"] != 1 {
		t.Errorf("map %q, aspect %v", c.Map, series["aspectScale"])
	}
	if !strings.HasPrefix(c.Notes[0], "1 record is not on this map: Nowhere (US-XX: no shape at this scale).") {
		t.Errorf("notes %q", c.Notes)
	}
	if c.Keys[0].Words != "not recorded" {
		t.Errorf("a record with no term is keyed %q", c.Keys[0].Words)
	}
}

// TestMapRows: a map needs each record, grouped by code.
func TestMapRows(t *testing.T) {
	want := []Problem{{"type", "chart-error", `chart "m": a map places each recognition by its code: use dataset: recognitions, group_by: code, value: each`}}
	for _, tab := range []*aggregate.Table{
		{Of: aggregate.Counts, GroupBy: "code", Rows: []aggregate.Row{record("MX", "", "", "", "", "s")}},
		{Of: aggregate.Records, GroupBy: "jurisdiction", Rows: []aggregate.Row{record("Mexico", "Mexico", "", "", "", "s")}},
	} {
		if got := CheckRows(mapSpec(), []*aggregate.Table{tab}); !reflect.DeepEqual(got, want) {
			t.Errorf("CheckRows = %v, want %v", got, want)
		}
	}
	if got := CheckRows(mapSpec(), []*aggregate.Table{{Of: aggregate.Records, GroupBy: "code", Rows: []aggregate.Row{record("MX", "Mexico", "", "", "", "s")}}}); len(got) != 0 {
		t.Errorf("CheckRows of a good table = %v", got)
	}
}

// TestMapStaysSmall: however many records a map has, the note under it
// names at most offNamed of those it cannot show and counts the rest, and
// a place's tooltip and line of text name at most placeRecordsNamed of its
// records and count the rest; every record is still counted.
func TestMapStaysSmall(t *testing.T) {
	tab := &aggregate.Table{Of: aggregate.Records, GroupBy: "code"}
	for i := range 1000 {
		tab.Rows = append(tab.Rows, record("", fmt.Sprintf("Body %04d", i), "genocide", "Council", "2012", "s1"))
	}
	for i := range 25 {
		tab.Rows = append(tab.Rows, record("MX", "Mexico", "genocide", fmt.Sprintf("Chamber %02d", i), "2011-12", "s1"))
	}
	c, err := Build(mapSpec(), []*aggregate.Table{tab}, labeler(t))
	if err != nil {
		t.Fatal(err)
	}
	note := c.Notes[0]
	if !strings.HasPrefix(note, "1,000 records are not on this map: Body 0000 (no code); ") ||
		!strings.HasSuffix(note, "Body 0019 (no code); 980 more.") || strings.Contains(note, "Body 0020") {
		t.Errorf("note %q, want 1,000 records counted, the first 20 named and 980 more", note)
	}
	tip := c.Behaviour.Tooltips[0][0]
	if !strings.Contains(tip, "Chamber 09") || strings.Contains(tip, "Chamber 10") || !strings.HasSuffix(tip, "\n15 more") {
		t.Errorf("tooltip %q, want the first 10 records and 15 more", tip)
	}
	if fig := c.Text[0].Figure; strings.Contains(fig, "Chamber 10") || !strings.HasSuffix(fig, " · 15 more") {
		t.Errorf("text %q, want the first 10 records and 15 more", fig)
	}
}
