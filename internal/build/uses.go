package build

import (
	"slices"

	"github.com/dashgen/dashgen/internal/aggregate"
	"github.com/dashgen/dashgen/internal/dataset"
	"github.com/dashgen/dashgen/internal/format"
	"github.com/dashgen/dashgen/internal/site"
)

// chartShown is a chart of a dashboard with the tables of its queries:
// the figures and records it shows.
type chartShown struct {
	link   site.ChartLink
	tables []*aggregate.Table
}

// sourceUses says, for each source, what it is cited for in the words of
// lab: the figures, recognitions and populations that cite it, in file
// order, each with the charts that show it. A chart shows a figure when
// one of its rows is that figure (aggregate.Row.Figure), a recognition
// when its query counts that record (aggregate.Table.Records). Past the
// first usesListed uses of a source, it only counts them (unlisted).
func sourceUses(data *dataset.Data, lab *Words, shown []chartShown) (map[string][]site.SourceUse, map[string]int) {
	loc := lab.Locale()
	byFigure, byRecord := map[string][]site.ChartLink{}, map[string][]site.ChartLink{}
	add := func(m map[string][]site.ChartLink, id string, l site.ChartLink) {
		if n := len(m[id]); n == 0 || m[id][n-1] != l {
			m[id] = append(m[id], l)
		}
	}
	for _, s := range shown {
		for _, t := range s.tables {
			for _, r := range t.Rows {
				if r.Figure != "" {
					add(byFigure, r.Figure, s.link)
				}
			}
			for _, id := range t.Records {
				add(byRecord, id, s.link)
			}
		}
	}
	phrase := func(q string) string { return lab.Label("qualifier", q) }
	out, unlisted := map[string][]site.SourceUse{}, map[string]int{}
	// listed: one of ids still has room for a use on the page, so the use
	// is worth putting in words.
	listed := func(ids []string) bool {
		for _, id := range ids {
			if len(out[id]) < usesListed {
				return true
			}
		}
		return false
	}
	cite := func(ids []string, u *site.SourceUse) {
		for i, id := range ids {
			if slices.Contains(ids[:i], id) {
				continue
			}
			if u == nil || len(out[id]) >= usesListed {
				unlisted[id]++
				continue
			}
			out[id] = append(out[id], *u)
		}
	}
	for _, f := range data.Figures {
		if !listed(f.Sources) {
			cite(f.Sources, nil)
			continue
		}
		text := lab.Label("measure", f.Measure) + ", " + lab.Label("group", f.Group) + ": " +
			format.Figure(loc, f.Value, f.Min, f.Max, f.Qualifier, phrase)
		if f.AsOf != "" {
			text += " (" + loc.Date(f.AsOf) + ")"
		}
		if f.AttributedTo != "" {
			text += " · " + lab.Label("attributed_to", f.AttributedTo)
		}
		u := site.SourceUse{ID: f.ID, Text: text, Charts: byFigure[f.ID]}
		switch n := lab.StatedBy(f.ID); {
		case n == 1:
			u.StatedBy = loc.T("stated_by_one")
		case n > 1:
			u.StatedBy = loc.T("stated_by_many", loc.Int(int64(n)))
		}
		cite(f.Sources, &u)
	}
	for _, r := range data.Recognitions {
		if !listed(r.Sources) {
			cite(r.Sources, nil)
			continue
		}
		text := r.Jurisdiction
		if r.Body != "" {
			text += ", " + r.Body
		}
		if r.Date != "" {
			text += " (" + loc.Date(r.Date) + ")"
		}
		cite(r.Sources, &site.SourceUse{ID: r.ID, Text: text, Charts: byRecord[r.ID]})
	}
	for _, e := range data.Events {
		if e.Population == nil {
			continue
		}
		text := e.Name + ": " + lab.Label("measure", "population") + " " + loc.Int(*e.Population)
		cite(e.PopulationSource, &site.SourceUse{ID: e.ID, Text: text})
	}
	return out, unlisted
}

// usesListed is how many uses of a source the sources page lists: enough
// for a reader to see what a source is cited for, few enough that a
// source cited by every row of a large project keeps the page small.
const usesListed = 20

// chartLink is the link to a chart, from the sources page or the
// What-changed page: its place on its dashboard, and its embed page.
func chartLink(dashboard, chart, title string) site.ChartLink {
	return site.ChartLink{Title: title, Href: dashboard + ".html#chart-" + chart, Embed: "embed/" + chart + ".html"}
}
