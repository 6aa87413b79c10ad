package build

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/dashgen/dashgen/internal/benchdata"
	"github.com/dashgen/dashgen/internal/config"
	"github.com/dashgen/dashgen/internal/diag"
	"github.com/dashgen/dashgen/internal/diff"
)

// changesProject is a temporary copy of the default project, and its
// config.
type changesProject struct {
	t   *testing.T
	dir string
}

func newChangesProject(t *testing.T) *changesProject {
	t.Helper()
	dir := t.TempDir()
	if err := benchdata.CopyProject("../..", dir); err != nil {
		t.Fatal(err)
	}
	return &changesProject{t, dir}
}

// edit replaces old by new in the project's file name, once.
func (p *changesProject) edit(name, old, new string) {
	p.t.Helper()
	f := filepath.Join(p.dir, filepath.FromSlash(name))
	b, err := os.ReadFile(f)
	if err != nil {
		p.t.Fatal(err)
	}
	if bytes.Count(b, []byte(old)) != 1 {
		p.t.Fatalf("%s: %q is not in it once", name, old)
	}
	if err := os.WriteFile(f, bytes.Replace(b, []byte(old), []byte(new), 1), 0o644); err != nil {
		p.t.Fatal(err)
	}
}

// release states version and date in config.yaml.
func (p *changesProject) release(version, date string) {
	p.t.Helper()
	f := filepath.Join(p.dir, "config.yaml")
	b, err := os.ReadFile(f)
	if err != nil {
		p.t.Fatal(err)
	}
	b = regexp.MustCompile(`(?m)^  version: .*$`).ReplaceAll(b, []byte("  version: "+version))
	b = regexp.MustCompile(`(?m)^  date: .*$`).ReplaceAll(b, []byte("  date: "+date))
	if err := os.WriteFile(f, b, 0o644); err != nil {
		p.t.Fatal(err)
	}
}

// log writes the corrections log.
func (p *changesProject) log(rows ...string) {
	p.t.Helper()
	text := "version,date,ids,change,reason,source\n" + strings.Join(rows, "\n") + "\n"
	if err := os.WriteFile(filepath.Join(p.dir, "data", "corrections.csv"), []byte(text), 0o644); err != nil {
		p.t.Fatal(err)
	}
}

// build builds the project, with the previous release when prev is set,
// and fails the test on an error or a warning about changes.
func (p *changesProject) build(prev *diff.Release) *Result {
	p.t.Helper()
	cfg, err := config.Load(filepath.Join(p.dir, "config.yaml"), nil)
	if err != nil {
		p.t.Fatal(err)
	}
	res, err := BuildWith(context.Background(), cfg, Options{Previous: prev})
	if err != nil {
		p.t.Fatal(err)
	}
	for _, w := range res.Warnings {
		if w.Code == diag.UnexplainedChange || w.Code == diag.LoggedUnchanged {
			p.t.Errorf("warning: %s", w)
		}
	}
	return res
}

// publish writes a build's files to a folder and reads it back as a
// previous release.
func publish(t *testing.T, res *Result) *diff.Release {
	t.Helper()
	dir := t.TempDir()
	for _, f := range res.Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	rel, err := diff.Load(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	return rel
}

func page(t *testing.T, res *Result, p string) string {
	t.Helper()
	return string(fileOf(t, res.Files, p))
}

// mustContain fails for each want not in the page p.
func mustContain(t *testing.T, res *Result, p string, want ...string) {
	t.Helper()
	s := page(t, res, p)
	for _, w := range want {
		if !strings.Contains(s, w) {
			t.Errorf("%s lacks %q", p, w)
		}
	}
}

var (
	hrefRE = regexp.MustCompile(`href="([^"]*)"`)
	idRE   = regexp.MustCompile(`id="([^"]*)"`)
)

// checkLinks checks that every link of page p to a page of the site (a
// relative address, with or without an anchor) leads to a file of the
// build, and its anchor to an element of that file.
func checkLinks(t *testing.T, res *Result, p string) {
	t.Helper()
	for _, m := range hrefRE.FindAllStringSubmatch(page(t, res, p), -1) {
		href := m[1]
		if strings.Contains(href, "://") || strings.HasPrefix(href, "mailto:") {
			continue
		}
		target, anchor, _ := strings.Cut(href, "#")
		file := p
		if target != "" {
			file = filepath.ToSlash(filepath.Join(filepath.Dir(p), target))
		}
		if !hasFile(res.Files, file) {
			t.Errorf("%s links to %s, which the build does not write", p, href)
			continue
		}
		if anchor == "" || !strings.HasSuffix(file, ".html") {
			continue
		}
		found := false
		for _, id := range idRE.FindAllStringSubmatch(page(t, res, file), -1) {
			found = found || id[1] == anchor
		}
		if !found {
			t.Errorf("%s links to %s, but %s has no element of that id", p, href, file)
		}
	}
}

func historyOf(t *testing.T, res *Result) diff.History {
	t.Helper()
	var h diff.History
	if err := json.Unmarshal(fileOf(t, res.Files, diff.HistoryPath), &h); err != nil {
		t.Fatal(err)
	}
	return h
}

// TestNoLogNoChangesPage: a project without a corrections log has no
// What-changed page, no link to one, and no history.
func TestNoLogNoChangesPage(t *testing.T) {
	res := defaultBuild(t)
	for _, f := range res.Files {
		if strings.HasSuffix(f.Path, "changes.html") || f.Path == diff.HistoryPath {
			t.Errorf("the build writes %s", f.Path)
		}
		if strings.HasSuffix(f.Path, ".html") && bytes.Contains(f.Data, []byte("changes.html")) {
			t.Errorf("%s links to a What-changed page", f.Path)
		}
		if strings.HasSuffix(f.Path, ".html") && bytes.Contains(f.Data, []byte(`class="changed"`)) {
			t.Errorf("%s has a chart note of a change", f.Path)
		}
	}
	for _, r := range readPackage(t, res.Files).Resources {
		if r.Path == diff.HistoryPath {
			t.Errorf("the data package lists %s", r.Path)
		}
	}
}

// TestChangesCarriedForward builds three releases of a copy of the
// default project, each against the one before: 1.0.0 (no log), 1.0.1
// (one figure corrected) and 1.1.0 (another corrected to a lower bound).
// Each What-changed page, in every language, shows each version's old
// and new values as the charts write them, the charts showing a changed
// figure say so under them, and every link leads to an existing anchor.
func TestChangesCarriedForward(t *testing.T) {
	p := newChangesProject(t)
	rel100 := publish(t, p.build(nil))

	p.edit("data/casualties.csv", "statement-killed,khojaly-1992,killed,all,,,613,", "statement-killed,khojaly-1992,killed,all,,,614,")
	p.release("1.0.1", "2026-12-01")
	p.log("1.0.1,2026-12-01,statement-killed,corrected,One more victim was identified,statement-2016")
	res101 := p.build(rel100)
	for _, lang := range []string{"", "az/", "ru/"} {
		checkLinks(t, res101, lang+"changes.html")
		checkLinks(t, res101, lang+"overview.html")
		checkLinks(t, res101, lang+"index.html")
		checkLinks(t, res101, lang+"embed/killed-by-group.html")
	}
	mustContain(t, res101, "changes.html",
		`<h2 id="release-1.0.1-title">Release 1.0.1, 1 December 2026</h2>`,
		`Values before the changes: as published in release 1.0.0.`,
		`<li id="change-1.0.1-1"><p><strong class="change-kind">Corrected</strong>: <span class="change-reason">One more victim was identified</span></p>`,
		`<span class="change-name">Killed, All · 2016 statement</span> <code class="change-id" translate="no">statement-killed</code><br><span class="change-values"><span class="was">613</span> → <span class="now">614</span></span>`,
		`<a href="overview.html#chart-killed-by-group">`,
		`<a href="sources.html#source-statement-2016"`,
		`<a href="package/changes.json" download>`)
	mustContain(t, res101, "ru/changes.html",
		`Выпуск 1.0.1 от 1 декабря 2026`,
		`<strong class="change-kind">Исправлено</strong>: <span class="change-reason" lang="en">One more victim was identified</span>`,
		`<span class="was">613</span> → <span class="now">614</span>`,
		`<a href="../package/changes.json" download>`)
	note := `<li class="changed"><a href="changes.html#change-1.0.1-1">Corrected in 1.0.1: One more victim was identified (613 → 614)</a></li>`
	mustContain(t, res101, "overview.html", note, `<a class="changes-link" href="changes.html">What changed</a>`)
	mustContain(t, res101, "index.html", `<li><a href="changes.html">What changed</a>`)
	mustContain(t, res101, "sources.html", `<a class="changes-link" href="changes.html">What changed</a>`)
	mustContain(t, res101, "ru/overview.html", `<li class="changed"><a href="changes.html#change-1.0.1-1">Исправлено в выпуске 1.0.1: <span lang="en">One more victim was identified</span> (613 → 614)</a></li>`)
	mustContain(t, res101, "embed/killed-by-group.html", `<li class="changed"><a href="../changes.html#change-1.0.1-1" target="_blank">Corrected in 1.0.1: One more victim was identified (613 → 614)</a></li>`)
	// The chart's data download carries the note too, in each language.
	mustContain(t, res101, "data/killed-by-group.json", `"changes": [
    "Corrected in 1.0.1: One more victim was identified (613 → 614)"
  ]`)
	mustContain(t, res101, "ru/data/killed-by-group.json", `"Исправлено в выпуске 1.0.1: One more victim was identified (613 → 614)"`)
	if s := page(t, res101, "data/wounded-by-group.json"); strings.Contains(s, `"changes"`) {
		t.Error("the download of a chart that shows no changed figure has a note of a change")
	}
	if s := page(t, res101, "embed/wounded-by-group.html"); strings.Contains(s, `class="changed"`) {
		t.Error("a chart that shows no changed figure has a note of a change")
	}
	if strings.Contains(page(t, res101, "changes.html"), `class="changes-unknown"`) {
		t.Error("a build against the previous release says it does not know the old values")
	}
	// The history is a resource of the data package, with its hash.
	var listed bool
	for _, r := range readPackage(t, res101.Files).Resources {
		if r.Path == diff.HistoryPath {
			b := fileOf(t, res101.Files, diff.HistoryPath)
			sum := sha256.Sum256(b)
			listed = r.Bytes == len(b) && r.Hash == "sha256:"+hex.EncodeToString(sum[:]) && r.MediaType == "application/json"
		}
	}
	if !listed {
		t.Errorf("the data package does not list %s with its size and hash", diff.HistoryPath)
	}
	// A resource that is not a table: no type, no table schema, and the
	// path the Data Package profile accepts.
	var raw struct{ Resources []map[string]any }
	if err := json.Unmarshal(fileOf(t, res101.Files, PackageFile), &raw); err != nil {
		t.Fatal(err)
	}
	for _, r := range raw.Resources {
		if r["path"] != diff.HistoryPath {
			if r["type"] != "table" || r["schema"] == nil {
				t.Errorf("resource %v lost its type or schema", r["path"])
			}
			continue
		}
		var keys []string
		for k := range r {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if strings.Join(keys, " ") != "bytes encoding format hash mediatype name path" || r["name"] != "changes" || !posixPath(diff.HistoryPath) {
			t.Errorf("history resource %v", r)
		}
	}
	if !strings.Contains(page(t, res101, "index.html"), `"encodingFormat":"application/json","contentUrl":"package/changes.json"`) {
		t.Error("the index's JSON-LD does not offer the history as JSON")
	}
	rel101 := publish(t, res101)

	p.edit("data/casualties.csv", "statement-killed-women,khojaly-1992,killed,women,statement-killed,overlap,106,exact", "statement-killed-women,khojaly-1992,killed,women,statement-killed,overlap,107,at_least")
	p.release("1.1.0", "2027-01-15")
	p.log("1.0.1,2026-12-01,statement-killed,corrected,One more victim was identified,statement-2016",
		"1.1.0,2027-01-15,statement-killed-women,corrected,The count of women is a lower bound,statement-2016")
	res110 := p.build(rel101)
	h := historyOf(t, res110)
	if len(h.Releases) != 2 || h.Releases[0].Version != "1.1.0" || h.Releases[0].Previous != "1.0.1" ||
		h.Releases[1].Version != "1.0.1" || h.Releases[1].Previous != "1.0.0" {
		t.Fatalf("history %+v", h)
	}
	s := page(t, res110, "changes.html")
	i110, i101 := strings.Index(s, `id="release-1.1.0"`), strings.Index(s, `id="release-1.0.1"`)
	if i110 < 0 || i101 < 0 || i110 > i101 {
		t.Errorf("the page does not list 1.1.0 then 1.0.1")
	}
	mustContain(t, res110, "changes.html",
		`<span class="was">106</span> → <span class="now">at least 107</span>`,
		`<span class="was">613</span> → <span class="now">614</span>`,
		`Values before the changes: as published in release 1.0.1.`)
	mustContain(t, res110, "ru/changes.html", `<span class="was">106</span> → <span class="now">не менее 107</span>`)
	mustContain(t, res110, "overview.html", `<li class="changed"><a href="changes.html#change-1.1.0-1">Corrected in 1.1.0: The count of women is a lower bound (106 → at least 107)</a></li>`)
	if strings.Contains(page(t, res110, "overview.html"), "Corrected in 1.0.1") {
		t.Error("a chart still notes a change of an earlier release")
	}
	for _, lang := range []string{"", "az/", "ru/"} {
		checkLinks(t, res110, lang+"changes.html")
		checkLinks(t, res110, lang+"overview.html")
	}

	// The same inputs, the same previous release: the same bytes.
	again := p.build(rel101)
	if len(again.Files) != len(res110.Files) {
		t.Fatalf("%d files, then %d", len(res110.Files), len(again.Files))
	}
	for i, f := range res110.Files {
		if g := again.Files[i]; g.Path != f.Path || !bytes.Equal(g.Data, f.Data) {
			t.Errorf("%s differs between two builds of the same inputs", f.Path)
		}
	}

	// A build of the same release against its own output keeps its
	// record: the old values stay.
	same := p.build(publish(t, res110))
	if !bytes.Equal(fileOf(t, same.Files, diff.HistoryPath), fileOf(t, res110.Files, diff.HistoryPath)) {
		t.Error("a build against its own release's output changed the history")
	}

	// Without the previous release, the page lists the log with the
	// current values, and says once that the old ones are not known.
	alone := p.build(nil)
	mustContain(t, alone, "changes.html",
		`<p class="changes-unknown">The values before the changes of releases 1.1.0, 1.0.1 are not known to this build (they were not compared with the releases before them), so the current values are shown.</p>`,
		`<span class="change-values">now at least 107</span>`,
		`<span class="change-values">now 614</span>`)
	if n := strings.Count(page(t, alone, "changes.html"), "are not known to this build"); n != 1 {
		t.Errorf("the page says %d times that the old values are not known", n)
	}
	mustContain(t, alone, "overview.html", `<li class="changed"><a href="changes.html#change-1.1.0-1">Corrected in 1.1.0: The count of women is a lower bound</a></li>`)
	if h := historyOf(t, alone); len(h.Releases) != 0 {
		t.Errorf("a build without the previous release records %+v", h.Releases)
	}
}

// TestRecordNotes: an entry naming a recognition puts its note under the
// charts whose query counts that record, and not under one whose filter
// leaves it out (the map of US states, for a country's recognition); the
// page links those charts.
func TestRecordNotes(t *testing.T) {
	p := newChangesProject(t)
	p.release("1.0.1", "2026-12-01")
	p.log("1.0.1,2026-12-01,rec-mexico,corrected,The date was confirmed,report-az-mexico")
	res := p.build(nil)
	note := `<li class="changed"><a href="changes.html#change-1.0.1-1">Corrected in 1.0.1: The date was confirmed</a></li>`
	s := page(t, res, "recognitions.html")
	for _, chart := range []string{"recognitions-map-world", "recognitions-map-us"} {
		i := strings.Index(s, `id="chart-`+chart+`"`)
		if i < 0 {
			t.Fatalf("recognitions.html has no chart %s", chart)
		}
		end := strings.Index(s[i:], "</section>")
		has := strings.Contains(s[i:i+end], note)
		if want := chart == "recognitions-map-world"; has != want {
			t.Errorf("%s: note %v, want %v", chart, has, want)
		}
	}
	mustContain(t, res, "changes.html", `<a href="recognitions.html#chart-recognitions-map-world">`, `<span class="change-name">Mexico, Chamber of Deputies, December 2011</span>`)
	if strings.Contains(page(t, res, "changes.html"), `recognitions.html#chart-recognitions-map-us"`) {
		t.Error("the page says the map of US states shows a country's recognition")
	}
	checkLinks(t, res, "changes.html")
}
