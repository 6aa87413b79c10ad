package main

import (
	"bytes"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// exportedFiles lists the files under dir, slash-separated and sorted.
func exportedFiles(t *testing.T, dir string) []string {
	t.Helper()
	var names []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			names = append(names, filepath.ToSlash(rel))
		}
		return nil
	})
	sort.Strings(names)
	return names
}

// TestExportEveryLanguage: export makes every language of the build by
// default, each in its own folder of exports/ with its own words; a build
// afterwards leaves the exports as they were and makes no output/export/;
// --lang picks a language and leaves the others' folders alone.
func TestExportEveryLanguage(t *testing.T) {
	t.Parallel() // side by side with the other tests that wait for a browser or the binary
	browser := findBrowser(t)
	_, pdftotext := popplerTools(t)
	exe := binary(t)
	dir := project(t)
	r := run(t, exe, dir, "export", "--format", "png,pdf", "--dashboard", "families-and-children", "--chrome", browser)
	if r.code != 0 {
		t.Fatalf("export: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stdout, "exported 12 files into exports (en, az, ru) in ") {
		t.Errorf("the summary line is not as expected:\n%s", r.stdout)
	}
	exports := filepath.Join(dir, "exports")
	var want []string
	for _, lang := range []string{"az", "en", "ru"} {
		for _, f := range []string{"children-lost-parents.png", "families-and-children.pdf", "families-wiped-out.png", "lost-both-parents-by-source.png", "manifest.json"} {
			want = append(want, lang+"/"+f)
		}
	}
	if got := exportedFiles(t, exports); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("exported files:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for lang, title := range map[string]string{"en": "Families and children", "az": "Ailələr və uşaqlar", "ru": "Семьи и дети"} {
		text := command(t, pdftotext, "-f", "1", "-l", "1", filepath.Join(exports, lang, "families-and-children.pdf"), "-")
		if !strings.Contains(text, title) {
			t.Errorf("%s/families-and-children.pdf: page 1 lacks the title %q:\n%s", lang, title, text)
		}
		checkPNG(t, filepath.Join(exports, lang, "families-wiped-out.png"), 1920, 1080)
	}
	ru, _ := os.ReadFile(filepath.Join(exports, "ru", "families-wiped-out.png"))
	en, _ := os.ReadFile(filepath.Join(exports, "en", "families-wiped-out.png"))
	if bytes.Equal(ru, en) {
		t.Error("the Russian PNG is the English one")
	}

	before := snapshot(t, exports)
	if r := run(t, exe, dir, "build"); r.code != 0 {
		t.Fatalf("build: exit %d\n%s", r.code, r.stderr)
	}
	if after := snapshot(t, exports); !sameSnapshot(before, after) {
		t.Error("a build changed the exports")
	}
	if _, err := os.Stat(filepath.Join(dir, "output", "export")); !os.IsNotExist(err) {
		t.Errorf("build made output/export: %v", err)
	}

	// One language: its folder is replaced, the others stay.
	r = run(t, exe, dir, "export", "--lang", "ru", "--chart", "families-wiped-out", "--chrome", browser)
	if r.code != 0 {
		t.Fatalf("export --lang ru: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	after := snapshot(t, exports)
	for p, sum := range before {
		if !strings.HasPrefix(p, "ru/") && after[p] != sum {
			t.Errorf("export --lang ru changed %s", p)
		}
	}
	if got := exportedFiles(t, filepath.Join(exports, "ru")); strings.Join(got, " ") != "families-wiped-out.png manifest.json" {
		t.Errorf("exports/ru after export --lang ru: %v", got)
	}
}

func sameSnapshot(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestExportRefusesBadExports: a --lang the config does not build, an
// exports folder inside the output, and a language folder holding a file
// dashgen did not write are refused before any page is opened, with exact
// messages; nothing is written and the file stays.
func TestExportRefusesBadExports(t *testing.T) {
	t.Parallel() // side by side with the other tests that wait for a browser or the binary
	exe := binary(t)
	dir := project(t)
	mine := filepath.Join(dir, "exports", "az", "talk-notes.txt")
	if err := os.MkdirAll(filepath.Dir(mine), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(mine, []byte("my notes"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"export", "--lang", "fr", "--chrome", "sh"}, 2,
			"dashgen: --lang \"fr\" is not a language of config.yaml (languages: en, az, ru)\nRun 'dashgen --help' for usage.\n"},
		{[]string{"export", "--lang", "en,de", "--chrome", "sh"}, 2,
			"dashgen: --lang \"de\" is not a language of config.yaml (languages: en, az, ru)\nRun 'dashgen --help' for usage.\n"},
		{[]string{"export", "--exports", "output/slides", "--chrome", "sh"}, 1,
			"config.yaml: exports: \"output/slides\" is inside the output folder, which a build replaces whole; choose a folder beside it, such as exports\ndashgen: 1 error; nothing was written\n"},
		{[]string{"export", "--exports", "data", "--chrome", "sh"}, 1,
			"config.yaml: exports: \"data\" is the data folder or contains it; choose a folder of its own for the exports, such as exports\ndashgen: 1 error; nothing was written\n"},
		{[]string{"export", "--chrome", "sh"}, 1,
			"config.yaml: exports: \"exports/az\" holds \"talk-notes.txt\" but no manifest.json of dashgen's exports, so it is not a folder dashgen made; an export replaces it whole, so move its files away, then export again\ndashgen: 1 error; nothing was written\n"},
		{[]string{"export", "--lang", "en", "--exports", "", "--chrome", "sh"}, 1,
			"config.yaml: exports: is empty; name the folder to write the exports to, such as exports\ndashgen: 1 error; nothing was written\n"},
		{[]string{"build", "--exports", "x"}, 2,
			"dashgen: unknown flag: --exports\nRun 'dashgen --help' for usage.\n"},
	} {
		r := run(t, exe, dir, tc.args...)
		if r.code != tc.code || r.stderr != tc.stderr {
			t.Errorf("%q: exit %d, stderr:\n%s\nwant exit %d, stderr:\n%s", tc.args, r.code, r.stderr, tc.code, tc.stderr)
		}
	}
	if b, err := os.ReadFile(mine); err != nil || string(b) != "my notes" {
		t.Errorf("the user's file changed: %q %v", b, err)
	}
	if got := exportedFiles(t, filepath.Join(dir, "exports")); strings.Join(got, " ") != "az/talk-notes.txt" {
		t.Errorf("exports after refusals: %v", got)
	}
	for _, folder := range []string{"output", filepath.Join("data", "en")} {
		if _, err := os.Stat(filepath.Join(dir, folder)); !os.IsNotExist(err) {
			t.Errorf("a refused export wrote %s", folder)
		}
	}
}

// TestExportPDFPages: in the PDF of a dashboard every drawn chart has a
// landscape page of its own, which it fills, with its title and sources
// on it (the first shares its page with the dashboard's title); source
// addresses print readable, not percent-encoded; every language.
func TestExportPDFPages(t *testing.T) {
	t.Parallel() // side by side with the other tests that wait for a browser or the binary
	browser := findBrowser(t)
	pdfinfo, pdftotext := popplerTools(t)
	exe := binary(t)
	dir := project(t)
	r := run(t, exe, dir, "export", "--format", "pdf", "--dashboard", "sources-compared", "--lang", "en,ru", "--chrome", browser)
	if r.code != 0 {
		t.Fatalf("export: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	heading := regexp.MustCompile(`<h2 id="title-[^"]+">([^<]+)</h2>`)
	sizeLine := regexp.MustCompile(`(?m)^Page\s+(\d+) size:\s+([0-9.]+) x ([0-9.]+) pts`)
	for _, lang := range []string{"en", "ru"} {
		t.Run(lang, func(t *testing.T) {
			pdf := filepath.Join(dir, "exports", lang, "sources-compared.pdf")
			page := "sources-compared.html"
			if lang != "en" {
				page = lang + "/" + page
			}
			var titles []string
			for _, m := range heading.FindAllSubmatch(builtPage(t, exe, dir, page), -1) {
				titles = append(titles, html.UnescapeString(string(m[1])))
			}
			if len(titles) < 5 {
				t.Fatalf("%s has %d chart titles", page, len(titles))
			}
			sizes := sizeLine.FindAllStringSubmatch(command(t, pdfinfo, "-f", "1", "-l", "99", pdf), -1)
			if len(sizes) != len(titles)+1 { // a page per chart, then the sources
				t.Errorf("%d pages, want %d: a page per chart and one of sources", len(sizes), len(titles)+1)
			}
			onPage := map[string]int{}
			for i, sz := range sizes {
				n := i + 1
				text := command(t, pdftotext, "-f", strconv.Itoa(n), "-l", strconv.Itoa(n), "-layout", pdf, "-")
				flatText := strings.Join(strings.Fields(text), " ")
				var here []string
				for _, title := range titles {
					if strings.Contains(flatText, strings.Join(strings.Fields(title), " ")) {
						here = append(here, title)
					}
				}
				for _, title := range here {
					// A title that begins another one on the page is that one.
					if slices.ContainsFunc(here, func(o string) bool { return o != title && strings.Contains(o, title) }) {
						continue
					}
					if prev, seen := onPage[title]; seen {
						t.Errorf("the chart %q is on pages %d and %d", title, prev, n)
					}
					onPage[title] = n
				}
				w, _ := strconv.ParseFloat(sz[2], 64)
				h, _ := strconv.ParseFloat(sz[3], 64)
				if n <= len(titles) {
					if w <= h {
						t.Errorf("page %d is %.0f×%.0f pt: a chart's page is landscape", n, w, h)
					}
					// The chart fills its page: its lowest words (the
					// sources line) are in the lower part of the sheet.
					if low := lowestWord(t, pdftotext, pdf, n); low < 0.7*h {
						t.Errorf("page %d: the chart ends at %.0f of %.0f pt: it does not fill its page", n, low, h)
					}
				}
			}
			for i, title := range titles {
				if onPage[title] != i+1 {
					t.Errorf("the chart %q is on page %d, want page %d", title, onPage[title], i+1)
				}
			}
			all := command(t, pdftotext, pdf, "-")
			if !strings.Contains(flat(all), flat("wikiwand.com/ru/Ходжалинская_резня")) {
				t.Errorf("the Wikiwand address does not print readable:\n%s", all)
			}
			if strings.Contains(strings.ToLower(all), "%d0%") {
				t.Errorf("an address prints percent-encoded:\n%s", all)
			}
		})
	}
}

// lowestWord is the bottom of the lowest word on page n of pdf, in points
// from the top of the page (pdftotext -bbox).
func lowestWord(t *testing.T, pdftotext, pdf string, n int) float64 {
	t.Helper()
	out := command(t, pdftotext, "-f", strconv.Itoa(n), "-l", strconv.Itoa(n), "-bbox", pdf, "-")
	low := 0.0
	for _, m := range regexp.MustCompile(`<word [^>]*yMax="([0-9.]+)"`).FindAllStringSubmatch(out, -1) {
		if y, _ := strconv.ParseFloat(m[1], 64); y > low {
			low = y
		}
	}
	return low
}

// TestInterruptedExportKeepsThePreviousExports: an export stopped by
// SIGINT while its pages are being rendered exits 130 and leaves the
// previous exports byte for byte, though the data changed, with no
// temporary folder left.
func TestInterruptedExportKeepsThePreviousExports(t *testing.T) {
	t.Parallel() // side by side with the other tests that wait for a browser or the binary
	if runtime.GOOS == "windows" {
		t.Skip("no signals to send on Windows")
	}
	browser := findBrowser(t)
	exe := binary(t)
	dir := project(t)
	args := []string{"export", "--dashboard", "sources-compared", "--chrome", browser}
	if r := run(t, exe, dir, args...); r.code != 0 {
		t.Fatalf("first export: exit %d\n%s", r.code, r.stderr)
	}
	exports := filepath.Join(dir, "exports")
	before := snapshot(t, exports)
	for attempt := 1; attempt <= 3; attempt++ {
		setHeadline(t, dir, 900+attempt)
		p := startProc(t, exe, dir, append(args, "--progress")...)
		// The first file is rendered: twenty more are to come.
		p.waitFor(t, "the first exported file", func(stdout, _ string) bool { return strings.Contains(stdout, ".png ") })
		if err := p.cmd.Process.Signal(syscall.SIGINT); err != nil {
			t.Fatal(err)
		}
		code := p.wait(t, interruptDeadline)
		_, stderr := p.output()
		if code == 0 {
			got, last := strings.Index(stderr, "dashgen: signal received ("), strings.Index(stderr, "dashgen: writing ")
			if got >= 0 && (last < 0 || got < last) {
				t.Fatalf("the signal was handled before the writing, yet export finished\n%s", stderr)
			}
			before = snapshot(t, exports)
			continue
		}
		if code != 130 {
			t.Errorf("exit %d, want 130\n%s", code, stderr)
		}
		if after := snapshot(t, exports); !sameSnapshot(before, after) {
			t.Error("an interrupted export changed the exports")
		}
		if got := exportedFiles(t, exports); len(got) != len(before) {
			t.Errorf("files left in exports/: %v", got)
		}
		entries, _ := os.ReadDir(exports)
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), ".") {
				t.Errorf("left behind in exports/: %s", e.Name())
			}
		}
		return
	}
	t.Skip("every export finished before its signal was handled")
}
