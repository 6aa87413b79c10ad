package main

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strings"
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
