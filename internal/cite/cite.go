// Package cite writes citations: BibTeX and CSL-JSON (the Citation Style
// Language's data format, read by Zotero, Pandoc and citeproc), of the
// project's pages and of the sources its figures cite. It knows no page,
// template or language: callers give it the words. The output is a pure
// function of its input: the same works give the same bytes.
package cite

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// Work is one thing to cite.
type Work struct {
	// Key is the BibTeX key; ID the CSL-JSON id. Keys (see Keys) are made
	// from ids, so both stay the same from one build to the next.
	Key, ID string
	// Type is the CSL type ("report", "webpage", …), BibType the BibTeX
	// entry type ("techreport", "misc", …).
	Type, BibType string
	Title         string
	// Author is an organisation or a project, cited as one name, never
	// split into given and family names.
	Author    string
	Publisher string
	// Container is the work it is part of: the newspaper of an article,
	// the dashboard of a chart.
	Container string
	// Issued and Accessed are dates as the data gives them: YYYY,
	// YYYY-MM or YYYY-MM-DD; written at that precision.
	Issued, Accessed string
	URL              string
	Version          string
	// Note is said in words (a page's relative address and what it is
	// relative to).
	Note string
	// ArchiveURL is an archived copy of the page at URL (a web archive's
	// snapshot), Archived the date of that copy (YYYY, YYYY-MM or
	// YYYY-MM-DD, or ""). CSL 1.0.2 has no variable for an archived
	// copy's address or date: CSL-JSON gives the address as
	// archive_location ("storage location within an archive") and both in
	// the note; BibTeX, which has no field for it either, in the note.
	ArchiveURL, Archived string
}

// archiveNote is the words of an archived copy in a citation's note:
// "Archived copy: https://web.archive.org/…, 2024-03-01". Citation
// files are read by reference managers in any language; their field
// names and these words are English.
func (w Work) archiveNote(url string) string {
	if w.ArchiveURL == "" {
		return ""
	}
	s := "Archived copy: " + url
	if w.Archived != "" {
		s += ", " + w.Archived
	}
	return s
}

// joinNote adds an archived copy's words to a note.
func joinNote(note, archive string) string {
	switch {
	case archive == "":
		return note
	case note == "":
		return archive
	}
	return note + ". " + archive
}

// kinds maps a kind of source (the default vocabulary of kinds) to its
// CSL and BibTeX types. A kind a project adds is a "document" (@misc),
// or a "webpage" when it has a web address.
var kinds = map[string][2]string{
	"report":       {"report", "techreport"},
	"government":   {"report", "techreport"},
	"ngo":          {"report", "techreport"},
	"igo":          {"report", "techreport"},
	"media":        {"article-newspaper", "article"},
	"news":         {"article-newspaper", "article"},
	"parliament":   {"legislation", "misc"},
	"legislation":  {"legislation", "misc"},
	"court":        {"legal_case", "misc"},
	"statement":    {"document", "misc"},
	"encyclopedia": {"entry-encyclopedia", "misc"},
	"web":          {"webpage", "misc"},
}

// Source is the citation of one source of the data: id, title,
// publisher, kind, date published, address and date accessed, as
// sources.csv gives them. url is kept only when web is true (an http or
// https address).
func Source(id, title, publisher, kind, published, url string, web bool, accessed string) Work {
	w := Work{ID: id, Title: title, Issued: published, Accessed: accessed}
	if web {
		w.URL = url
	}
	t, ok := kinds[kind]
	switch {
	case ok:
	case w.URL != "":
		t = [2]string{"webpage", "misc"}
	default:
		t = [2]string{"document", "misc"}
	}
	w.Type, w.BibType = t[0], t[1]
	switch w.Type {
	case "article-newspaper":
		// The publisher of a news article is the paper or site it ran in.
		w.Container = publisher
	case "report", "legislation", "legal_case":
		// An organisation's own document: it is the author too.
		w.Author, w.Publisher = publisher, publisher
	default:
		w.Publisher = publisher
	}
	// BibTeX's @techreport needs an institution, @article a journal:
	// without a publisher the entry is a @misc.
	if publisher == "" {
		w.BibType = "misc"
	}
	return w
}

// Keys sets every work's Key from its ID: the characters a BibTeX key may
// hold kept, any other made "-", and a repeated key numbered ("-2", "-3")
// in order, so that keys are unique and stable.
func Keys(works []Work) {
	seen := map[string]bool{}
	for i := range works {
		base := keyOf(works[i].ID)
		k := base
		for n := 2; seen[k]; n++ {
			k = base + "-" + strconv.Itoa(n)
		}
		seen[k] = true
		works[i].Key = k
	}
}

func keyOf(id string) string {
	var b strings.Builder
	for _, r := range id {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', strings.ContainsRune("-_.:/+", r):
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	if b.Len() == 0 || !(b.String()[0] >= 'a' && b.String()[0] <= 'z' || b.String()[0] >= 'A' && b.String()[0] <= 'Z') {
		return "x" + b.String()
	}
	return b.String()
}

var months = [...]string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

// BibTeX is works as BibTeX entries, one after another. Values are in
// braces with TeX's special characters escaped (see Escape); titles and
// names are braced once more, so that styles keep them as written and
// read an organisation as one name. Text other than ASCII stays UTF-8,
// which biber and bibtexu read. The date goes as year and month (for
// BibTeX) and date (for biblatex), at the precision given.
func BibTeX(works []Work) []byte {
	var b bytes.Buffer
	for i, w := range works {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString("@" + w.BibType + "{" + w.Key + ",\n")
		field := func(name, value string) {
			if value != "" {
				b.WriteString("  " + name + " = {" + value + "},\n")
			}
		}
		field("author", braced(w.Author))
		field("title", braced(w.Title))
		switch w.BibType {
		case "article":
			field("journal", Escape(w.Container))
		case "techreport":
			field("institution", Escape(w.Publisher))
		default:
			field("booktitle", Escape(w.Container))
			field("publisher", Escape(w.Publisher))
		}
		if w.BibType == "article" {
			field("publisher", Escape(w.Publisher))
		}
		if y, m, _ := dateParts(w.Issued); y != "" {
			field("year", y)
			if m > 0 {
				b.WriteString("  month = " + months[m-1] + ",\n")
			}
			field("date", w.Issued)
		}
		field("version", Escape(w.Version))
		field("url", escapeURL(w.URL))
		if y, _, _ := dateParts(w.Accessed); y != "" {
			field("urldate", w.Accessed)
		}
		note := Escape(w.Note)
		if a := w.archiveNote(escapeURL(w.ArchiveURL)); a != "" {
			note = joinNote(note, Escape(a))
		}
		field("note", note)
		b.WriteString("}\n")
	}
	return b.Bytes()
}

func braced(s string) string {
	if s == "" {
		return ""
	}
	return "{" + Escape(s) + "}"
}

// Escape makes s the text of a BibTeX value: the characters TeX gives a
// meaning (\ { } % & # _ $ ~ ^) become commands that print them, braces
// as \textbraceleft{} and \textbraceright{} so that the braces BibTeX
// counts stay balanced whatever s holds. A line end becomes a space.
func Escape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\\':
			b.WriteString(`\textbackslash{}`)
		case '{':
			b.WriteString(`\textbraceleft{}`)
		case '}':
			b.WriteString(`\textbraceright{}`)
		case '~':
			b.WriteString(`\textasciitilde{}`)
		case '^':
			b.WriteString(`\textasciicircum{}`)
		case '%', '&', '#', '_', '$':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n', '\r', '\t':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// escapeURL keeps an address as written (url fields are verbatim) but
// percent-encodes what would break the entry: braces, backslashes,
// spaces and line ends.
func escapeURL(u string) string {
	r := strings.NewReplacer("{", "%7B", "}", "%7D", `\`, "%5C", " ", "%20", "\n", "%0A", "\r", "%0D", "\t", "%09")
	return r.Replace(u)
}

// dateParts splits YYYY, YYYY-MM or YYYY-MM-DD; y is "" when d is none
// of these.
func dateParts(d string) (y string, m, day int) {
	parts := strings.Split(d, "-")
	if len(parts) > 3 || len(parts[0]) != 4 {
		return "", 0, 0
	}
	if _, err := strconv.Atoi(parts[0]); err != nil {
		return "", 0, 0
	}
	if len(parts) > 1 {
		n, err := strconv.Atoi(parts[1])
		if err != nil || n < 1 || n > 12 {
			return "", 0, 0
		}
		m = n
	}
	if len(parts) > 2 {
		n, err := strconv.Atoi(parts[2])
		if err != nil || n < 1 || n > 31 {
			return "", 0, 0
		}
		day = n
	}
	return parts[0], m, day
}

// cslName is a CSL name given as one literal: an organisation.
type cslName struct {
	Literal string `json:"literal"`
}

type cslDate struct {
	DateParts [][]int `json:"date-parts"`
}

// cslItem is one item of CSL-JSON, in the order its fields are written.
type cslItem struct {
	ID             string    `json:"id"`
	Type           string    `json:"type"`
	Title          string    `json:"title,omitempty"`
	Author         []cslName `json:"author,omitempty"`
	ContainerTitle string    `json:"container-title,omitempty"`
	Publisher      string    `json:"publisher,omitempty"`
	Issued         *cslDate  `json:"issued,omitempty"`
	Version        string    `json:"version,omitempty"`
	URL            string    `json:"URL,omitempty"`
	Accessed       *cslDate  `json:"accessed,omitempty"`
	// ArchiveLocation is the address of an archived copy (see
	// Work.ArchiveURL).
	ArchiveLocation string `json:"archive_location,omitempty"`
	Note            string `json:"note,omitempty"`
}

func cslDateOf(d string) *cslDate {
	y, m, day := dateParts(d)
	if y == "" {
		return nil
	}
	year, _ := strconv.Atoi(y)
	parts := []int{year}
	if m > 0 {
		parts = append(parts, m)
		if day > 0 {
			parts = append(parts, day)
		}
	}
	return &cslDate{DateParts: [][]int{parts}}
}

// CSLJSON is works as a CSL-JSON array (the CSL data schema,
// csl-data.json), indented, ending with a line end.
func CSLJSON(works []Work) ([]byte, error) {
	items := make([]cslItem, 0, len(works))
	for _, w := range works {
		it := cslItem{ID: w.ID, Type: w.Type, Title: w.Title, ContainerTitle: w.Container, Publisher: w.Publisher,
			Issued: cslDateOf(w.Issued), Version: w.Version, URL: w.URL, Accessed: cslDateOf(w.Accessed),
			ArchiveLocation: w.ArchiveURL, Note: joinNote(w.Note, w.archiveNote(w.ArchiveURL))}
		if w.Author != "" {
			it.Author = []cslName{{w.Author}}
		}
		items = append(items, it)
	}
	b, err := json.MarshalIndent(items, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}
