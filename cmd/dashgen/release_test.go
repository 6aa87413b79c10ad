package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExportShowsTheRelease: the default project states release 1.0.0 of
// 2026-11-29; an SVG export has it in its own footer text, in each
// language's words, and a PDF prints it in its head line.
func TestExportShowsTheRelease(t *testing.T) {
	t.Parallel()
	browser := findBrowser(t)
	_, pdftotext := popplerTools(t)
	exe := binary(t)
	dir := project(t)
	export := func(args ...string) {
		t.Helper()
		r := run(t, exe, dir, append(append([]string{"export"}, args...), "--lang", "en,ru", "--chrome", browser)...)
		if r.code != 0 {
			t.Fatalf("export %v: exit %d\n%s%s", args, r.code, r.stdout, r.stderr)
		}
	}
	words := map[string]string{"en": "Data release 1.0.0, 29 November 2026", "ru": "Выпуск данных 1.0.0 от 29 ноября 2026"}
	// An export replaces each language's folder whole: one format at a time.
	export("--format", "svg", "--chart", "killed-by-source")
	for lang, w := range words {
		svg, err := os.ReadFile(filepath.Join(dir, "exports", lang, "killed-by-source.svg"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(svg), w) {
			t.Errorf("%s SVG does not carry %q", lang, w)
		}
	}
	export("--format", "pdf", "--dashboard", "sources-compared")
	for lang, w := range words {
		text := command(t, pdftotext, filepath.Join(dir, "exports", lang, "sources-compared.pdf"), "-")
		if !strings.Contains(flat(text), flat(w)) {
			t.Errorf("%s PDF does not print %q:\n%s", lang, w, text)
		}
	}
}

// TestBuildWithACorrectionsLog: a project whose log explains its release
// builds without a warning, and the manifest hashes the log with the other
// inputs and states the release.
func TestBuildWithACorrectionsLog(t *testing.T) {
	t.Parallel()
	exe := binary(t)
	dir := project(t)
	log := "version,date,ids,change,reason,source\n" +
		"1.0.0,2026-11-29,,method,Every figure is shown as its source states it,\n"
	if err := os.WriteFile(filepath.Join(dir, "data", "corrections.csv"), []byte(log), 0o644); err != nil {
		t.Fatal(err)
	}
	r := run(t, exe, dir, "build", "--strict")
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("build: exit %d\n%s", r.code, r.stderr)
	}
	b, err := os.ReadFile(filepath.Join(dir, "output", "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Release map[string]string `json:"release"`
		Inputs  map[string]string `json:"inputs"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if m.Inputs["data/corrections.csv"] == "" || m.Release["version"] != "1.0.0" || m.Release["date"] != "2026-11-29" {
		t.Errorf("manifest: release %v, inputs %v", m.Release, m.Inputs)
	}
}
