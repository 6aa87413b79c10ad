package build

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/dashgen/dashgen/internal/aggregate"
	"github.com/dashgen/dashgen/internal/config"
	"github.com/dashgen/dashgen/internal/dataset"
	"github.com/dashgen/dashgen/internal/diff"
	"github.com/dashgen/dashgen/internal/format"
	"github.com/dashgen/dashgen/internal/i18n"
	"github.com/dashgen/dashgen/internal/output"
	"github.com/dashgen/dashgen/internal/site"
)

// A project with a corrections log gets a What-changed page in every
// language, and a history of its releases' changes (package/changes.json,
// a resource of the data package). The history holds what each build
// given the previous release (--previous) found changed, with the
// figures' numbers on both sides; the next such build reads the previous
// release's history and keeps it, so the page of every release shows the
// old and new values of the earlier ones too. A chart showing a record an
// entry of the current release names says so under it.

// releaseHistory is the history this build writes: nil for a project
// with no corrections log. With prev, the previous release's history (if
// it has one) and, when the project states a newer release, this one's
// changes since prev.
func releaseHistory(ctx context.Context, cfg *config.Config, data *dataset.Data, prev *diff.Release, changes []diff.Change) (*diff.History, error) {
	if len(data.Corrections) == 0 {
		return nil, nil
	}
	if prev == nil {
		return diff.Carry(nil, nil, cfg.Release.Version), nil
	}
	old, err := diff.ReadHistory(ctx, prev)
	if err != nil {
		return nil, err
	}
	var now *diff.Recorded
	if v := cfg.Release.Version; v != "" && v != prev.Version {
		r := diff.Record(changes, prev.Data, data, v, cfg.Release.Date, prev.Version)
		now = &r
	}
	return diff.Carry(old, now, cfg.Release.Version), nil
}

// historyFile adds the history to the data package as a resource, and
// returns its file.
func historyFile(p *DataPackage, h *diff.History) (output.File, error) {
	b, err := h.Encode()
	if err != nil {
		return output.File{}, err
	}
	name := "changes"
	for i := 2; ; i++ {
		taken := false
		for _, r := range p.Resources {
			taken = taken || r.Name == name
		}
		if !taken {
			break
		}
		name = "changes-" + strconv.Itoa(i)
	}
	sum := sha256.Sum256(b)
	p.Resources = append(p.Resources, PackageResource{
		Name: name, Path: diff.HistoryPath, Format: "json", MediaType: "application/json", Encoding: "utf-8",
		Bytes: len(b), Hash: "sha256:" + hex.EncodeToString(sum[:]),
	})
	return output.File{Path: diff.HistoryPath, Data: b}, nil
}

// chartRef is a chart of the config: dashboard i's chart j.
type chartRef struct{ i, j int }

// shownBy lists the charts that show each record, in the config's
// order: a figure's, those with a row of it; a recognition's, those whose
// query counts it (lets it through its filters).
type shownBy map[string][]chartRef

func (s shownBy) add(id string, ref chartRef) {
	if cs := s[id]; len(cs) == 0 || cs[len(cs)-1] != ref {
		s[id] = append(cs, ref)
	}
}

func chartsShowing(cfg *config.Config, data *dataset.Data, queried [][][]*aggregate.Table) shownBy {
	s := shownBy{}
	for i, d := range cfg.Dashboards {
		for j, c := range d.Charts {
			ref := chartRef{i, j}
			if i >= len(queried) || j >= len(queried[i]) || queried[i][j] == nil {
				continue // the query failed: the build reports it
			}
			for _, q := range c.Queries {
				ids, err := aggregate.Selects(data, q)
				if err != nil {
					continue // as above
				}
				for _, id := range ids {
					s.add(id, ref)
				}
			}
			for _, t := range queried[i][j] {
				for _, r := range t.Rows {
					if r.Figure != "" {
						s.add(r.Figure, ref)
					}
				}
			}
		}
	}
	return s
}

// of is the charts that show the record id.
func (s shownBy) of(id string) []chartRef { return s[id] }

// changesWords makes the What-changed page and the chart notes in one
// language.
type changesWords struct {
	cfg  *config.Config // the config in the page's language
	data *dataset.Data
	prev *dataset.Data // nil without a previous release
	hist *diff.History
	lab  *Words
	loc  *i18n.Locale
	// logLang is the language the log is written in (the project's
	// first), for the reasons' lang attribute on other pages.
	logLang string
	shown   shownBy
}

func (w *changesWords) phrase(q string) string { return w.lab.Label("qualifier", q) }

// number is a figure's number as the charts write it.
func (w *changesWords) number(n *diff.Number) string {
	if n == nil {
		return ""
	}
	return format.Figure(w.loc, n.Value, n.Min, n.Max, n.Qualifier, w.phrase)
}

// anchors gives each entry of the log its element id on the page, and
// each version its heading's.
func entryAnchors(log []*dataset.Correction) map[*dataset.Correction]string {
	out := map[*dataset.Correction]string{}
	n := map[string]int{}
	for _, e := range log {
		n[e.Version]++
		out[e] = "change-" + e.Version + "-" + strconv.Itoa(n[e.Version])
	}
	return out
}

// name is the record id in words: a figure by its measure, group and
// sources as the charts word them; a recognition by its jurisdiction,
// body and date; an event by its name; a source by its short name. ""
// for an id in neither release's data.
func (w *changesWords) name(id string) string {
	for _, d := range []*dataset.Data{w.data, w.prev} {
		if d == nil {
			continue
		}
		if f := d.Figure(id); f != nil {
			s := w.lab.Label("measure", f.Measure)
			if f.Group != "" {
				s += ", " + w.lab.Label("group", f.Group)
			}
			if len(f.Sources) > 0 {
				names := make([]string, len(f.Sources))
				for i, src := range f.Sources {
					names[i] = w.lab.Label("source", src)
				}
				s += " · " + strings.Join(names, w.loc.T("list_separator"))
			}
			return s
		}
		if r := d.Recognition(id); r != nil {
			parts := []string{}
			for _, p := range []string{r.Jurisdiction, r.Body, w.loc.Date(r.Date)} {
				if p != "" {
					parts = append(parts, p)
				}
			}
			return strings.Join(parts, ", ")
		}
		if e := d.Event(id); e != nil {
			return e.Name
		}
		if d.Source(id) != nil {
			return w.lab.Label("source", id)
		}
	}
	return ""
}

// inData reports whether today's data has a record of id.
func inData(d *dataset.Data, id string) bool {
	return d.Figure(id) != nil || d.Recognition(id) != nil || d.Event(id) != nil || d.Source(id) != nil
}

// numberColumns are a figure's columns its number shows.
var numberColumns = map[string]bool{"value": true, "qualifier": true, "min": true, "max": true}

// item is the id an entry of version names, in words, with its values.
func (w *changesWords) item(version, id string) site.ChangeItem {
	it := site.ChangeItem{ID: id, Name: w.name(id), Gone: !inData(w.data, id)}
	for _, ref := range w.shown.of(id) {
		d := w.cfg.Dashboards[ref.i]
		c := d.Charts[ref.j]
		it.Charts = append(it.Charts, chartLink(d.ID, c.ID, c.Title))
	}
	rec := w.hist.Find(version, id)
	if rec == nil {
		if f := w.data.Figure(id); f != nil {
			it.Now = w.number(diff.NumberOf(f))
		}
		return it
	}
	it.Old, it.New = w.number(rec.Old), w.number(rec.New)
	if it.Old == it.New {
		it.Now, it.Old, it.New = it.New, "", ""
	}
	for _, f := range rec.Fields {
		if rec.Table == diff.Figures && numberColumns[f.Name] {
			continue
		}
		it.Fields = append(it.Fields, site.ChangeField{Name: f.Name, Old: w.cell(f.Name, f.Old), New: w.cell(f.Name, f.New)})
	}
	return it
}

// cell is a changed cell in words: sources by their short names, an
// empty cell as a dash.
func (w *changesWords) cell(col, s string) string {
	if s == "" {
		return "—"
	}
	if col == "source" || col == "population_source" {
		ids := strings.Split(s, ";")
		for i, id := range ids {
			ids[i] = w.lab.Label("source", strings.TrimSpace(id))
		}
		return strings.Join(ids, w.loc.T("list_separator"))
	}
	return s
}

// page is the What-changed page: every version of the log, newest first.
func (w *changesWords) page() *site.ChangesPage {
	anchors := entryAnchors(w.data.Corrections)
	p := &site.ChangesPage{Data: diff.HistoryPath}
	var unknown []string
	for k := len(w.data.Corrections) - 1; k >= 0; k-- {
		e := w.data.Corrections[k]
		if len(p.Versions) == 0 || p.Versions[len(p.Versions)-1].Version != e.Version {
			v := site.ChangeVersion{Anchor: "release-" + e.Version, Version: e.Version, Date: w.loc.Date(e.Date)}
			if r := w.hist.Release(e.Version); r == nil {
				unknown = append(unknown, e.Version)
			} else if r.Previous != "" {
				v.Compared = w.loc.T("changes_compared", r.Previous)
			}
			p.Versions = append(p.Versions, v)
		}
		v := &p.Versions[len(p.Versions)-1]
		entry := site.ChangeEntry{Anchor: anchors[e], Kind: w.loc.T("change_" + e.Change), Reason: e.Reason, Sources: e.Sources}
		if w.loc.Lang != w.logLang {
			entry.ReasonLang = w.logLang
		}
		for _, id := range e.IDs {
			entry.Items = append(entry.Items, w.item(e.Version, id))
		}
		// The log lists a version's entries in file order; the page too.
		v.Entries = append([]site.ChangeEntry{entry}, v.Entries...)
	}
	if len(unknown) > 0 {
		key := "changes_unknown_one"
		if len(unknown) > 1 {
			key = "changes_unknown_many"
		}
		p.Unknown = w.loc.T(key, strings.Join(unknown, ", "))
	}
	return p
}

// reasonMark stands for the reason in a note's words, which are split
// around it: no locale's text holds it.
const reasonMark = "\x00reason\x00"

// notes are, by chart id, the notes of the entries of the current
// release that name a record the chart shows: "Corrected in 1.0.1:
// reason (613 → 614)".
func (w *changesWords) notes() map[string][]site.ChangeNote {
	version := w.cfg.Release.Version
	if version == "" {
		return nil
	}
	anchors := entryAnchors(w.data.Corrections)
	out := map[string][]site.ChangeNote{}
	for _, e := range w.data.Corrections {
		if e.Version != version {
			continue
		}
		var order []chartRef
		values := map[chartRef][]string{}
		for _, id := range e.IDs {
			var change string
			if rec := w.hist.Find(version, id); rec != nil {
				if o, n := w.number(rec.Old), w.number(rec.New); o != n && o != "" && n != "" {
					change = o + " → " + n
				}
			}
			for _, ref := range w.shown.of(id) {
				if _, seen := values[ref]; !seen {
					order = append(order, ref)
					values[ref] = nil
				}
				if change != "" {
					values[ref] = append(values[ref], change)
				}
			}
		}
		// The reason goes where the locale's words put it, in a span of
		// its own language.
		before, after, _ := strings.Cut(w.loc.T("change_note_"+e.Change, version, reasonMark), reasonMark)
		lang := ""
		if w.loc.Lang != w.logLang {
			lang = w.logLang
		}
		for _, ref := range order {
			n := site.ChangeNote{Before: before, Reason: e.Reason, ReasonLang: lang, After: after, Anchor: anchors[e]}
			if v := values[ref]; len(v) > 0 {
				n.After += " (" + strings.Join(v, w.loc.T("list_separator")) + ")"
			}
			id := w.cfg.Dashboards[ref.i].Charts[ref.j].ID
			out[id] = append(out[id], n)
		}
	}
	return out
}
