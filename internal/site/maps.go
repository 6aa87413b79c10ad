package site

import (
	"encoding/base64"
	"fmt"
	"html/template"
	"strings"
	"sync"

	_ "embed"

	"github.com/dashgen/dashgen/charts"
	"github.com/dashgen/dashgen/internal/geo"
)

// The pages that draw a map carry ECharts with the map series and the geo
// component (echarts-map.min.js, built beside echarts.min.js by
// update-echarts.sh) and the shapes of their maps; the other pages carry
// neither.
var (
	//go:embed assets/echarts-map.min.js
	echartsMapJS string
	//go:embed assets/echarts-map.min.js.gz
	echartsMapGzip []byte
)

var echartsMapGzipBase64 = sync.OnceValue(func() string { return base64.StdEncoding.EncodeToString(echartsMapGzip) })

// mapsOf are the names of the maps charts draw, in order, once each.
func mapsOf(cs ...*charts.Chart) []string {
	var out []string
	for _, c := range cs {
		if c.Map != "" && !contains(out, c.Map) {
			out = append(out, c.Map)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

// mapBlocks are the data blocks of the shapes of the maps a page draws:
// GeoJSON, gzip-compressed then base64-encoded, which page.js unpacks and
// gives ECharts before it draws. They are data, never run. In shared mode
// the shapes are a shared script instead (mapAsset), which a host caches.
func mapBlocks(names []string, shared bool, root string, code *inline) []template.HTML {
	var out []template.HTML
	for _, m := range geo.Maps() {
		if !contains(names, m.Name) {
			continue
		}
		if shared {
			a := mapAsset(m)
			out = append(out, code.external(root+a.path, a.content))
			continue
		}
		out = append(out, template.HTML(`<script type="application/octet-stream" id="dashgen-map-`+m.Name+`" data-map="`+m.Name+`">`+mapBase64(m)+`</script>`))
	}
	return out
}

// mapAsset is the shared script of a map's shapes: it only puts their
// base64 text where page.js finds it (window.dashgenMaps), by the map's name.
func mapAsset(m *geo.Map) asset {
	js := `(window.dashgenMaps = window.dashgenMaps || {})["` + m.Name + `"] = "` + mapBase64(m) + "\";\n"
	return asset{"assets/map-" + m.Name + "-" + shortHash(js) + ".js", js}
}

// mapAssets are the shared scripts of every map's shapes, for the shared
// assets folder.
func mapAssets() []asset {
	var out []asset
	for _, m := range geo.Maps() {
		out = append(out, mapAsset(m))
	}
	return out
}

var mapB64 sync.Map

func mapBase64(m *geo.Map) string {
	if s, ok := mapB64.Load(m.Name); ok {
		return s.(string)
	}
	s := base64.StdEncoding.EncodeToString(m.Gzip())
	mapB64.Store(m.Name, s)
	return s
}

// mapLegend is a map's legend: a swatch of each key's colour and pattern,
// and its words.
func mapLegend(c *charts.Chart) []legendItem {
	var out []legendItem
	for _, k := range c.Keys {
		out = append(out, legendItem{Swatch: keySwatch(k), Words: k.Words})
	}
	return out
}

// keySwatch draws a map key small: its colour, and its pattern as the map
// lays it (dots, checks, triangles, squares, diamonds), from the key's
// fields only, never from data, with no style attribute.
func keySwatch(k charts.Key) template.HTML {
	var b strings.Builder
	b.WriteString(`<svg class="swatch" width="30" height="14" viewBox="0 0 30 14" aria-hidden="true" focusable="false">`)
	fmt.Fprintf(&b, `<rect x="1" y="1" width="20" height="12" fill="%s" stroke="#7a7a7a" stroke-width="0.5"/>`, k.Colour)
	const ink = `fill="rgba(0,0,0,0.35)"`
	for row, y := 0, 4.0; y < 13; row, y = row+1, y+4 {
		for x := 4.0 + float64(row%2)*3; x < 20; x += 6 {
			switch k.Pattern {
			case 1:
				fmt.Fprintf(&b, `<circle cx="%g" cy="%g" r="1.4" %s/>`, x, y, ink)
			case 2:
				fmt.Fprintf(&b, `<rect x="%g" y="%g" width="3" height="3" %s/>`, x-1.5, y-1.5, ink)
			case 3:
				fmt.Fprintf(&b, `<path d="M%g %g L%g %g L%g %g Z" %s/>`, x, y-1.6, x+1.6, y+1.4, x-1.6, y+1.4, ink)
			case 4:
				fmt.Fprintf(&b, `<rect x="%g" y="%g" width="2.4" height="2.4" %s/>`, x-1.2, y-1.2, ink)
			case 5:
				fmt.Fprintf(&b, `<path d="M%g %g L%g %g L%g %g L%g %g Z" %s/>`, x, y-1.8, x+1.5, y, x, y+1.8, x-1.5, y, ink)
			}
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
