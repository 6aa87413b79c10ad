package main

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// readOut reads a file of an output folder.
func readOut(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var changeNoteRE = regexp.MustCompile(`<li class="changed"><a href="changes\.html#([^"]+)">([^<]*)</a></li>`)

// TestWhatChanged is issue 20's "Done when" for the What-changed page:
// one figure of the default data changed, logged as 1.0.1, the release
// bumped, and built with --previous the 1.0.0 output (--strict: no
// warning) gives a What-changed page in every language and a chart note
// with the old and new values, the note linking to the page's entry. The
// next release, built against 1.0.1's output, keeps 1.0.1's values; the
// same inputs give the same bytes; a history changed after its release
// was built is refused, and nothing is written.
func TestWhatChanged(t *testing.T) {
	t.Parallel()
	exe := binary(t)
	tmp := t.TempDir()
	out100 := filepath.Join(tmp, "1.0.0")
	if r := run(t, exe, project(t), "build", "--out", out100); r.code != 0 {
		t.Fatalf("build 1.0.0: exit %d\n%s", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(out100, "changes.html")); err == nil {
		t.Error("a project with no corrections log has a What-changed page")
	}
	dir := project(t)
	replaceIn(t, filepath.Join(dir, "data", "casualties.csv"), "\nstatement-killed,khojaly-1992,killed,all,,,613,", "\nstatement-killed,khojaly-1992,killed,all,,,614,")
	replaceIn(t, filepath.Join(dir, "config.yaml"), "version: 1.0.0", "version: 1.0.1")
	replaceIn(t, filepath.Join(dir, "config.yaml"), "date: 2026-11-29", "date: 2026-12-01")
	log := "version,date,ids,change,reason,source\n1.0.1,2026-12-01,statement-killed,corrected,One more victim was identified,statement-2016\n"
	if err := os.WriteFile(filepath.Join(dir, "data", "corrections.csv"), []byte(log), 0o644); err != nil {
		t.Fatal(err)
	}
	out101 := filepath.Join(tmp, "1.0.1")
	r := run(t, exe, dir, "build", "--previous", out100, "--strict", "--out", out101)
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("build --previous --strict: exit %d\n%s", r.code, r.stderr)
	}
	for _, c := range []struct{ page, want string }{
		{"changes.html", `<span class="was">613</span> → <span class="now">614</span>`},
		{"changes.html", `<li id="change-1.0.1-1"><p><strong class="change-kind">Corrected</strong>: <span class="change-reason">One more victim was identified</span></p>`},
		{"ru/changes.html", `<strong class="change-kind">Исправлено</strong>: <span class="change-reason" lang="en">One more victim was identified</span>`},
		{"az/changes.html", `<span class="was">613</span> → <span class="now">614</span>`},
		{"index.html", `<li><a href="changes.html">What changed</a>`},
		{"overview.html", `<a class="changes-link" href="changes.html">What changed</a>`},
		{"manifest.json", `"package/changes.json"`},
		{"datapackage.json", `"path": "package/changes.json"`},
	} {
		if !strings.Contains(readOut(t, out101, c.page), c.want) {
			t.Errorf("%s lacks %s", c.page, c.want)
		}
	}
	// The note under the chart, and the entry it leads to.
	notes := changeNoteRE.FindAllStringSubmatch(readOut(t, out101, "overview.html"), -1)
	if len(notes) == 0 {
		t.Fatal("overview.html has no chart note of the change")
	}
	for _, n := range notes {
		if n[2] != "Corrected in 1.0.1: One more victim was identified (613 → 614)" {
			t.Errorf("note %q", n[2])
		}
		if !strings.Contains(readOut(t, out101, "changes.html"), `<li id="`+n[1]+`">`) {
			t.Errorf("the note links to #%s, which changes.html does not have", n[1])
		}
	}
	if !strings.Contains(readOut(t, out101, "ru/overview.html"), `Исправлено в выпуске 1.0.1: <span lang="en">One more victim was identified</span> (613 → 614)`) {
		t.Error("ru/overview.html has no chart note of the change")
	}

	// The same inputs and the same previous release: the same bytes.
	again := filepath.Join(tmp, "again")
	if r := run(t, exe, dir, "build", "--previous", out100, "--out", again); r.code != 0 {
		t.Fatalf("build again: exit %d\n%s", r.code, r.stderr)
	}
	a, b := snapshot(t, out101), snapshot(t, again)
	if len(a) != len(b) {
		t.Errorf("%d files, then %d", len(a), len(b))
	}
	for name, data := range a {
		if b[name] != data {
			t.Errorf("%s differs between two builds of the same inputs", name)
		}
	}

	// 1.1.0, against 1.0.1's output: 1.0.1's old and new values stay.
	replaceIn(t, filepath.Join(dir, "config.yaml"), "version: 1.0.1", "version: 1.1.0")
	replaceIn(t, filepath.Join(dir, "config.yaml"), "date: 2026-12-01", "date: 2027-01-15")
	replaceIn(t, filepath.Join(dir, "data", "casualties.csv"), "\nstatement-killed-women,khojaly-1992,killed,women,statement-killed,overlap,106,exact,", "\nstatement-killed-women,khojaly-1992,killed,women,statement-killed,overlap,107,at_least,")
	log += "1.1.0,2027-01-15,statement-killed-women,corrected,The count of women is a lower bound,statement-2016\n"
	if err := os.WriteFile(filepath.Join(dir, "data", "corrections.csv"), []byte(log), 0o644); err != nil {
		t.Fatal(err)
	}
	out110 := filepath.Join(tmp, "1.1.0")
	if r := run(t, exe, dir, "build", "--previous", out101, "--strict", "--out", out110); r.code != 0 || r.stderr != "" {
		t.Fatalf("build 1.1.0 --previous 1.0.1: exit %d\n%s", r.code, r.stderr)
	}
	page := readOut(t, out110, "changes.html")
	for _, want := range []string{`<span class="was">106</span> → <span class="now">at least 107</span>`, `<span class="was">613</span> → <span class="now">614</span>`} {
		if !strings.Contains(page, want) {
			t.Errorf("1.1.0's changes.html lacks %s", want)
		}
	}

	// A history changed after its release was built is not carried.
	hist := filepath.Join(out101, "package", "changes.json")
	b101 := readOut(t, out101, "package/changes.json")
	changed := strings.Replace(b101, "613", "612", 1)
	if err := os.WriteFile(hist, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	refused := filepath.Join(tmp, "refused")
	r = run(t, exe, dir, "build", "--previous", out101, "--out", refused)
	was, now := sha256.Sum256([]byte(b101)), sha256.Sum256([]byte(changed))
	want := filepath.ToSlash(out101) + "/package/changes.json: has SHA-256 sha256:" + hex.EncodeToString(now[:]) +
		", but datapackage.json says sha256:" + hex.EncodeToString(was[:]) + " (resources[N].hash); the copy was changed, so the release cannot be compared\n" +
		"dashgen: 1 error; nothing was written\n"
	if got := regexp.MustCompile(`resources\[\d+\]`).ReplaceAllString(r.stderr, "resources[N]"); r.code != 1 || got != want {
		t.Errorf("build --previous with a changed history: exit %d\n%s\nwant exit 1 and\n%s", r.code, got, want)
	}
	if _, err := os.Stat(refused); err == nil {
		t.Error("a refused build wrote its output folder")
	}
}

// TestWhatChangedExport: the exports carry a chart's note of what
// changed, with the old and new values when export is given the previous
// release: in the SVG's text, in English and in Russian.
func TestWhatChangedExport(t *testing.T) {
	browser := findBrowser(t)
	t.Parallel()
	exe := binary(t)
	tmp := t.TempDir()
	out100 := filepath.Join(tmp, "1.0.0")
	if r := run(t, exe, project(t), "build", "--out", out100); r.code != 0 {
		t.Fatalf("build 1.0.0: exit %d\n%s", r.code, r.stderr)
	}
	dir := project(t)
	replaceIn(t, filepath.Join(dir, "data", "casualties.csv"), "\nstatement-killed,khojaly-1992,killed,all,,,613,", "\nstatement-killed,khojaly-1992,killed,all,,,614,")
	replaceIn(t, filepath.Join(dir, "config.yaml"), "version: 1.0.0", "version: 1.0.1")
	replaceIn(t, filepath.Join(dir, "config.yaml"), "date: 2026-11-29", "date: 2026-12-01")
	log := "version,date,ids,change,reason,source\n1.0.1,2026-12-01,statement-killed,corrected,One more victim was identified,statement-2016\n"
	if err := os.WriteFile(filepath.Join(dir, "data", "corrections.csv"), []byte(log), 0o644); err != nil {
		t.Fatal(err)
	}
	r := run(t, exe, dir, "export", "--format", "svg", "--chart", "killed-by-group", "--lang", "en,ru", "--previous", out100, "--chrome", browser)
	if r.code != 0 {
		t.Fatalf("export --previous: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for lang, want := range map[string][]string{
		"en": {"Corrected in 1.0.1", "(613 → 614)"},
		"ru": {"Исправлено в выпуске 1.0.1", "(613 → 614)"},
	} {
		text := svgTexts(t, filepath.Join(dir, "exports", lang, "killed-by-group.svg"))
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%s/killed-by-group.svg lacks %q; it has:\n%s", lang, w, text)
			}
		}
	}
}
