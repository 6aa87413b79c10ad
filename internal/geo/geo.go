// Package geo holds the boundary data dashgen draws maps with and the ISO
// 3166 codes a recognition's jurisdiction is named by: world countries
// (Natural Earth 1:110m, from world-atlas) and US states (us-atlas 1:10m,
// projected with AlbersUSA), each shape named by its code, vendored by
// update-geo.sh from pinned npm packages. It is a leaf: dataset checks
// codes with it, charts and site draw with it.
package geo

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"embed"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"sync"
)

//go:embed data/world.json.gz data/us-states.json.gz data/codes.tsv.gz data/VERSIONS
var files embed.FS

// Map is one map dashgen can draw.
type Map struct {
	// Name is the map's name in a page (its data block, ECharts' map).
	Name string
	// Projected: the shapes' coordinates are already projected (x, y),
	// not longitude and latitude, so they are drawn with no stretch.
	Projected bool
	// Atlas names the boundary source for the note under the map.
	Atlas string
	// pkg is the npm package the shapes come from, file their file here.
	pkg, file string
	// codes are the codes of the map's shapes, sorted.
	codes []string
	// aspect is the shapes' width over their height, as drawn.
	aspect float64
}

// Aspect is the map's width over its height as drawn: a page gives the
// drawing the height that fits its width, so a narrow screen has no empty
// band above and below the map.
func (m *Map) Aspect() float64 {
	load()
	return m.aspect
}

var maps = []*Map{
	{Name: "world", Atlas: "Natural Earth 1:110m (world-atlas %s)", pkg: "world-atlas", file: "data/world.json.gz"},
	{Name: "us-states", Projected: true, Atlas: "US Census Bureau 1:10m (us-atlas %s)", pkg: "us-atlas", file: "data/us-states.json.gz"},
}

// Maps are the maps, world first.
func Maps() []*Map {
	load()
	return maps
}

// Gzip is the map's GeoJSON, gzip-compressed, as pages carry it.
func (m *Map) Gzip() []byte {
	b, err := files.ReadFile(m.file)
	if err != nil {
		panic("geo: " + err.Error())
	}
	return b
}

// Has says whether the map has a shape for code.
func (m *Map) Has(code string) bool {
	load()
	_, ok := slices.BinarySearch(m.codes, code)
	return ok
}

// Source is the boundary source, for the note under the map: its atlas and
// the atlas package's version.
func (m *Map) Source() string {
	load()
	return fmt.Sprintf(m.Atlas, versions[m.pkg])
}

// For is the map that draws codes: the US states' when every code is a
// US state's, the world's otherwise.
func For(codes []string) *Map {
	load()
	us := len(codes) > 0
	for _, c := range codes {
		us = us && strings.HasPrefix(c, "US-")
	}
	if us {
		return maps[1]
	}
	return maps[0]
}

// Name is the ISO 3166 name of a code (alpha-2 or 3166-2); false when
// ISO 3166 has no such code.
func Name(code string) (string, bool) {
	load()
	n, ok := names[code]
	return n, ok
}

// Suggest is the code whose ISO 3166 name is closest to name (a
// jurisdiction as the data writes it), or "" when none is close: the "did
// you mean" of a code that names no jurisdiction.
func Suggest(name string) string {
	load()
	key := fold(name)
	if c, ok := byName[key]; ok {
		return c[0]
	}
	limit := len(key)/3 + 1 // a distance of limit or more is no typo
	best, bestD := "", limit
	for n, cs := range byName {
		c := cs[0]
		if d := distance(key, n, bestD+1); d < bestD || d == bestD && best != "" && c < best {
			best, bestD = c, d
		}
	}
	return best
}

// Named are the codes ISO 3166 gives exactly the name name (compared
// without case, spaces or punctuation), in code order: Georgia is GE and
// US-GA.
func Named(name string) []string {
	load()
	return byName[fold(name)]
}

var (
	names    map[string]string   // code → name
	byName   map[string][]string // folded name → codes, in code order
	versions map[string]string   // package → version
	loadOnce sync.Once
)

func load() {
	loadOnce.Do(func() {
		names, byName, versions = map[string]string{}, map[string][]string{}, map[string]string{}
		// ISO 3166's list, kept compressed as the boundaries are: it names
		// every country and subdivision of the world, which dashgen vendors
		// as the standard gives them (update-geo.sh), not as its own words.
		sc := bufio.NewScanner(bytes.NewReader(gunzip(files.ReadFile("data/codes.tsv.gz"))))
		for sc.Scan() {
			code, name, ok := strings.Cut(sc.Text(), "\t")
			if !ok {
				continue
			}
			names[code] = name
			byName[fold(name)] = append(byName[fold(name)], code)
		}
		v, _ := files.ReadFile("data/VERSIONS")
		for _, line := range strings.Split(strings.TrimSpace(string(v)), "\n") {
			if p, ver, ok := strings.Cut(line, " "); ok {
				versions[p] = ver
			}
		}
		for _, m := range maps {
			m.codes, m.aspect = shapeCodes(m.Gzip())
			if !m.Projected {
				// ECharts draws longitude and latitude with a width of
				// 0.75 (its default aspectScale).
				m.aspect *= 0.75
			}
		}
	})
}

// shapeCodes are the names of a GeoJSON's features, sorted, and the
// width of its shapes over their height.
func shapeCodes(gz []byte) ([]string, float64) {
	raw := gunzip(gz, nil)
	var fc struct {
		Features []struct {
			Properties struct{ Name string } `json:"properties"`
			Geometry   struct {
				Coordinates any `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal(raw, &fc); err != nil {
		panic("geo: " + err.Error())
	}
	var out []string
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	var walk func(v any)
	walk = func(v any) {
		list, _ := v.([]any)
		if len(list) == 2 {
			if x, ok := list[0].(float64); ok {
				y, _ := list[1].(float64)
				minX, maxX, minY, maxY = min(minX, x), max(maxX, x), min(minY, y), max(maxY, y)
				return
			}
		}
		for _, e := range list {
			walk(e)
		}
	}
	for _, f := range fc.Features {
		out = append(out, f.Properties.Name)
		walk(f.Geometry.Coordinates)
	}
	slices.Sort(out)
	return out, (maxX - minX) / (maxY - minY)
}

// fold is a name compared loosely: lower case, letters and digits only.
func fold(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127 {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// distance is the edit distance of a and b, or max when it is at least max.
func distance(a, b string, max int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d >= max || -d >= max {
		return max
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		low := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			low = min(low, cur[j])
		}
		if low >= max {
			return max
		}
		prev, cur = cur, prev
	}
	return min(prev[len(rb)], max)
}

// gunzip is the content of an embedded gzip file: its reading cannot
// fail but for a broken build, so a failure panics.
func gunzip(gz []byte, err error) []byte {
	if err != nil {
		panic("geo: " + err.Error())
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		panic("geo: " + err.Error())
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		panic("geo: " + err.Error())
	}
	return raw
}
