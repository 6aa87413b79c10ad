package charts

import (
	"slices"
	"strings"

	"github.com/dashgen/dashgen/internal/aggregate"
	"github.com/dashgen/dashgen/internal/config"
	"github.com/dashgen/dashgen/internal/format"
	"github.com/dashgen/dashgen/internal/geo"
)

// Key is one entry of a map's legend: what a colour and pattern mean.
type Key struct {
	// Words are what the shapes of this colour have in common (a term).
	Words string
	// Colour fills the shapes; Pattern (an index of MapPatterns, 0 for
	// none) is laid over them, so no entry rests on hue alone.
	Colour  string
	Pattern int
}

// MapPatterns are the decal patterns laid over a map's shapes, by a key's
// Pattern: none, dots, checks, triangles, squares, diamonds. Diagonal
// lines mean "about" wherever marks are styled, so no map uses them.
var MapPatterns = []map[string]any{
	nil,
	{"symbol": "circle", "dashArrayX": []any{[]int{8, 8}, []int{0, 8, 8, 0}}, "dashArrayY": []int{6, 0}, "symbolSize": 0.8},
	{"dashArrayX": []any{[]int{6, 6}, []int{0, 6, 6, 0}}, "dashArrayY": []int{6, 0}},
	{"symbol": "triangle", "dashArrayX": []any{[]int{10, 10}, []int{0, 10, 10, 0}}, "dashArrayY": []int{8, 0}, "symbolSize": 0.7},
	{"symbol": "rect", "dashArrayX": []int{5, 5}, "dashArrayY": []int{5, 5}, "symbolSize": 0.6},
	{"symbol": "diamond", "dashArrayX": []any{[]int{10, 10}, []int{0, 10, 10, 0}}, "dashArrayY": []int{8, 0}, "symbolSize": 0.8},
}

// MapNone is the colour of the shapes no record is about.
const MapNone = "#d9d9d9"

// mapRows are a map's rules: it places each record by its code.
func mapRows(tables []*aggregate.Table) []string {
	t := tables[0]
	if t.Of != aggregate.Records || t.GroupBy != "code" {
		return []string{"a map places each recognition by its code: use dataset: recognitions, group_by: code, value: each"}
	}
	return nil
}

// A map names at most offNamed of the records it cannot show in the note
// under it, and at most placeRecordsNamed records of one place in its
// tooltip and its line of "Figures as text"; the others it counts, so that
// the page stays small whatever the data size (the data download has
// every record).
const (
	offNamed          = 20
	placeRecordsNamed = 10
)

// place is one jurisdiction on a map: its records' rows.
type place struct {
	code, name string
	rows       []labelledRow
}

// mapChart is a choropleth: every shape whose code a record names, filled
// with the colour and pattern of the record's value in the chart's first
// column (its term, level or status), with the rest of the columns in its
// tooltip. The map is the US states' when every code is a US state's, the
// world's otherwise. What the map cannot show is said under it, record by
// record: records without a code, and codes with no shape at the map's
// scale.
func (c *Chart) mapChart(spec config.Chart, tables []*table, lab Words, phrase format.Phrases) error {
	loc := lab.Locale()
	t := tables[0] // one query: see Kind.OneQuery
	var codes []string
	for _, r := range t.Rows {
		if r.Key != "" {
			codes = append(codes, r.Key)
		}
	}
	m := geo.For(codes)
	c.Map = m.Name
	var places []*place
	byCode := map[string]*place{}
	var off []string // the records not on the map, in words, each once
	offSeen := map[string]bool{}
	offCount := 0
	for _, r := range t.Rows {
		var words string
		switch {
		case r.Key == "":
			words = loc.T("map_no_code", r.Label)
		case !m.Has(r.Key):
			words = loc.T("map_no_shape", r.Label, r.Key)
		default:
			p := byCode[r.Key]
			if p == nil {
				p = &place{code: r.Key, name: r.Label}
				byCode[r.Key] = p
				places = append(places, p)
			}
			p.rows = append(p.rows, r)
			continue
		}
		offCount++
		if !offSeen[words] {
			offSeen[words] = true
			off = append(off, words)
		}
	}
	// A place's key is its records' values in the first column, in words.
	first := spec.Columns[0]
	keyOf := func(p *place) string {
		var words []string
		for _, r := range p.rows {
			addOnce(&words, cellOf(r.Row, 0, first, lab).Text)
		}
		return strings.Join(words, loc.T("list_separator"))
	}
	var keys []string
	for _, p := range places {
		addOnce(&keys, keyOf(p))
	}
	slices.SortStableFunc(places, func(a, b *place) int { return strings.Compare(a.name, b.name) })
	data := make([]any, len(places))
	tips := make([]string, len(places))
	for i, p := range places {
		k := slices.Index(keys, keyOf(p))
		style := map[string]any{"areaColor": Palette[k%len(Palette)]}
		if pat := MapPatterns[k%len(MapPatterns)]; pat != nil {
			decal := map[string]any{"color": "rgba(0, 0, 0, 0.28)"}
			for name, v := range pat {
				decal[name] = v
			}
			style["decal"] = decal
		}
		data[i] = map[string]any{"name": p.code, "value": k, "itemStyle": style}
		tips[i] = placeTip(p, spec.Columns, lab)
		var sources []string
		var facts []string
		for j, r := range p.rows {
			if j < placeRecordsNamed {
				facts = append(facts, recordWords(r, spec.Columns, lab))
			}
			for _, s := range r.Sources {
				addOnce(&sources, s)
			}
		}
		if n := len(p.rows) - placeRecordsNamed; n > 0 {
			facts = append(facts, loc.T("and_more", loc.Int(int64(n))))
		}
		c.Text = append(c.Text, TextRow{Label: p.name, Figure: strings.Join(facts, " · "), Sources: sources})
	}
	for k, words := range keys {
		c.Keys = append(c.Keys, Key{Words: words, Colour: Palette[k%len(Palette)], Pattern: k % len(MapPatterns)})
	}
	c.Keys = append(c.Keys, Key{Words: loc.T("map_key_none"), Colour: MapNone})
	series := map[string]any{
		"type": "map", "map": m.Name, "roam": false, "selectedMode": false,
		"label":     map[string]any{"show": false},
		"itemStyle": map[string]any{"areaColor": MapNone, "borderColor": "#7a7a7a", "borderWidth": 0.5},
		"emphasis":  map[string]any{"label": map[string]any{"show": false}, "itemStyle": map[string]any{"borderColor": "#000", "borderWidth": 1.5}},
		"data":      data,
		// Centred; the page sizes it to the drawing (Behaviour.Aspect).
		"layoutCenter": []string{"50%", "50%"},
	}
	if m.Projected {
		// Projected coordinates (AlbersUSA, insets placed) drawn as they
		// are: y was turned upwards by update-geo.sh, and no stretch.
		series["aspectScale"] = 1
	}
	c.Option = map[string]any{
		"animation": false,
		"tooltip":   map[string]any{"show": true, "trigger": "item"},
		"series":    []any{series},
	}
	c.Behaviour = &Behaviour{Labels: [][]string{make([]string, len(places))}, Tooltips: [][]string{tips}, Aspect: m.Aspect()}
	c.Height = 420
	if offCount > 0 {
		key := "map_off_many"
		if offCount == 1 {
			key = "map_off_one"
		}
		c.Notes = append(c.Notes, loc.T(key, loc.Int(int64(offCount)), firstOf(off, offNamed, loc.T("list_separator"), loc)))
	}
	c.Notes = append(c.Notes, loc.T("map_boundaries", m.Source()))
	return nil
}

// recordWords are a record's cells in the chart's columns, in words: "Genocide,
// Senate, April 2012, reported".
func recordWords(r labelledRow, columns []string, lab Words) string {
	var parts []string
	for i, col := range columns {
		if col == "source" || col == "jurisdiction" || col == "code" {
			continue
		}
		if s := cellOf(r.Row, i, col, lab).Text; s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ", ")
}

// placeTip is everything known about a place's records, one fact per line.
func placeTip(p *place, columns []string, lab Words) string {
	loc := lab.Locale()
	lines := []string{p.name + " (" + p.code + ")"}
	for j, r := range p.rows {
		if j == placeRecordsNamed {
			lines = append(lines, loc.T("and_more", loc.Int(int64(len(p.rows)-j))))
			break
		}
		lines = append(lines, recordWords(r, columns, lab))
		names := make([]string, len(r.Sources))
		for i, s := range r.Sources {
			names[i] = lab.Label("source", s)
		}
		lines = append(lines, loc.T("source_colon", strings.Join(names, loc.T("list_separator"))))
	}
	return strings.Join(lines, "\n")
}

func addOnce(list *[]string, s string) {
	if !slices.Contains(*list, s) {
		*list = append(*list, s)
	}
}
