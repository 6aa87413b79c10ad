package site

import (
	"github.com/dashgen/dashgen/internal/i18n"
)

// The "What changed" page (changes.html in every language's folder): each
// release of the corrections log, newest first, with its entries, the
// records each names linked to the charts that show them, and their old
// and new values where a build recorded them. Build words everything in
// the page's language; the page only lays it out.

// ChangesFile is the page's file within a language's folder.
const ChangesFile = "changes.html"

// ChangesPage is the What-changed page, in one language.
type ChangesPage struct {
	// Unknown, when set, says once which releases' old values no build
	// recorded: the page shows their records' current values.
	Unknown string
	// Data is the history for programs (package/changes.json), from
	// the site's root; "" when the build writes none.
	Data     string
	Versions []ChangeVersion
}

// ChangeVersion is one release of the log.
type ChangeVersion struct {
	// Anchor is the element id of its heading (release-1.0.1).
	Anchor, Version, Date string
	// Compared, when set, says which release the values were compared
	// with ("Values before: release 1.0.0").
	Compared string
	Entries  []ChangeEntry
}

// ChangeEntry is one entry of the log.
type ChangeEntry struct {
	// Anchor is its element id (change-1.0.1-2), which chart notes link to.
	Anchor string
	// Kind is the change in words (Corrected).
	Kind string
	// Reason is the log's text as written; ReasonLang its language when
	// it is not the page's (the log is written in the project's first
	// language).
	Reason, ReasonLang string
	Items              []ChangeItem
	// Sources are the ids of the sources of the new information.
	Sources []string
	// SourceLinks are Sources as the page links them (set by Render).
	SourceLinks []sourceLink
}

// ChangeItem is one id an entry names.
type ChangeItem struct {
	ID string
	// Name is the record in words (People killed, women · 2016 statement).
	Name string
	// Old and New are the figure's number on each side, as charts write
	// it ("at least 161"), when the build knows them; Now is its current
	// number when it does not.
	Old, New, Now string
	// Fields are the other columns that changed, in words.
	Fields []ChangeField
	// Charts are the charts that show the record.
	Charts []ChartLink
	// Gone says the record is no longer in the data.
	Gone bool
}

// ChangeField is one column of a changed record.
type ChangeField struct {
	Name, Old, New string
}

// ChartLink is a chart that shows a figure or record (on the sources
// page, the What-changed page): its dashboard page's anchor, and its
// embed page.
type ChartLink struct {
	Title, Href, Embed string
}

// ChangeNote is a chart's note that a figure it shows changed in the
// current release: "Corrected in 1.0.1: … (613 → 614)", linked to the
// entry on the What-changed page.
type ChangeNote struct {
	// Before and After are the words around the reason ("Corrected in
	// 1.0.1: ", " (613 → 614)"); Reason is the log's text, in ReasonLang
	// when that is not the page's language.
	Before, Reason, ReasonLang, After string
	Anchor                            string
}

type changesBody struct {
	*ChangesPage
	// DataHref is Data from the page.
	DataHref string
	Loc      *i18n.Locale
	Lang     string
}

func (r *renderer) changesPage() ([]byte, error) {
	for i := range r.in.WhatChanged.Versions {
		for j := range r.in.WhatChanged.Versions[i].Entries {
			e := &r.in.WhatChanged.Versions[i].Entries[j]
			e.SourceLinks = r.links(e.Sources)
		}
	}
	body := changesBody{ChangesPage: r.in.WhatChanged, Loc: r.loc, Lang: r.in.Lang}
	if d := r.in.WhatChanged.Data; d != "" {
		body.DataHref = r.root("changes") + d
	}
	return r.page("changes", ChangesFile, r.loc.T("changes_title"), "changes", body, false)
}
