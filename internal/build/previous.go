package build

import (
	"fmt"
	"path"
	"strings"

	"github.com/dashgen/dashgen/internal/config"
	"github.com/dashgen/dashgen/internal/dataset"
	"github.com/dashgen/dashgen/internal/diag"
	"github.com/dashgen/dashgen/internal/diff"
	"github.com/dashgen/dashgen/internal/release"
)

// A build given the previous release (build --previous OLD) compares its
// data with the release's and warns about every change that the
// corrections log does not explain for the release the project states:
// an entry of that version that names the id, with a change that fits
// (added for a record added, removed for one removed, corrected or method
// for one changed). With --strict the warnings are errors, and nothing is
// written: an unexplained change to a published figure cannot slip
// through. It warns too about an entry of the release that names an id
// which did not change as the entry says (method entries aside), unless
// the previous release is the same version.

// warnUnexplained adds the warnings of the comparison of data with prev.
// shownData is the data folder as messages name it (data).
func warnUnexplained(cfg *config.Config, prev *diff.Release, changes []diff.Change, data *dataset.Data, shownData string, l *diag.List) {
	version, day := cfg.Release.Version, cfg.Release.Date
	logFile := path.Join(shownData, dataset.CorrectionsFile)
	was := "release " + prev.Version
	if prev.Version == "" {
		was = "the previous release"
	}
	// Each file's lines are found once, however many of its records
	// changed.
	type file struct {
		old  bool // a file of the previous release
		name string
	}
	files := map[file]*dataset.Cells{}
	cellsOf := func(old bool, name string) *dataset.Cells {
		c, ok := files[file{old, name}]
		if !ok {
			inputs := data.Inputs
			if old {
				inputs = prev.Data.Inputs
			}
			c = dataset.NewCells(inputs[name])
			files[file{old, name}] = c
		}
		return c
	}
	if len(changes) > 0 {
		switch {
		case version == "":
			l.KeyWarnf(diag.UnexplainedChange, cfg.Path, "release.version",
				"is not set, and the data changed since %s (%s); state the new release here, and log its changes in %s", was, prev.Path, logFile)
		case release.Valid(version) && release.Valid(prev.Version) && release.Compare(version, prev.Version) <= 0:
			l.KeyWarnf(diag.UnexplainedChange, cfg.Path, "release.version",
				"is %s, not newer than %s (%s), yet the data changed; a release with changes states a new version", version, was, prev.Path)
		}
	}
	if version == "" {
		version, day = "VERSION", "DATE"
	} else if day == "" {
		day = "DATE"
	}
	for _, c := range changes {
		if diff.Explained(c, data.Corrections, cfg.Release.Version) {
			continue
		}
		noun := diff.Noun(c.Table)
		var what, change string
		// The warning points at the record's id, or at the first cell that
		// changed, where the record is now (where it was, if removed).
		at, old, column := c.New, false, "id"
		switch c.Kind {
		case diff.Added:
			what, change = fmt.Sprintf("%s %s is new since %s", noun, diag.Quote(c.ID), was), "added"
		case diff.Removed:
			what, change = fmt.Sprintf("%s %s of %s is gone", noun, diag.Quote(c.ID), was), "removed"
			at, old = c.Old, true
		case diff.Changed:
			what, change = fmt.Sprintf("%s %s changed since %s (%s)", noun, diag.Quote(c.ID), was, diff.ShortFieldsText(c.Fields)), "corrected"
			if len(c.Fields) > 0 {
				column = c.Fields[0].Name
			}
		}
		line, col := cellsOf(old, c.File).At(at.Line, column)
		src := "SOURCE"
		if change == "removed" {
			src = ""
		}
		entry := strings.Join([]string{version, day, c.ID, change, "REASON", src}, ",")
		if cfg.Release.Version == "" {
			l.Warnf(diag.UnexplainedChange, at.File, line, col,
				"%s, and with no release stated (release.version in %s) no entry of %s can explain it; state the release and log it: %s",
				what, cfg.Path, logFile, entry)
			continue
		}
		l.Warnf(diag.UnexplainedChange, at.File, line, col,
			"%s, and %s has no entry of release %s for it; log it there: %s", what, logFile, version, entry)
	}
	if cfg.Release.Version == "" || cfg.Release.Version == prev.Version {
		// No release, or a build of the same release (build --previous
		// output while it is prepared): the log's entries of the release
		// describe changes since an earlier one.
		return
	}
	what := map[string]diff.Kind{}
	for _, c := range changes {
		what[c.ID] = c.Kind
	}
	for _, u := range diff.Unchanged(changes, data.Corrections, cfg.Release.Version) {
		happened := "it did not change"
		if k, ok := what[u.ID]; ok {
			happened = "it was " + k.String()
		}
		line, col := cellsOf(false, dataset.CorrectionsFile).At(u.Entry.Line, "ids")
		l.Warnf(diag.LoggedUnchanged, u.Entry.File, line, col,
			"the entry says %q was %s in release %s, but since %s %s; fix the entry's ids or change, or remove it",
			u.ID, u.Entry.Change, cfg.Release.Version, was, happened)
	}
}
