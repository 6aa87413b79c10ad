package site

import (
	"fmt"
	"html"

	"github.com/dashgen/dashgen/charts"
)

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
	// A legend of marks takes a line or two.
	legend := 0
	if len(c.Marks) > 0 {
		legend = 24 * ((len(c.Marks) + 2) / 3)
	}
	switch {
	case c.Table != nil:
		return min(640, 180+44*len(c.Table.Rows))
	case len(c.Cards) > 0:
		return 200 + 130*((len(c.Cards)+1)/2) + legend
	}
	return c.Height + 230 + legend
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
	// Release: see pageData.Release.
	Release string
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
	return r.page("", "embed/"+c.ID+".html", c.Title, "embed", embedBody{Chart: v, Dashboard: d, Site: r.in.Title, Release: r.release()}, c.Option != nil, mapsOf(c)...)
}
