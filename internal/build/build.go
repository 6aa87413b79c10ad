// Package build runs the whole pipeline in memory: load and check the data,
// run every chart's query, build the charts, render the pages. It returns
// the files of the site; writing them is internal/output's job, so the
// preview server and tests reuse the same Build.
package build

import (
	"context"
	"fmt"
	"maps"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/dashgen/dashgen/charts"
	"github.com/dashgen/dashgen/internal/aggregate"
	"github.com/dashgen/dashgen/internal/config"
	"github.com/dashgen/dashgen/internal/dataset"
	"github.com/dashgen/dashgen/internal/diag"
	"github.com/dashgen/dashgen/internal/diff"
	"github.com/dashgen/dashgen/internal/i18n"
	"github.com/dashgen/dashgen/internal/output"
	"github.com/dashgen/dashgen/internal/site"
)

// DefaultVersion is the version pages and the manifest name when the
// caller gives none (Options.Version): tests and goldens, which must not
// depend on the checkout they run in.
const DefaultVersion = "dev"

// Result is a successful build.
type Result struct {
	Files      []output.File
	Warnings   []diag.Diagnostic
	Dashboards int
	Charts     int
	// Changes are what changed since Options.Previous, in diff.Compare's
	// order; nil without a previous release.
	Changes []diff.Change
}

// Options change how a site is built for a purpose other than publishing.
type Options struct {
	// Preview builds pages for dashgen serve: with the live-reload script,
	// and with the scripts shared (one ECharts for every page), which keeps
	// rebuilds fast; the server serves them over http.
	Preview bool
	// Progress, when set, is called as each stage of the build starts,
	// with a line that says what it does ("reading data/casualties.csv").
	Progress func(stage string)
	// Version is dashgen's version, written into every page and the
	// manifest; DefaultVersion when empty. The CLI passes the binary's.
	Version string
	// ShowFrom is the folder messages name data files relative to (the
	// CLI passes its working folder): data/casualties.csv rather than the
	// path the config resolves. Empty, or a data folder outside it, names
	// them as the config resolves them.
	ShowFrom string
	// Previous, when set, is the release the build compares its data
	// with (build --previous): it warns about every change the
	// corrections log does not explain for config's release.version, and
	// Result.Changes lists them all.
	Previous *diff.Release
}

func (o Options) progress(format string, args ...any) {
	if o.Progress != nil {
		o.Progress(fmt.Sprintf(format, args...))
	}
}

// Build builds the site of cfg for publishing. A returned *diag.Errors
// lists every problem in the data and config.
func Build(ctx context.Context, cfg *config.Config) (*Result, error) {
	return BuildWith(ctx, cfg, Options{})
}

// BuildWith is Build with options. It checks ctx in every stage (reading,
// queries and charts, rendering) and returns ctx's error, and no files, as
// soon as it finds ctx done.
func BuildWith(ctx context.Context, cfg *config.Config, opts Options) (*Result, error) {
	data, l, err := load(ctx, cfg, opts)
	if err != nil {
		return nil, err
	}
	var changes []diff.Change
	if opts.Previous != nil && data != nil {
		changes = diff.Compare(opts.Previous.Data, data)
		warnUnexplained(cfg, opts.Previous, changes, data, ShownData(cfg, opts), l)
	}
	checkCharts(cfg, l)
	if err := failed(cfg, l); err != nil {
		return nil, err
	}
	version := opts.Version
	if version == "" {
		version = DefaultVersion
	}
	res := &Result{Dashboards: len(cfg.Dashboards), Changes: changes}
	hist, err := releaseHistory(ctx, cfg, data, opts.Previous, changes)
	if err != nil {
		return nil, err
	}
	pkg, copies := dataPackage(cfg, data)
	if hist != nil {
		hf, err := historyFile(pkg, hist)
		if err != nil {
			return nil, err
		}
		copies = append(copies, hf)
	}
	var langs []site.Language
	for i, lang := range cfg.Languages {
		loc, err := i18n.Load(lang, nil)
		if err != nil {
			return nil, err
		}
		langs = append(langs, site.Language{Lang: lang, Name: loc.T("language_name"), Prefix: languagePrefix(i, lang)})
	}
	var files []output.File
	var inputs []site.Input
	first, err := i18n.Load(cfg.Languages[0], cfg.Interface)
	if err != nil {
		return nil, err
	}
	var queried [][][]*aggregate.Table
	var shown shownBy
	for i, lang := range cfg.Languages {
		lcfg, loc := cfg, first
		var populations map[string]string
		if i > 0 {
			tr, err := cfg.LoadTranslation(lang)
			if err != nil {
				return nil, err
			}
			var overrides map[string]string
			if tr != nil {
				overrides = tr.Interface
			}
			loc, _ = i18n.Load(lang, overrides)
			var missing, unlabelled []string
			lcfg, missing, unlabelled = translate(cfg, tr, first)
			populations, missing = translatePopulations(data, tr, missing)
			warnUntranslated(cfg, lang, tr, missing, unlabelled, loc.Missing, l)
		}
		if i == 0 {
			// The queries run once: their tables hold ids and numbers,
			// which every language words in its own way.
			opts.progress("running queries and building charts (%s)", lang)
			queried = runQueries(ctx, cfg, data, l)
			shown = chartsShowing(cfg, data, queried)
		} else {
			opts.progress("building charts (%s)", lang)
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		in, n, figs, lab := buildLanguage(ctx, cfg, lcfg, data, loc, populations, queried, l)
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if i == 0 {
			res.Charts = n
			if !l.HasErrors() {
				warnUnlabelled(cfg, lab, l)
				warnHiddenDisagreements(ctx, cfg, data, figs, l)
				if err := ctx.Err(); err != nil {
					return nil, err
				}
			}
		}
		if err := failed(cfg, l); err != nil {
			return nil, err
		}
		if hist != nil {
			w := &changesWords{cfg: lcfg, data: data, hist: hist, lab: lab, loc: loc, logLang: cfg.Languages[0], shown: shown}
			if opts.Previous != nil {
				w.prev = opts.Previous.Data
			}
			in.WhatChanged, in.ChangeNotes = w.page(), w.notes()
		}
		in.Version, in.Assets, in.BaseURL = version, cfg.Assets, cfg.BaseURL
		in.Languages, in.Prefix, in.SharedAssetsWritten = langs, languagePrefix(i, lang), i > 0
		in.LinkedData = linkedData(pkg, in.Title, in.Description, lang, in.Prefix, cfg.BaseURL)
		in.Previous, in.Changes = opts.Previous, changes
		if opts.Preview {
			in.Assets, in.LiveReload = "shared", true
		}
		inputs = append(inputs, in)
	}
	// The languages render side by side: each is independent of the others.
	opts.progress("rendering pages")
	rendered := make([][]output.File, len(inputs))
	errs := make([]error, len(inputs))
	var wg sync.WaitGroup
	for i, in := range inputs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rendered[i], errs[i] = site.Render(ctx, in)
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for i := range inputs {
		if errs[i] != nil {
			return nil, errs[i]
		}
		files = append(files, rendered[i]...)
	}
	pf, err := packageFile(pkg)
	if err != nil {
		return nil, err
	}
	files = append(append(files, copies...), pf)
	// Manifest paths are relative to the project folder, so they do not
	// depend on where dashgen was run from.
	read := map[string][]byte{filepath.Base(cfg.Path): cfg.Raw}
	for name, b := range data.Inputs {
		read[path.Join(filepath.ToSlash(cfg.Data.Dir), name)] = b
	}
	var rel *output.Release
	if cfg.Release.Version != "" {
		rel = &output.Release{Version: cfg.Release.Version, Date: cfg.Release.Date}
	}
	files = append(files, output.NewManifest("dashgen "+version, site.EChartsVersion(), rel, read, files))
	res.Files = files
	res.Warnings = l.Warnings()
	return res, nil
}

// languagePrefix is the folder of a language's pages: the first language
// is the site's root, each other one a folder named by its tag.
func languagePrefix(i int, lang string) string {
	if i == 0 {
		return ""
	}
	return lang + "/"
}

// runQueries runs every chart's queries once, for all the languages, for
// a config whose charts passed checkCharts: the tables of dashboard i's
// chart j are at [i][j], nil when a query fails or its rows break a rule
// of the chart's kind (charts.CheckRows; the problem goes to l).
func runQueries(ctx context.Context, cfg *config.Config, data *dataset.Data, l *diag.List) [][][]*aggregate.Table {
	out := make([][][]*aggregate.Table, len(cfg.Dashboards))
	for i, d := range cfg.Dashboards {
		out[i] = make([][]*aggregate.Table, len(d.Charts))
		for j, spec := range d.Charts {
			if ctx.Err() != nil {
				return out // the caller returns ctx's error
			}
			key := fmt.Sprintf("dashboards[%d].charts[%d]", i, j)
			if tables, ok := chartTables(ctx, cfg.Path, key, spec, data, l); ok {
				out[i][j] = tables
			}
		}
	}
	return out
}

// buildLanguage builds the charts of cfg (the texts in one language) from
// the tables of their queries into the site's input; problems go to l,
// with keys of the config file orig.
func buildLanguage(ctx context.Context, orig, cfg *config.Config, data *dataset.Data, loc *i18n.Locale, populations map[string]string, queried [][][]*aggregate.Table, l *diag.List) (site.Input, int, []shownFigures, *Words) {
	lab := NewWords(cfg, data, loc)
	lab.populations = populations
	charts_ := 0
	var shown []shownFigures
	var uses []chartShown
	in := site.Input{
		Title: cfg.Site.Title, Description: cfg.Site.Description, Lang: loc.Lang, Locale: loc,
		Sources: data.Sources, CitedBy: citations(data),
		SourceName: func(id string) string { return lab.Label("source", id) },
		KindName:   func(id string) string { return lab.Label("kind", id) },
		DataDate:   loc.Date(newestDate(data)),
		Release:    cfg.Release.Version, ReleaseDate: cfg.Release.Date,
	}
	for i, d := range cfg.Dashboards {
		sd := site.Dashboard{ID: d.ID, Title: d.Title, Description: d.Description}
		for j, spec := range d.Charts {
			if ctx.Err() != nil {
				return in, charts_, shown, lab // the caller returns ctx's error
			}
			key := fmt.Sprintf("dashboards[%d].charts[%d]", i, j)
			tables := queried[i][j]
			if tables == nil {
				continue // runQueries reported why
			}
			c, err := charts.Build(spec, tables, lab)
			if err != nil {
				l.KeyErrorf(diag.ChartError, orig.Path, key+".type", "chart %q: %v", spec.ID, err)
				continue
			}
			sd.Charts = append(sd.Charts, c)
			uses = append(uses, chartShown{chartLink(d.ID, spec.ID, c.Title), tables})
			charts_++
			shown = append(shown, shownFigures{key, tables})
		}
		in.Dashboards = append(in.Dashboards, sd)
	}
	in.Uses, in.UsesUnlisted = sourceUses(data, lab, uses)
	return in, charts_, shown, lab
}

// checkCharts reports the problems of every chart's spec (charts.Check):
// its type, what its kind needs, its queries against the datasets'
// columns. They need no data, so they are found with the data's own.
func checkCharts(cfg *config.Config, l *diag.List) {
	names := datasetNames(cfg)
	for i, d := range cfg.Dashboards {
		for j, spec := range d.Charts {
			report(l, cfg.Path, fmt.Sprintf("dashboards[%d].charts[%d]", i, j), charts.Check(spec, names))
		}
	}
}

// chartTables runs the queries of a chart whose spec charts.Check passed
// and reports the problems of their rows (charts.CheckRows) under key;
// false when there are any, or a query fails.
func chartTables(ctx context.Context, file, key string, spec config.Chart, data *dataset.Data, l *diag.List) ([]*aggregate.Table, bool) {
	var tables []*aggregate.Table
	bad := false
	for k, q := range spec.Queries {
		// The rows carry the cells of the columns a table shows (other
		// charts name none).
		t, err := aggregate.Run(ctx, data, q, spec.Columns)
		if ctx.Err() != nil {
			return nil, false
		}
		if err != nil {
			qk := key + ".query"
			if len(spec.Queries) > 1 {
				qk = fmt.Sprintf("%s.queries[%d]", key, k)
			}
			l.KeyErrorf(diag.QueryError, file, qk, "%v", err)
			bad = true
			continue
		}
		tables = append(tables, t)
	}
	if bad {
		return nil, false
	}
	problems := charts.CheckRows(spec, tables)
	report(l, file, key, problems)
	return tables, len(problems) == 0
}

// report adds a chart's problems to l, under the chart's key.
func report(l *diag.List, file, key string, problems []charts.Problem) {
	for _, p := range problems {
		l.KeyErrorf(p.Code, file, key+"."+p.Key, "%s", p.Message)
	}
}

// Load loads and checks the data files cfg names, without building.
func Load(cfg *config.Config) (*dataset.Data, *diag.List) {
	data, l, _ := load(context.Background(), cfg, Options{})
	return data, l
}

// load is Load, stopping with ctx's error when ctx ends.
func load(ctx context.Context, cfg *config.Config, opts Options) (*dataset.Data, *diag.List, error) {
	spec := dataset.Spec{Dir: cfg.ResolvedDataDir(), Shown: ShownData(cfg, opts),
		Vocabulary: map[string][]string{}}
	spec.Limits.FileBytes, spec.Limits.CellBytes = cfg.Limits.Bytes()
	if opts.Progress != nil {
		spec.Reading = func(shown string) { opts.progress("reading %s", shown) }
	}
	for _, kind := range i18n.DeclaredKinds {
		spec.Vocabulary[kind] = cfg.Vocabulary(kind)
	}
	for i, f := range cfg.Data.Figures {
		spec.Figures = append(spec.Figures, dataset.FigureFile{Name: f.Name, File: f.File, Key: fmt.Sprintf("data.figures[%d].file", i)})
	}
	spec.NeedRecognitions = readerOf(cfg, "recognitions")
	spec.Release, spec.ReleaseDate, spec.ReleaseFrom = cfg.Release.Version, cfg.Release.Date, cfg.Path
	data, l, err := dataset.LoadContext(ctx, spec)
	if err != nil {
		return nil, l, err
	}
	if data != nil {
		warnUncited(data, l)
	}
	return data, l, nil
}

// ShownData is the data folder as messages name it.
func ShownData(cfg *config.Config, opts Options) string {
	if opts.ShowFrom != "" {
		return shownFrom(opts.ShowFrom, cfg.ResolvedDataDir())
	}
	return shownDataDir(cfg)
}

// readerOf is the config key of the first query that reads dataset, ""
// when none does.
func readerOf(cfg *config.Config, dataset string) string {
	for i, d := range cfg.Dashboards {
		for j, c := range d.Charts {
			for k, q := range c.Queries {
				if q.Dataset != dataset {
					continue
				}
				if len(c.Queries) > 1 {
					return fmt.Sprintf("dashboards[%d].charts[%d].queries[%d].dataset", i, j, k)
				}
				return fmt.Sprintf("dashboards[%d].charts[%d].query.dataset", i, j)
			}
		}
	}
	return ""
}

// shownDataDir is the data folder as messages name it when the caller
// names no folder to show it from: as the config resolves it.
func shownDataDir(cfg *config.Config) string {
	return filepath.ToSlash(cfg.ResolvedDataDir())
}

// shownFrom is an absolute dir relative to the absolute folder from, when
// it lies inside it (data/casualties.csv); else dir as it is. It reads
// nothing of the process (no working folder).
func shownFrom(from, dir string) string {
	if filepath.IsAbs(from) && filepath.IsAbs(dir) {
		if rel, err := filepath.Rel(from, dir); err == nil && !strings.HasPrefix(rel, "..") {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(dir)
}

func datasetNames(cfg *config.Config) []string {
	var names []string
	for _, f := range cfg.Data.Figures {
		names = append(names, f.Name)
	}
	return names
}

// citations counts how many figures, records and events cite each source.
func citations(d *dataset.Data) map[string]int {
	n := map[string]int{}
	for _, f := range d.Figures {
		for _, s := range f.Sources {
			n[s]++
		}
	}
	for _, r := range d.Recognitions {
		for _, s := range r.Sources {
			n[s]++
		}
	}
	for _, e := range d.Events {
		for _, s := range e.PopulationSource {
			n[s]++
		}
	}
	return n
}

// warnUncited warns about sources nobody cites.
func warnUncited(d *dataset.Data, l *diag.List) {
	n := citations(d)
	for _, s := range d.Sources {
		if n[s.ID] == 0 && s.ID != "" {
			l.Warnf(diag.UncitedSource, s.File, s.Line, 1, "source %q is not cited by any figure, recognition or event", s.ID)
		}
	}
}

// failed returns the build's error, if any; with strict, warnings count.
func failed(cfg *config.Config, l *diag.List) error {
	if cfg.Strict {
		l.Strict()
	}
	return l.Err()
}

// warnUnlabelled warns about vocabulary ids that pages show without a label
// from config.yaml (they appear as the id made readable).
func warnUnlabelled(cfg *config.Config, lab *Words, l *diag.List) {
	for _, vocab := range slices.Sorted(maps.Keys(lab.unlabelled)) {
		for _, id := range slices.Sorted(maps.Keys(lab.unlabelled[vocab])) {
			l.KeyWarnf(diag.MissingLabel, cfg.Path, "labels."+vocab+"."+id,
				"%q has no label, so pages show it as %q; add one under labels.%s", id, lab.Label(vocab, id), vocab)
		}
	}
}

// shownFigures is the tables one chart draws, by its config key.
type shownFigures struct {
	key    string
	tables []*aggregate.Table
}

// warnHiddenDisagreements warns when a chart shows a figure that another
// source gives differently (same event, measure, group and unit) and no
// chart of the site shows the two side by side: the reader would see one
// side of a disagreement without knowing there is another.
func warnHiddenDisagreements(ctx context.Context, cfg *config.Config, data *dataset.Data, shown []shownFigures, l *diag.List) {
	type quantity struct{ event, measure, group, unit string }
	byQuantity := map[quantity][]*dataset.Figure{}
	for _, f := range data.Figures {
		q := quantity{f.Event, f.Measure, f.Group, f.Unit}
		byQuantity[q] = append(byQuantity[q], f)
	}
	// chartsOf lists, for each figure shown, the charts (indices of shown,
	// ascending) that show it: two figures are side by side when their
	// lists meet. This takes a step per figure shown, where a set of every
	// pair a chart shows took a step per pair, the square of its rows.
	chartsOf := map[string][]int{}
	for i, s := range shown {
		if ctx.Err() != nil {
			return // the build returns ctx's error
		}
		for _, t := range s.tables {
			for _, r := range t.Rows {
				if r.Figure == "" {
					continue
				}
				if cs := chartsOf[r.Figure]; len(cs) == 0 || cs[len(cs)-1] != i {
					chartsOf[r.Figure] = append(cs, i)
				}
			}
		}
	}
	together := func(a, b string) bool { return meet(chartsOf[a], chartsOf[b]) }
	warned := map[string]bool{}
	for _, s := range shown {
		if ctx.Err() != nil {
			return
		}
		for _, t := range s.tables {
			for _, r := range t.Rows {
				if ctx.Err() != nil {
					return
				}
				if r.Figure == "" || warned[s.key+r.Figure] {
					continue
				}
				f := data.Figure(r.Figure)
				if f == nil {
					continue
				}
				for _, g := range byQuantity[quantity{f.Event, f.Measure, f.Group, f.Unit}] {
					if g == f || sameSources(f, g) || !disagree(f, g) || together(f.ID, g.ID) {
						continue
					}
					warned[s.key+f.ID] = true
					l.KeyWarnf(diag.HiddenDisagreed, cfg.Path, s.key,
						"shows figure %q (%s) but %q gives %s for the same measure and group, and no chart shows the two side by side; add a chart that compares the sources",
						f.ID, figureText(f), g.ID, figureText(g))
					break
				}
			}
		}
	}
}

// meet reports whether two ascending lists have an item in common.
func meet(a, b []int) bool {
	for len(a) > 0 && len(b) > 0 {
		switch {
		case a[0] == b[0]:
			return true
		case a[0] < b[0]:
			a = a[1:]
		default:
			b = b[1:]
		}
	}
	return false
}

func sameSources(a, b *dataset.Figure) bool { return slices.Equal(a.Sources, b.Sources) }

// disagree reports whether two figures state different numbers.
func disagree(a, b *dataset.Figure) bool {
	return a.Qualifier != b.Qualifier || !equalCount(a.Value, b.Value) ||
		!equalCount(a.Min, b.Min) || !equalCount(a.Max, b.Max)
}

func equalCount(a, b *int64) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// figureText writes a figure as its qualifier and value, for messages.
func figureText(f *dataset.Figure) string {
	switch {
	case f.Qualifier == "range" && f.Min != nil && f.Max != nil:
		return fmt.Sprintf("%d to %d", *f.Min, *f.Max)
	case f.Value == nil:
		return "no value"
	case f.Qualifier == "exact":
		return fmt.Sprint(*f.Value)
	}
	return strings.ReplaceAll(f.Qualifier, "_", " ") + " " + fmt.Sprint(*f.Value)
}

// newestDate is the latest date anywhere in the data: figures' as_of,
// sources' publication and access, recognitions' dates. Partial dates
// (1992, 1992-02) compare correctly as text.
func newestDate(d *dataset.Data) string {
	newest := ""
	for _, f := range d.Figures {
		newest = max(newest, f.AsOf)
	}
	for _, s := range d.Sources {
		newest = max(newest, s.Published, s.Accessed)
	}
	for _, r := range d.Recognitions {
		newest = max(newest, r.Date)
	}
	return newest
}
