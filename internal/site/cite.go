package site

import (
	"github.com/dashgen/dashgen/charts"
	"github.com/dashgen/dashgen/internal/cite"
	"github.com/dashgen/dashgen/internal/dataset"
	"github.com/dashgen/dashgen/internal/i18n"
)

// citeView is one work's citation on a page: as text in the page's
// language, and as BibTeX and CSL-JSON to copy.
type citeView struct {
	Text, BibTeX, CSL string
	// Title names the work in the labels of the texts to copy.
	Title string
}

func (r *renderer) citeOf(w cite.Work, text string) (*citeView, error) {
	ws := []cite.Work{w}
	cite.Keys(ws)
	csl, err := cite.CSLJSON(ws)
	if err != nil {
		return nil, err
	}
	return &citeView{Text: text, BibTeX: string(cite.BibTeX(ws)), CSL: string(csl), Title: w.Title}, nil
}

// pageWork is the citation of a page of the site (a dashboard, or one of
// its charts at fragment): the project is its author, the release its
// version and date, the address absolute under BaseURL or else relative
// to the site's root, said so in words. The text reads "Project. Title.
// Version 1.0.0, 29 November 2026. Address."
func (r *renderer) pageWork(id, title, container, page string) (cite.Work, string) {
	w := cite.Work{ID: id, Type: "webpage", BibType: "misc", Title: title, Author: r.in.Title, Container: container,
		Issued: r.in.ReleaseDate, Version: r.in.Release}
	if container != "" {
		w.Type = "figure"
	}
	if r.in.Release != "" {
		w.ID += "-" + r.in.Release
	}
	address := r.in.Prefix + page
	if r.in.BaseURL != "" {
		address = r.in.BaseURL + address
		w.URL = address
	} else {
		address = r.loc.T("cite_relative", address)
		w.Note = address
	}
	text := r.in.Title + ". "
	if container != "" {
		text += r.loc.T("cite_chart", title, container) + ". "
	} else {
		text += title + ". "
	}
	if r.in.Release != "" {
		text += r.loc.T("cite_version", r.in.Release)
		if r.in.ReleaseDate != "" {
			text += ", " + r.loc.Date(r.in.ReleaseDate)
		}
		text += ". "
	}
	return w, text + address + "."
}

func (r *renderer) citeDashboard(d Dashboard) (*citeView, error) {
	w, text := r.pageWork(d.ID, d.Title, "", d.ID+".html")
	return r.citeOf(w, text)
}

func (r *renderer) citeChart(d Dashboard, c *charts.Chart) (*citeView, error) {
	w, text := r.pageWork(d.ID+"-"+c.ID, c.Title, d.Title, d.ID+".html#chart-"+c.ID)
	return r.citeOf(w, text)
}

// sourceWorks are the citations of every source, with unique keys from
// their ids.
func sourceWorks(sources []*dataset.Source) []cite.Work {
	ws := make([]cite.Work, len(sources))
	for i, s := range sources {
		ws[i] = cite.Source(s.ID, s.Title, s.Publisher, s.Kind, s.Published, s.URL, dataset.IsWebURL(s.URL), s.Accessed)
		if dataset.IsWebURL(s.ArchiveURL) {
			ws[i].ArchiveURL, ws[i].Archived = s.ArchiveURL, s.Archived
		}
	}
	cite.Keys(ws)
	return ws
}

// sourceFiles are sources.bib and sources.json: every source as BibTeX
// and as CSL-JSON, in the order of sources.csv.
func sourceFiles(sources []*dataset.Source) (bib, csl []byte, err error) {
	ws := sourceWorks(sources)
	csl, err = cite.CSLJSON(ws)
	return cite.BibTeX(ws), csl, err
}

// citeBlock is what the "cite" template shows: a citation in a language.
type citeBlock struct {
	Cite *citeView
	Loc  *i18n.Locale
}

func citeArgs(c *citeView, loc *i18n.Locale) citeBlock { return citeBlock{c, loc} }
