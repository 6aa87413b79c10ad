package site

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/dashgen/dashgen/charts"
	"github.com/dashgen/dashgen/internal/dataset"
)

// dataFiles are the chart's table as CSV, with its sources, and as JSON
// with its ECharts option, for sites that draw charts themselves.
//
// When the project states a release (version, date), the CSV ends with a
// release column giving the version on every row, and the JSON has a
// release member: a file saved alone still says which data it is. The
// JSON's changes member gives the chart's notes of what changed in the
// release (changes), as the page shows them under the chart.
func dataFiles(c *charts.Chart, sources map[string]*dataset.Source, name func(string) string, version, date string, changes []ChangeNote) (csvData, jsonData []byte, err error) {
	type sourceRef struct {
		ID    string `json:"id"`
		Name  string `json:"name"`
		Title string `json:"title"`
		URL   string `json:"url,omitempty"`
		// ArchiveURL is the source's archived copy, Archived its date.
		ArchiveURL string `json:"archive_url,omitempty"`
		Archived   string `json:"archived,omitempty"`
	}
	var refs []sourceRef
	for _, id := range c.Sources {
		ref := sourceRef{ID: id, Name: name(id)}
		if s := sources[id]; s != nil {
			ref.Title = s.Title
			if dataset.IsWebURL(s.URL) {
				ref.URL = s.URL
			}
			if dataset.IsWebURL(s.ArchiveURL) {
				ref.ArchiveURL, ref.Archived = s.ArchiveURL, s.Archived
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
	// archives are the sources' archived copies, in the order of ids.
	archives := func(ids []string) string {
		var out []string
		for _, id := range ids {
			if s := sources[id]; s != nil && dataset.IsWebURL(s.ArchiveURL) {
				out = append(out, s.ArchiveURL)
			}
		}
		return strings.Join(out, " ")
	}
	statedBy := func(n int) string {
		if n == 0 {
			return ""
		}
		return strconv.Itoa(n)
	}

	var rows [][]string
	if c.Table != nil {
		rows = append(rows, append(append([]string{}, c.Table.Header...), "source_ids", "source_urls", "source_archive_urls"))
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
			rows = append(rows, append(cells, strings.Join(ids, ";"), urls(ids), archives(ids)))
		}
	} else {
		rows = append(rows, []string{"series", "item", "value", "qualifier", "min", "max", "unit", "as_shown",
			"share_percent", "share_of", "running_total", "wording", "figure_id", "stated_by", "source_ids", "sources", "source_urls", "source_archive_urls"})
		for _, d := range c.Data {
			rows = append(rows, []string{d.Series, d.Item, count(d.Value), d.Qualifier, count(d.Min), count(d.Max), d.Unit, d.Stated,
				percent(d.Share), count(d.ShareOf), count(d.Total), d.Wording, d.Figure, statedBy(d.StatedBy), strings.Join(d.Sources, ";"), names(d.Sources), urls(d.Sources), archives(d.Sources)})
		}
	}
	if version != "" {
		for i := range rows {
			if i == 0 {
				rows[i] = append(rows[i], "release")
			} else {
				rows[i] = append(rows[i], version)
			}
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

	type release struct {
		Version string `json:"version"`
		Date    string `json:"date"`
	}
	var rel *release
	if version != "" {
		rel = &release{version, date}
	}
	var changed []string
	for _, n := range changes {
		changed = append(changed, n.Before+n.Reason+n.After)
	}
	doc := struct {
		ID        string            `json:"id"`
		Title     string            `json:"title"`
		Type      string            `json:"type"`
		Notes     []string          `json:"notes,omitempty"`
		Changes   []string          `json:"changes,omitempty"`
		Rows      []charts.DataRow  `json:"rows,omitempty"`
		Table     *charts.Table     `json:"table,omitempty"`
		Sources   []sourceRef       `json:"sources"`
		Option    map[string]any    `json:"option,omitempty"`
		Behaviour *charts.Behaviour `json:"behaviour,omitempty"`
		Release   *release          `json:"release,omitempty"`
	}{c.ID, c.Title, c.Type, c.Notes, changed, c.Data, c.Table, refs, c.Option, c.Behaviour, rel}
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
