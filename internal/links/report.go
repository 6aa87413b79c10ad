package links

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Summary counts a report's links by outcome.
type Summary struct {
	Sources    int `json:"sources"`
	Links      int `json:"links"`
	OK         int `json:"ok"`
	Redirected int `json:"redirected"`
	Dead       int `json:"dead"`
	NotWeb     int `json:"not_web"`
	// NoAddress counts the sources with neither url nor archive_url.
	NoAddress int `json:"no_address"`
	// Archived counts the dead live links whose archived copy works.
	Archived int `json:"dead_with_archived_copy"`
	// Broken are the ids of the sources none of whose addresses works.
	Broken []string `json:"broken"`
}

// Summary counts the report's links.
func (r *Report) Summary() Summary {
	s := Summary{Sources: len(r.Sources), Broken: []string{}}
	for _, src := range r.Sources {
		if len(src.Links) == 0 {
			s.NoAddress++
		}
		for _, l := range src.Links {
			s.Links++
			switch {
			case l.State == OK:
				s.OK++
			case l.State == Redirected:
				s.Redirected++
			case l.State == NotWeb:
				s.NotWeb++
			default:
				s.Dead++
			}
		}
		if live, archived := src.link(KindURL), src.link(KindArchive); live != nil && live.Dead() && archived != nil && archived.Works() {
			s.Archived++
		}
		if src.Broken() {
			s.Broken = append(s.Broken, src.ID)
		}
	}
	return s
}

// Fine says whether every source that was fetched has an address that
// works.
func (s Summary) Fine() bool { return len(s.Broken) == 0 }

// Line is the summary in one line: "27 sources, 30 links: 24 ok, 3
// redirected, 2 dead (1 with a working archived copy), 1 not a web
// address; 2 sources have no address".
func (s Summary) Line() string {
	parts := []string{fmt.Sprintf("%d ok", s.OK), fmt.Sprintf("%d redirected", s.Redirected)}
	dead := fmt.Sprintf("%d dead", s.Dead)
	if s.Archived > 0 {
		dead += fmt.Sprintf(" (%d with a working archived copy)", s.Archived)
	}
	parts = append(parts, dead)
	if s.NotWeb > 0 {
		parts = append(parts, plural(s.NotWeb, "not a web address", "not web addresses"))
	}
	line := fmt.Sprintf("%s, %s: %s", plural(s.Sources, "source", "sources"), plural(s.Links, "link", "links"), strings.Join(parts, ", "))
	if s.NoAddress > 0 {
		line += "; " + plural(s.NoAddress, "source has no address", "sources have no address")
	}
	return line
}

// plural is "1 source" or "2 sources".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// WriteText writes the report for people: each source with an address,
// one line per address, then the summary line.
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	for _, src := range r.Sources {
		if len(src.Links) == 0 {
			continue
		}
		fmt.Fprintf(&b, "%s (%s:%d)\n", src.ID, src.File, src.Line)
		for _, l := range src.Links {
			fmt.Fprintf(&b, "  %s %s: %s%s\n", l.Kind, l.URL, l.Message(), copyNote(src, l))
		}
	}
	b.WriteString(r.Summary().Line() + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// copyNote says, after a dead live link, what became of its archived copy.
func copyNote(src *Source, l *Link) string {
	if l.Kind != KindURL || !l.Dead() {
		return ""
	}
	archived := src.link(KindArchive)
	switch {
	case archived == nil:
		return "; no archived copy"
	case archived.Works():
		return "; the archived copy works"
	case archived.State == NotWeb:
		return "; the archived copy is not a web address"
	}
	return "; the archived copy is dead too"
}

// The JSON report: stable names for other programs (README, "dashgen
// links").
type jsonReport struct {
	OK      bool         `json:"ok"`
	Sources []jsonSource `json:"sources"`
	Summary Summary      `json:"summary"`
}

type jsonSource struct {
	ID     string     `json:"id"`
	File   string     `json:"file"`
	Line   int        `json:"line"`
	Broken bool       `json:"broken"`
	Links  []jsonLink `json:"links"`
}

type jsonLink struct {
	Kind      string `json:"kind"`
	URL       string `json:"url"`
	State     State  `json:"state"`
	Status    int    `json:"status,omitempty"`
	Redirects []int  `json:"redirects,omitempty"`
	FinalURL  string `json:"final_url,omitempty"`
	Error     string `json:"error,omitempty"`
	Message   string `json:"message"`
}

// WriteJSON writes the report as one JSON document.
func (r *Report) WriteJSON(w io.Writer) error {
	sum := r.Summary()
	doc := jsonReport{OK: sum.Fine(), Sources: []jsonSource{}, Summary: sum}
	for _, src := range r.Sources {
		js := jsonSource{ID: src.ID, File: src.File, Line: src.Line, Broken: src.Broken(), Links: []jsonLink{}}
		for _, l := range src.Links {
			jl := jsonLink{Kind: l.Kind, URL: l.URL, State: l.State, Status: l.Status, Redirects: l.Chain, FinalURL: l.Final, Message: l.Message() + copyNote(src, l)}
			if l.Dead() {
				jl.Error = l.Reason
				if jl.Error == "" {
					jl.Error = l.Message()
				}
			}
			js.Links = append(js.Links, jl)
		}
		doc.Sources = append(doc.Sources, js)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}
