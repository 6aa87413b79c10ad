package site

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"strconv"
	"strings"

	"github.com/dashgen/dashgen/charts"
	"github.com/dashgen/dashgen/internal/dataset"
)

// asset is a file of the shared assets folder.
type asset struct{ path, content string }

// sharedAssets are the files pages load in shared mode: ECharts and the page
// script first (in the order pages load them), then ECharts' licence. The
// names carry the version or a content hash, so a host can cache them for
// ever and a new build never serves a stale script.
func sharedAssets() []asset {
	sum := sha256.Sum256([]byte(pageJS))
	return []asset{
		{"assets/echarts-" + EChartsVersion() + ".min.js", echartsJS},
		{"assets/page-" + hex.EncodeToString(sum[:5]) + ".js", pageJS},
		{"assets/ECHARTS-LICENSE", echartsLicense},
		{"assets/ECHARTS-NOTICE", echartsNotice},
	}
}

// actions are what a reader can take away from a dashboard chart.
type actions struct {
	Embed     string // the embed code, as text for the reader to copy
	DataHref  string // the chart's data as CSV
	ImageName string // file name of the PNG the page script makes; empty for cards and tables
}

// embedHeight is the iframe's height before the host script sets the real
// one (or for ever, on a page without the script): the drawing plus room for
// the title, notes and sources at a common column width.
func embedHeight(c *charts.Chart) int {
	switch {
	case c.Table != nil:
		return min(640, 180+44*len(c.Table.Rows))
	case len(c.Cards) > 0:
		return 200 + 130*((len(c.Cards)+1)/2)
	}
	return c.Height + 230
}

// embedCode is the HTML a site owner pastes to show chart c: an iframe
// that fills the column, and our host script, which sets its height from
// the page's messages. Paths are absolute under base, or relative to the
// dashboard page when no base is known.
func embedCode(base string, c *charts.Chart) string {
	return fmt.Sprintf(`<iframe src="%sembed/%s.html" title="%s" data-dashgen-embed width="100%%" height="%d" style="border:0;width:100%%" loading="lazy"></iframe>`+"\n"+
		`<script src="%sembed/embed.js" async></script>`,
		html.EscapeString(base), c.ID, html.EscapeString(c.Title), embedHeight(c), html.EscapeString(base))
}

type embedBody struct {
	Chart     chartView
	Dashboard Dashboard
	Site      string
}

// embed renders the page of one chart alone, for an iframe on another
// site: no navigation, links open in a new tab, the way back to the
// dashboard at the bottom.
func (r *renderer) embed(d Dashboard, c *charts.Chart) ([]byte, error) {
	v, err := r.view(c)
	if err != nil {
		return nil, err
	}
	v.Root, v.NewTab, v.Wide, v.Main = "../", true, true, true
	return r.page("", "embed/"+c.ID+".html", c.Title, "embed", embedBody{Chart: v, Dashboard: d, Site: r.in.Title}, c.Option != nil)
}

// dataFiles are the chart's table as CSV, with its sources, and as JSON
// with its ECharts option, for sites that draw charts themselves.
func dataFiles(c *charts.Chart, sources map[string]*dataset.Source, name func(string) string) (csvData, jsonData []byte, err error) {
	type sourceRef struct {
		ID    string `json:"id"`
		Name  string `json:"name"`
		Title string `json:"title"`
		URL   string `json:"url,omitempty"`
	}
	var refs []sourceRef
	for _, id := range c.Sources {
		ref := sourceRef{ID: id, Name: name(id)}
		if s := sources[id]; s != nil {
			ref.Title = s.Title
			if dataset.IsWebURL(s.URL) {
				ref.URL = s.URL
			}
		}
		refs = append(refs, ref)
	}
	names := func(ids []string) string {
		out := make([]string, len(ids))
		for i, id := range ids {
			out[i] = name(id)
		}
		return strings.Join(out, "; ")
	}
	urls := func(ids []string) string {
		var out []string
		for _, id := range ids {
			if s := sources[id]; s != nil && dataset.IsWebURL(s.URL) {
				out = append(out, s.URL)
			}
		}
		return strings.Join(out, " ")
	}

	var rows [][]string
	if c.Table != nil {
		rows = append(rows, append(append([]string{}, c.Table.Header...), "source_ids", "source_urls"))
		for _, row := range c.Table.Rows {
			var cells, ids []string
			for _, cell := range row {
				text := cell.Text
				if len(cell.Sources) > 0 {
					text = names(cell.Sources)
					ids = append(ids, cell.Sources...)
				}
				cells = append(cells, text)
			}
			rows = append(rows, append(cells, strings.Join(ids, ";"), urls(ids)))
		}
	} else {
		rows = append(rows, []string{"series", "item", "value", "qualifier", "min", "max", "unit", "as_shown",
			"share_percent", "share_of", "running_total", "wording", "figure_id", "source_ids", "sources", "source_urls"})
		for _, d := range c.Data {
			rows = append(rows, []string{d.Series, d.Item, count(d.Value), d.Qualifier, count(d.Min), count(d.Max), d.Unit, d.Stated,
				percent(d.Share), count(d.ShareOf), count(d.Total), d.Wording, d.Figure, strings.Join(d.Sources, ";"), names(d.Sources), urls(d.Sources)})
		}
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	for _, row := range rows {
		for i := range row {
			row[i] = inertCell(row[i])
		}
		if err := w.Write(row); err != nil {
			return nil, nil, err
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, nil, err
	}

	doc := struct {
		ID        string            `json:"id"`
		Title     string            `json:"title"`
		Type      string            `json:"type"`
		Notes     []string          `json:"notes,omitempty"`
		Rows      []charts.DataRow  `json:"rows,omitempty"`
		Table     *charts.Table     `json:"table,omitempty"`
		Sources   []sourceRef       `json:"sources"`
		Option    map[string]any    `json:"option,omitempty"`
		Behaviour *charts.Behaviour `json:"behaviour,omitempty"`
	}{c.ID, c.Title, c.Type, c.Notes, c.Data, c.Table, refs, c.Option, c.Behaviour}
	jsonData, err = json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, nil, err
	}
	return buf.Bytes(), append(jsonData, '\n'), nil
}

// inertCell keeps a spreadsheet from reading a text cell as a formula: a
// cell starting with = + - @ or a control character gets a leading
// apostrophe, the spreadsheets' own mark for "this is text". Numbers are
// written by count and percent and never start so.
func inertCell(s string) string {
	if s == "" {
		return s
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

func count(v *int64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatInt(*v, 10)
}

func percent(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', 1, 64)
}
