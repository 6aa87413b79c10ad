package dataset

import (
	"github.com/dashgen/dashgen/internal/diag"
	"github.com/dashgen/dashgen/internal/release"
)

// The corrections log (corrections.csv) says, release by release, what
// changed in the data and why. Each entry is checked as it is read (its
// version, its date, its change and what the change needs); the order of
// the entries, their versions against the project's release, and their
// ids against the records are checked once every file is read.

// semanticVersion: an entry's version is a full Semantic Version.
func semanticVersion(c *cellCheck, r *Correction, i int) {
	if r.Version != "" && !release.Valid(r.Version) {
		c.errorf(diag.VersionError, i, "%q is not a version MAJOR.MINOR.PATCH such as 1.0.1 (PATCH corrects data, MINOR adds data, MAJOR changes what the data means)", r.Version)
	}
}

// releaseDay: an entry is dated to the day, as its release is.
func releaseDay(c *cellCheck, r *Correction, i int) {
	switch v := c.get(i); {
	case v == "":
		c.errorf(diag.MissingValue, i, "is empty; every entry carries the date of its release (YYYY-MM-DD)")
	case !c.failed("date") && len(v) != len("2006-01-02"):
		c.errorf(diag.DateError, i, "%q is not a whole date; an entry carries the day of its release (YYYY-MM-DD)", v)
	}
}

// correctionDone: what an entry needs by its change. Every change but one
// of method names the ids concerned; an addition or a correction cites the
// source of the new information.
func correctionDone(c *cellCheck, r *Correction) {
	if c.failed("change") {
		return
	}
	if len(r.IDs) == 0 && r.Change != "method" && c.cell("ids") == "" {
		c.errorf(diag.MissingValue, c.col("ids"), "is empty; an entry of change %q names the ids of the figures, recognitions, events or sources concerned", r.Change)
	}
	if len(r.Sources) == 0 && (r.Change == "added" || r.Change == "corrected") && c.cell("source") == "" {
		c.errorf(diag.MissingValue, c.col("source"), "is empty; an entry of change %q cites the source id of the new information", r.Change)
	}
}

func (ld *loader) loadCorrections() bool {
	t, parts := readFile(ld, CorrectionsFile, correctionSchema, "")
	if t == nil {
		return false
	}
	var last *Correction // the last entry with a valid version and date
	merge(ld, parts, func(p *part[Correction], i int) {
		r := &p.recs[i]
		ld.d.Corrections = append(ld.d.Corrections, r)
		ld.checkCorrectionOrder(t, r, last)
		if release.Valid(r.Version) && len(r.Date) == len("2006-01-02") {
			last = r
		}
	})
	return true
}

// checkCorrectionOrder checks an entry against the one before it and
// against the project's release: versions do not go down the file, each
// version has one date, a later version is not dated earlier, and no entry
// is of a release newer than the one the project states.
func (ld *loader) checkCorrectionOrder(t *table, r, last *Correction) {
	if !release.Valid(r.Version) {
		return
	}
	at := func(code diag.Code, column, format string, args ...any) {
		line, col := t.pos(t.recordAt(r.Line), r.Line, column)
		ld.l.Add(diag.Diagnostic{File: t.file, Line: line, Column: col, Code: code,
			Message: diag.Sprintf("column %q: %s", column, diag.Sprintf(format, args...))})
	}
	if rel := ld.spec.Release; rel != "" && release.Compare(r.Version, rel) > 0 {
		at(diag.ReleaseError, "version", "%q is newer than the release %s that %s states (release.version); log a version once it is released, or state the new release there", r.Version, rel, ld.spec.ReleaseFrom)
	}
	dated := len(r.Date) == len("2006-01-02")
	if rel, day := ld.spec.Release, ld.spec.ReleaseDate; dated && rel != "" && day != "" && r.Version == rel && r.Date != day {
		at(diag.ReleaseError, "date", "%q is not the date of release %s, %s, that %s states (release.date)", r.Date, rel, day, ld.spec.ReleaseFrom)
	}
	if last == nil {
		return
	}
	switch cmp := release.Compare(r.Version, last.Version); {
	case cmp < 0:
		at(diag.OrderError, "version", "%q comes after %s at line %d; the log lists versions oldest first", r.Version, last.Version, last.Line)
	case !dated:
	case cmp == 0 && r.Date != last.Date:
		at(diag.OrderError, "date", "%q differs from %s at line %d, of the same version %s; a release has one date", r.Date, last.Date, last.Line, r.Version)
	case cmp > 0 && r.Date < last.Date:
		at(diag.OrderError, "date", "%q is before %s at line %d, of the earlier version %s; a later release is not dated earlier", r.Date, last.Date, last.Line, last.Version)
	}
}

// checkCorrections resolves the ids of the log once every file is read:
// each names a figure, recognition, event or source of the data, except in
// an entry of change removed, whose ids must name none (the record is
// gone). It also warns when the project states a release newer than every
// entry of a log that is not empty.
func (ld *loader) checkCorrections() {
	d := ld.d
	if len(d.Corrections) == 0 {
		return
	}
	// kindsOf names the kinds of record id is the id of: ids are unique
	// within a file's kind, not across kinds.
	kindsOf := func(id string) []string {
		var kinds []string
		for _, k := range [...]struct {
			name string
			has  bool
		}{{"figure", d.Figure(id) != nil}, {"recognition", d.Recognition(id) != nil}, {"event", d.eventByID[id] != nil}, {"source", d.sourceByID[id] != nil}} {
			if k.has {
				kinds = append(kinds, k.name)
			}
		}
		return kinds
	}
	t := ld.tables[d.Corrections[0].File]
	at := func(r *Correction, code diag.Code, format string, args ...any) {
		line, col := r.Line, 1
		if t != nil {
			line, col = t.pos(t.recordAt(r.Line), r.Line, "ids")
		}
		ld.l.Add(diag.Diagnostic{File: r.File, Line: line, Column: col, Code: code,
			Message: diag.Sprintf("column %q: %s", "ids", diag.Sprintf(format, args...))})
	}
	var newest *Correction // the last entry of the newest version
	for _, r := range d.Corrections {
		if release.Valid(r.Version) && (newest == nil || release.Compare(r.Version, newest.Version) >= 0) {
			newest = r
		}
		for _, id := range r.IDs {
			kinds := kindsOf(id)
			kind := ""
			if len(kinds) > 0 {
				kind = kinds[0]
			}
			switch {
			case len(kinds) > 1:
				article := map[string]string{"figure": "a figure", "recognition": "a recognition", "event": "an event", "source": "a source"}
				at(r, diag.Constraint, "%q is the id of %s and of %s, so the entry does not say which changed; give them different ids", id, article[kinds[0]], article[kinds[1]])
			case r.Change == "removed" && kind != "":
				at(r, diag.Constraint, "%s %q is still in the data, but the entry's change is removed; remove the record, or log the change as corrected", kind, id)
			case r.Change != "removed" && kind == "":
				at(r, diag.ForeignKey, "%q is not the id of a figure, recognition, event or source of the data; an entry of change %q names records that exist (removed ones are logged with change removed)", id, r.Change)
			}
		}
	}
	if rel := ld.spec.Release; rel != "" && newest != nil && release.Compare(rel, newest.Version) > 0 {
		line, col := newest.Line, 1
		if t != nil {
			line, col = t.pos(t.recordAt(newest.Line), newest.Line, "version")
		}
		ld.l.Add(diag.Diagnostic{File: newest.File, Line: line, Column: col, Code: diag.UnloggedRelease, Severity: diag.Warning,
			Message: diag.Sprintf("column %q: the release %s that %s states has no entry in the log, whose newest version is %s, so readers cannot see what changed in %s and why; add its entries (change method when only the method changed)", "version", rel, ld.spec.ReleaseFrom, newest.Version, rel)})
	}
}
