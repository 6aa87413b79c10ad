// Package site renders the pages of a site (index, one page per dashboard,
// sources) in memory, with the project's own html/template pages. Chart
// options travel as JSON data blocks that no text can break out of, and one
// static script draws them: nothing from the data ever runs as code. Each
// page carries a Content-Security-Policy that lets only its own inline
// scripts and style run, by hash (see inline), and loads nothing remote.
package site

import (
	"bytes"
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html/template"
	"slices"
	"strings"
	"sync"

	"github.com/dashgen/dashgen/charts"
	"github.com/dashgen/dashgen/internal/cite"
	"github.com/dashgen/dashgen/internal/dataset"
	"github.com/dashgen/dashgen/internal/diff"
	"github.com/dashgen/dashgen/internal/i18n"
	"github.com/dashgen/dashgen/internal/output"
)

var (
	//go:embed assets/echarts.min.js
	echartsJS string
	//go:embed assets/ECHARTS_VERSION
	echartsVersion string
	//go:embed assets/page.js
	pageJS string
	//go:embed assets/page.css
	pageCSS string
	//go:embed assets/embed.js
	embedJS string
	//go:embed assets/live.js
	liveJS string
	//go:embed assets/loader.js
	loaderJS string
	//go:embed assets/echarts.min.js.gz
	echartsGzip []byte
	//go:embed assets/ECHARTS-LICENSE
	echartsLicense string
	//go:embed assets/ECHARTS-NOTICE
	echartsNotice string
)

// EChartsVersion is the version of the vendored ECharts.
func EChartsVersion() string { return strings.TrimSpace(echartsVersion) }

// Input is everything the pages show.
type Input struct {
	Title, Description, Lang string
	Version                  string
	Dashboards               []Dashboard
	Sources                  []*dataset.Source
	// CitedBy counts, per source id, the figures and records citing it.
	CitedBy map[string]int
	// Uses are, per source id, what it is cited for, in this language:
	// the sources page lists them under each source.
	Uses map[string][]SourceUse
	// UsesUnlisted counts, per source id, the uses not in Uses: a source
	// cited by a hundred thousand figures lists the first ones only.
	UsesUnlisted map[string]int
	// SourceName gives the short name a source is cited by.
	SourceName func(id string) string
	// KindName gives the label of a kind of source; the id when nil.
	KindName func(id string) string
	// Assets is "inline" (every page standalone) or "shared" (pages load
	// one copy of the scripts from assets/).
	Assets string
	// BaseURL, when set, makes embed codes absolute ("https://…/").
	BaseURL string
	// DataDate is the newest date in the data (YYYY, YYYY-MM or
	// YYYY-MM-DD), printed at the head of a dashboard.
	DataDate string
	// Locale is the language of the pages' words and numbers (English
	// when nil).
	Locale *i18n.Locale
	// Languages are every language the site is built in, for the switcher;
	// Prefix is this one's folder ("" for the first, "az/").
	Languages []Language
	Prefix    string
	// SharedAssetsWritten: another language's render already wrote the
	// shared assets.
	SharedAssetsWritten bool
	// LiveReload adds the preview server's reload script to every page and
	// lets it open the server's event stream. Only dashgen serve sets it.
	LiveReload bool
	// Release and ReleaseDate are the data release the project states
	// (1.0.0, 2026-11-29), shown on every page and in the data
	// downloads; both empty when it states none.
	Release, ReleaseDate string
	// LinkedData, when set, is the schema.org description of the site's
	// data (a Dataset) the index page carries in its head, as JSON-LD.
	LinkedData any
	// Previous is the release the build compared its data with (build
	// --previous), nil for none; Changes are what changed since, in
	// diff.Compare's order (for the What-changed page and the charts'
	// notes). The corrections log is the data's (dataset.Data.Corrections).
	Previous *diff.Release
	Changes  []diff.Change
	// WhatChanged, when set (the project has a corrections log), is the
	// What-changed page, worded by build, linked from every page's footer
	// and the index.
	WhatChanged *ChangesPage
	// ChangeNotes are, by chart id, the notes of the figures a chart shows
	// that changed in the current release.
	ChangeNotes map[string][]ChangeNote
}

// Language is one language of the site.
type Language struct {
	Lang, Name, Prefix string
}

// SourceUse is one thing a source is cited for: a figure, a record or a
// population, in words ("Killed, All: 613"), with the charts that show it.
type SourceUse struct {
	// ID is the figure's, record's or event's id.
	ID, Text string
	// StatedBy says how many sources state a figure ("Stated by 2
	// sources."); "" for a record.
	StatedBy string
	Charts   []ChartLink
}

// Dashboard is one dashboard page.
type Dashboard struct {
	ID, Title, Description string
	Charts                 []*charts.Chart
}

// Render renders every page.
// It returns ctx's error, and no files, when ctx ends before every file
// is rendered.
func Render(ctx context.Context, in Input) ([]output.File, error) {
	if in.Locale == nil {
		en, err := i18n.Load("en", nil)
		if err != nil {
			return nil, err
		}
		in.Locale = en
	}
	if in.Lang == "" {
		in.Lang = in.Locale.Lang
	}
	r := &renderer{in: in, loc: in.Locale, sources: map[string]*dataset.Source{}}
	for _, s := range in.Sources {
		r.sources[s.ID] = s
	}
	var files []output.File
	add := func(path string, data []byte, err error) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err != nil {
			return fmt.Errorf("rendering %s: %w", in.Prefix+path, err)
		}
		files = append(files, output.File{Path: in.Prefix + path, Data: data})
		return nil
	}
	b, err := r.index()
	if err := add("index.html", b, err); err != nil {
		return nil, err
	}
	for _, d := range in.Dashboards {
		b, err := r.dashboard(d)
		if err := add(d.ID+".html", b, err); err != nil {
			return nil, err
		}
		for _, c := range d.Charts {
			b, err := r.embed(d, c)
			if err := add("embed/"+c.ID+".html", b, err); err != nil {
				return nil, err
			}
			csvData, jsonData, err := dataFiles(c, r.sources, in.SourceName, in.Release, in.ReleaseDate, in.ChangeNotes[c.ID])
			if err := add("data/"+c.ID+".csv", csvData, err); err != nil {
				return nil, err
			}
			if err := add("data/"+c.ID+".json", jsonData, nil); err != nil {
				return nil, err
			}
		}
	}
	files = append(files, output.File{Path: in.Prefix + "embed/embed.js", Data: []byte(embedJS)})
	if in.Assets == "shared" && !in.SharedAssetsWritten {
		for _, a := range append(sharedAssets(), mapAssets()...) {
			files = append(files, output.File{Path: a.path, Data: []byte(a.content)})
		}
	}
	b, err = r.sourcesPage()
	if err := add("sources.html", b, err); err != nil {
		return nil, err
	}
	if in.WhatChanged != nil {
		b, err = r.changesPage()
		if err := add(ChangesFile, b, err); err != nil {
			return nil, err
		}
	}
	bib, csl, err := sourceFiles(in.Sources)
	if err := add("sources.bib", bib, err); err != nil {
		return nil, err
	}
	if err := add("sources.json", csl, nil); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return files, nil
}

type renderer struct {
	in      Input
	loc     *i18n.Locale
	sources map[string]*dataset.Source
}

// alternate is the same page in another language, for the switcher.
type alternate struct {
	Lang, Name, Href string
	Current          bool
}

// navItem is one entry of the navigation.
type navItem struct {
	Href, Title string
	Current     bool
}

type pageData struct {
	Lang, Title, PageTitle, Description string
	// Root is the way from the page to the site's root folder: "",
	// "../" or "../../".
	Root string
	Nav  []navItem
	// Alternates are the page in every language of the site.
	Alternates []alternate
	Loc        *i18n.Locale
	// CSP is the page's Content-Security-Policy <meta> element, Style its
	// <style> element and Scripts its inline scripts, all made by inline.
	CSP, Style       template.HTML
	Scripts          []template.HTML
	Version, ECharts string
	Body             any
	Kind             string
	// Release is the data release in the page's words ("Data release
	// 1.0.0, 29 November 2026"), "" when the project states none.
	Release string
	// Head is the page's JSON-LD block (the index page's), made by
	// linkedDataBlock.
	Head template.HTML
	// Changes: the site has a What-changed page, which the footer links.
	Changes bool
}

// release is the data release in the locale's words, "" when the project
// states none.
func (r *renderer) release() string {
	if r.in.Release == "" {
		return ""
	}
	return r.loc.T("data_release", r.in.Release, r.loc.Date(r.in.ReleaseDate))
}

func (r *renderer) nav(current string) []navItem {
	items := []navItem{{Href: "index.html", Title: r.loc.T("home"), Current: current == "index"}}
	for _, d := range r.in.Dashboards {
		items = append(items, navItem{Href: d.ID + ".html", Title: d.Title, Current: current == d.ID})
	}
	return append(items, navItem{Href: "sources.html", Title: r.loc.T("sources"), Current: current == "sources"})
}

// maps names the maps the page draws (charts' Map): such a page carries
// ECharts with the map series, and the maps' shapes.
// root leads from a page of kind to the site's root folder, where the
// shared assets, datapackage.json and package/ are: up from embed/ and
// from a language's folder.
func (r *renderer) root(kind string) string {
	root := ""
	if kind == "embed" {
		root = "../"
	}
	if r.in.Prefix != "" {
		root += "../"
	}
	return root
}

func (r *renderer) page(current, file, title, kind string, body any, withCharts bool, maps ...string) ([]byte, error) {
	var head template.HTML
	if kind == "index" {
		var err error
		if head, err = linkedDataBlock(r.in.LinkedData); err != nil {
			return nil, err
		}
	}
	p := pageData{Head: head,
		Lang: r.in.Lang, Title: r.in.Title, PageTitle: title, Description: r.in.Description,
		Nav: r.nav(current), Version: r.in.Version, ECharts: EChartsVersion(),
		Body: body, Kind: kind, Loc: r.loc, Release: r.release(),
		Changes: r.in.WhatChanged != nil,
	}
	p.Root = r.root(kind)
	if len(r.in.Languages) > 1 && kind != "embed" {
		for _, l := range r.in.Languages {
			p.Alternates = append(p.Alternates, alternate{Lang: l.Lang, Name: l.Name, Href: p.Root + l.Prefix + file, Current: l.Prefix == r.in.Prefix})
		}
	}
	// Every script and style of the page goes through code, which gives
	// each its hash for the policy; nothing else may run or style.
	var code inline
	p.Style = code.style(pageCSS)
	// Pages with drawn charts need ECharts and the page script; an embed
	// needs the page script in any case, to report its height.
	var scripts []asset
	if withCharts && len(maps) > 0 {
		scripts = append(scripts, sharedAssets()[4])
	} else if withCharts {
		scripts = append(scripts, sharedAssets()[0])
	}
	if withCharts || kind == "embed" {
		scripts = append(scripts, sharedAssets()[1])
	}
	for _, a := range scripts {
		switch {
		case r.in.Assets == "shared":
			p.Scripts = append(p.Scripts, code.external(p.Root+a.path, a.content))
		case a.content == echartsJS:
			// A standalone page carries ECharts compressed; the loader
			// unpacks and runs it, allowed by the hash of its text.
			code.allow(echartsJS)
			p.Scripts = append(p.Scripts, echartsBlock(), code.script(loaderJS))
		case a.content == echartsMapJS:
			code.allow(echartsMapJS)
			p.Scripts = append(p.Scripts, template.HTML(`<script type="application/octet-stream" id="dashgen-echarts">`+echartsMapGzipBase64()+`</script>`), code.script(loaderJS))
		default:
			p.Scripts = append(p.Scripts, code.script(a.content))
		}
	}
	p.Scripts = append(p.Scripts, mapBlocks(maps, r.in.Assets == "shared", p.Root, &code)...)
	if r.in.LiveReload {
		p.Scripts = append(p.Scripts, code.script(liveJS))
		code.connect = true
	}
	p.CSP = code.policyMeta()
	var buf bytes.Buffer
	// Room for the page at once: growing a buffer of half a megabyte
	// (ECharts) step by step cost more than the rest of the page.
	size := 64 << 10
	for _, s := range p.Scripts {
		size += len(s)
	}
	buf.Grow(size)
	if err := pageTemplate.Execute(&buf, p); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// inline makes the inline <script> and <style> elements of one page and
// keeps the hash of each, for the page's Content-Security-Policy. A page
// runs only the scripts and applies only the styles made here: any other
// (injected) script or style, any remote resource, is refused by the
// browser. JSON data blocks (DataBlock) are not run, so need no hash.
type inline struct {
	scripts, styles []string // CSP hash sources, in page order
	// connect allows requests to the page's own server: the preview
	// server's event stream.
	connect bool
}

// script returns a <script> element running js, one of our own static
// scripts (files of this repository, never data), and allows it.
func (c *inline) script(js string) template.HTML {
	js = rawText("script", js)
	c.scripts = append(c.scripts, hashSource(js))
	return template.HTML("<script>" + js + "</script>")
}

// external returns a <script> element loading src, whose content must be
// exactly js: the integrity attribute makes the browser check it, and the
// policy allows the script by that same hash (CSP Level 3), so a shared
// script is trusted exactly as an inline one is.
func (c *inline) external(src, js string) template.HTML {
	h := hashSource(js)
	c.scripts = append(c.scripts, h)
	return template.HTML(`<script src="` + template.HTMLEscapeString(src) + `" integrity="` + strings.Trim(h, "'") + `"></script>`)
}

// allow lets a script that a page's own script inserts (ECharts, unpacked
// by the loader) run, by the hash of its exact text.
func (c *inline) allow(js string) {
	c.scripts = append(c.scripts, hashSource(rawText("script", js)))
}

// echartsGzipBase64 is ECharts, gzip-compressed then base64-encoded: a
// third of its size in a page.
var echartsGzipBase64 = sync.OnceValue(func() string { return base64.StdEncoding.EncodeToString(echartsGzip) })

// echartsBlock is the data block the loader unpacks. Base64 holds no
// character that could end the element.
func echartsBlock() template.HTML {
	return template.HTML(`<script type="application/octet-stream" id="dashgen-echarts">` + echartsGzipBase64() + `</script>`)
}

// style returns a <style> element with css, our own static style sheet,
// and allows it.
func (c *inline) style(css string) template.HTML {
	css = rawText("style", css)
	c.styles = append(c.styles, hashSource(css))
	return template.HTML("<style>" + css + "</style>")
}

// policy is the page's Content-Security-Policy: nothing is allowed but the
// inline scripts and styles made by c, and images from data: and blob:
// URLs (a chart saved as an image). There is no remote origin.
func (c *inline) policy() string {
	list := func(hashes []string) string {
		if len(hashes) == 0 {
			return "'none'"
		}
		return strings.Join(hashes, " ")
	}
	p := "default-src 'none'; script-src " + list(c.scripts) + "; style-src " + list(c.styles) +
		"; img-src data: blob:; base-uri 'none'; form-action 'none'; object-src 'none'"
	if c.connect {
		p += "; connect-src 'self'"
	}
	return p
}

// policyMeta is the <meta> element carrying policy; it must come first in
// <head>, before any script or style it governs. The policy holds only
// keywords and base64, nothing to escape.
func (c *inline) policyMeta() template.HTML {
	return template.HTML(`<meta http-equiv="Content-Security-Policy" content="` + c.policy() + `">`)
}

// hashSource is the CSP source allowing an inline element whose text is
// exactly s: 'sha256-' and the base64 of its SHA-256.
func hashSource(s string) string {
	if h, ok := hashes.Load(s); ok {
		return h.(string)
	}
	sum := sha256.Sum256([]byte(s))
	h := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	hashes.Store(s, h)
	return h
}

// hashes remembers the hash of each script and style: the same few static
// texts (ECharts is 0.63 MB) go into every page of every build.
var hashes sync.Map

// rawText prepares the text of a raw-text element (script or style) of our
// own: line ends become \n, as the browser's parser makes them before it
// hashes the text (a checkout with CRLF line ends must not break the
// hashes). A closing tag or a NUL inside would be a bug we catch.
func rawText(tag, s string) string {
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	}
	if containsFold(s, "</"+tag) || strings.Contains(s, "<!--") || strings.IndexByte(s, 0) >= 0 {
		panic("site: a static " + tag + " contains </" + tag + ", <!-- or NUL")
	}
	return s
}

// containsFold reports whether s contains sub (which starts with '<'),
// ignoring case, without copying s.
func containsFold(s, sub string) bool {
	for i := 0; ; {
		j := strings.IndexByte(s[i:], '<')
		if j < 0 {
			return false
		}
		i += j
		if len(s)-i >= len(sub) && strings.EqualFold(s[i:i+len(sub)], sub) {
			return true
		}
		i++
	}
}

// chartView is a chart as the template shows it.
type chartView struct {
	*charts.Chart
	Data    template.HTML // the JSON data block, already safe
	Sources []sourceGroup
	Wide    bool
	// Root is the way from the page to the site's root ("" or "../").
	Root string
	// NewTab opens links in a new tab: an embedded chart's links must not
	// navigate the frame inside someone else's page.
	NewTab bool
	// Actions are the Embed, Data and Image actions of a dashboard chart.
	Actions *actions
	Loc     *i18n.Locale
	// Main makes the title the page's heading (an embed page).
	Main bool
	// Describe says in words what a drawn chart shows, for people who
	// cannot see it: its kind, title and every figure with its source.
	Describe string
	// Rows are the rows a table chart shows, with source ids turned into
	// links; Cut says there are more (RowsTotal, every one in the data
	// download) than it shows (RowsShown), both written in the language.
	Rows                 [][]cellView
	Cut                  bool
	RowsShown, RowsTotal string
	// Text is a drawn chart's figures as text, with source links.
	Text []textView
	// Legend says what each style of the chart's marks means (see
	// charts.Mark); empty when every figure is exact.
	Legend []legendItem
	// CardViews are a card chart's cards, with their swatches.
	CardViews []cardView
	// Cite is a dashboard chart's citation.
	Cite *citeView
	// ChangeNotes say which of its figures changed in the current
	// release, linked to the What-changed page.
	ChangeNotes []ChangeNote
}

type textView struct {
	Series, Label, Figure string
	Links                 []sourceLink
}

type cellView struct {
	Text  string
	Links []sourceLink
}

type sourceLink struct {
	ID, Name, URL string
	Title         string // the document's title, shown on hover
	// ArchiveURL is the source's archived copy, when it is a web address;
	// ArchiveText its words ("archived 1 March 2024", "archived copy").
	ArchiveURL, ArchiveText string
}

// archiveText is the words of a source's archived copy in the page's
// language: "archived 1 March 2024", or "archived copy" when its date is
// not recorded; "" when it has none.
func (r *renderer) archiveText(s *dataset.Source) string {
	switch {
	case s.ArchiveURL == "":
		return ""
	case s.Archived != "":
		return r.loc.T("archived_on", r.loc.Date(s.Archived))
	}
	return r.loc.T("archived_copy")
}

// sourceGroup is the sources of a chart that share a short name (three
// articles of one news site): the name once, then a numbered link to each.
type sourceGroup struct {
	Name  string
	Links []numberedLink
}

type numberedLink struct {
	N int
	sourceLink
}

// groupSources groups links by name, in order of first appearance, so a
// sources line never repeats a name it cannot tell apart.
func groupSources(links []sourceLink) []sourceGroup {
	var groups []sourceGroup
	at := map[string]int{}
	for _, l := range links {
		i, ok := at[l.Name]
		if !ok {
			i = len(groups)
			at[l.Name] = i
			groups = append(groups, sourceGroup{Name: l.Name})
		}
		groups[i].Links = append(groups[i].Links, numberedLink{len(groups[i].Links) + 1, l})
	}
	return groups
}

func (r *renderer) links(ids []string) []sourceLink {
	out := make([]sourceLink, 0, len(ids))
	for _, id := range ids {
		l := sourceLink{ID: id, Name: r.in.SourceName(id)}
		if s := r.sources[id]; s != nil {
			l.Title = s.Title
			if dataset.IsWebURL(s.URL) {
				l.URL = s.URL
			}
			if dataset.IsWebURL(s.ArchiveURL) {
				l.ArchiveURL, l.ArchiveText = s.ArchiveURL, r.archiveText(s)
			}
		}
		out = append(out, l)
	}
	return out
}

func (r *renderer) view(c *charts.Chart) (chartView, error) {
	v := chartView{Chart: c, Sources: groupSources(r.links(c.Sources)), Loc: r.loc, Describe: r.describe(c), ChangeNotes: r.in.ChangeNotes[c.ID]}
	v.Wide = c.Wide()
	v.Legend = r.legend(c)
	if c.Keys != nil {
		v.Legend = mapLegend(c)
	}
	for _, card := range c.Cards {
		cv := cardView{Card: card}
		if card.Mark != nil {
			cv.Swatch = swatch(*card.Mark)
		}
		v.CardViews = append(v.CardViews, cv)
	}
	for _, t := range c.Text {
		v.Text = append(v.Text, textView{Series: t.Series, Label: t.Label, Figure: t.Figure, Links: r.links(t.Sources)})
	}
	if c.Table != nil {
		v.RowsShown, v.RowsTotal = r.loc.Int(int64(c.Table.Shown)), r.loc.Int(int64(len(c.Table.Rows)))
		v.Cut = c.Table.Shown < len(c.Table.Rows)
		for _, row := range c.Table.ShownRows() {
			cells := make([]cellView, len(row))
			for i, cell := range row {
				cells[i] = cellView{Text: cell.Text, Links: r.links(cell.Sources)}
			}
			v.Rows = append(v.Rows, cells)
		}
	}
	if c.Option != nil {
		block, err := DataBlock(c.ID, struct {
			Option map[string]any `json:"option"`
			*charts.Behaviour
		}{c.Option, c.Behaviour})
		if err != nil {
			return v, err
		}
		v.Data = block
	}
	return v, nil
}

// DataBlock encodes v as a JSON data block for chart id. encoding/json
// escapes <, >, & and U+2028/U+2029, so no text can end the element or
// start markup; the block is never executed, only parsed as JSON.
func DataBlock(id string, v any) (template.HTML, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	if bytes.Contains(bytes.ToLower(b), []byte("</script")) || bytes.Contains(b, []byte("<!--")) {
		return "", fmt.Errorf("chart %s: encoded data is not safe for a script element", id)
	}
	return template.HTML(`<script type="application/json" data-chart="` + template.HTMLEscapeString(id) + `">` + string(b) + `</script>`), nil
}

type sourcesBody struct {
	// Kinds are the sources grouped by kind, in the order each kind first
	// appears in sources.csv.
	Kinds []sourceKind
	Loc   *i18n.Locale
}

// sourceKind is the sources of one kind, under its heading.
type sourceKind struct {
	Kind, Heading string
	List          []sourceView
}

// describe is a drawn chart in words, from its data: "Bar chart. People
// killed, by group: All 613; Women 106 (17% of 613 killed); …. Sources:
// 2016 statement."
func (r *renderer) describe(c *charts.Chart) string {
	if c.Option == nil {
		return ""
	}
	kind := c.Word()
	var parts []string
	for _, t := range c.Text {
		item := t.Label + " " + t.Figure
		if t.Series != "" {
			item = t.Series + ", " + item
		}
		parts = append(parts, item)
	}
	var names []string
	for _, g := range groupSources(r.links(c.Sources)) {
		names = append(names, g.Name)
	}
	sep := r.loc.T("list_separator")
	d := r.loc.T("describe", r.loc.T(kind), c.Title, strings.Join(parts, sep))
	if len(names) > 0 {
		d += " " + r.loc.T("describe_sources", strings.Join(names, sep))
	}
	return d
}

type dashboardBody struct {
	Title, Description string
	Charts             []chartView
	// Site and DataDate head the printed page; Sources end it.
	Site, DataDate string
	Loc            *i18n.Locale
	Sources        []printSource
	// Cite is the dashboard's citation.
	Cite *citeView
	// Release heads the printed page too (see pageData.Release).
	Release string
}

// printSource is a source in a printed dashboard's list: its address in
// full, as a link only when it is a web address; its archived copy's
// likewise.
type printSource struct {
	sourceLink
	Link string
	// Archive is the archived copy's address when it is not a web
	// address, shown as text.
	Archive string
}

func (r *renderer) dashboard(d Dashboard) ([]byte, error) {
	body := dashboardBody{Title: d.Title, Description: d.Description, Site: r.in.Title, DataDate: r.in.DataDate, Loc: r.loc, Release: r.release()}
	var cited []string
	for _, c := range d.Charts {
		for _, id := range c.Sources {
			if !slices.Contains(cited, id) {
				cited = append(cited, id)
			}
		}
	}
	for _, l := range r.links(cited) {
		p := printSource{sourceLink: l, Link: l.URL}
		if s := r.sources[l.ID]; s != nil {
			p.URL = s.URL // shown as text when it is not a web address
			if l.ArchiveURL == "" && s.ArchiveURL != "" {
				p.Archive, p.ArchiveText = s.ArchiveURL, r.archiveText(s)
			}
		}
		body.Sources = append(body.Sources, p)
	}
	for _, c := range d.Charts {
		v, err := r.view(c)
		if err != nil {
			return nil, err
		}
		v.Actions = &actions{Embed: embedCode(r.in.BaseURL, c), DataHref: "data/" + c.ID + ".csv"}
		if v.Cite, err = r.citeChart(d, c); err != nil {
			return nil, err
		}
		if c.Option != nil {
			v.Actions.ImageName = c.ID + ".png"
		}
		body.Charts = append(body.Charts, v)
	}
	cv, err := r.citeDashboard(d)
	if err != nil {
		return nil, err
	}
	body.Cite = cv
	return r.page(d.ID, d.ID+".html", d.Title, "dashboard", body, true, mapsOf(d.Charts...)...)
}

type indexBody struct {
	Title, Description string
	Headline           *chartView
	Dashboards         []Dashboard
	SourceCount        int
	Loc                *i18n.Locale
	// Changes: the site has a What-changed page.
	Changes bool
}

func (r *renderer) index() ([]byte, error) {
	body := indexBody{Title: r.in.Title, Description: r.in.Description, Dashboards: r.in.Dashboards, SourceCount: len(r.in.Sources), Loc: r.loc, Changes: r.in.WhatChanged != nil}
	// The home page repeats the first card chart: the headline figures.
	for _, d := range r.in.Dashboards {
		for _, c := range d.Charts {
			if c.Headline() && body.Headline == nil {
				v, err := r.view(c)
				if err != nil {
					return nil, err
				}
				body.Headline = &v
			}
		}
	}
	return r.page("index", "index.html", r.in.Title, "index", body, false)
}

type sourceView struct {
	*dataset.Source
	Link    string
	KindTxt string
	CitedBy int
	Name    string
	Cite    *citeView
	// ArchiveLink is the archived copy's address when it is a web
	// address; ArchiveText its words (see archiveText).
	ArchiveLink, ArchiveText string
	// AccessedText is the date the source was accessed, in words.
	AccessedText string
	// Uses are what the source is cited for: the first few shown, the
	// others (More) folded away.
	Uses, More []SourceUse
	// Unlisted says how many uses are not listed, and where they all are;
	// "" when every use is listed.
	Unlisted string
	// PackageHref is the address of datapackage.json from this page.
	PackageHref string
}

// usesShown is how many uses of a source show before the others fold
// away: a source cited by a hundred records keeps the page readable.
const usesShown = 4

func (r *renderer) sourcesPage() ([]byte, error) {
	var kinds []sourceKind
	at := map[string]int{}
	works := sourceWorks(r.in.Sources)
	for i, s := range r.in.Sources {
		v := sourceView{Source: s, CitedBy: r.in.CitedBy[s.ID], Name: r.in.SourceName(s.ID), KindTxt: s.Kind}
		csl, err := cite.CSLJSON(works[i : i+1])
		if err != nil {
			return nil, err
		}
		v.Cite = &citeView{BibTeX: string(cite.BibTeX(works[i : i+1])), CSL: string(csl), Title: s.Title}
		if r.in.KindName != nil {
			v.KindTxt = r.in.KindName(s.Kind)
		}
		if dataset.IsWebURL(s.URL) {
			v.Link = s.URL
		}
		v.ArchiveText = capitalize(r.archiveText(s)) // it starts a line
		if dataset.IsWebURL(s.ArchiveURL) {
			v.ArchiveLink = s.ArchiveURL
		}
		if s.Accessed != "" {
			v.AccessedText = r.loc.Date(s.Accessed)
		}
		v.Uses = r.in.Uses[s.ID]
		if len(v.Uses) > usesShown+1 {
			v.Uses, v.More = v.Uses[:usesShown], v.Uses[usesShown:]
		}
		if n := r.in.UsesUnlisted[s.ID]; n > 0 {
			v.Unlisted = r.loc.T("cited_for_unlisted", r.loc.Int(int64(n)))
			v.PackageHref = r.root("sources") + "datapackage.json"
		}
		k, ok := at[s.Kind]
		if !ok {
			k = len(kinds)
			at[s.Kind] = k
			kinds = append(kinds, sourceKind{Kind: s.Kind, Heading: capitalize(v.KindTxt)})
		}
		kinds[k].List = append(kinds[k].List, v)
	}
	return r.page("sources", "sources.html", r.loc.T("sources"), "sources", sourcesBody{Kinds: kinds, Loc: r.loc}, false)
}

// capitalize makes the first letter of a heading upper case, in any
// script ("non-governmental organisation", "СМИ").
func capitalize(s string) string {
	for i, c := range s {
		return strings.ToUpper(string(c)) + s[i+len(string(c)):]
	}
	return s
}
