package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// setArchives writes archive_url and archived cells into the copied
// project's sources.csv, by source id.
func setArchives(t *testing.T, dir string, archives map[string][2]string) {
	t.Helper()
	p := filepath.Join(dir, "data", "sources.csv")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	found := 0
	for _, r := range rows[1:] {
		if a, ok := archives[r[col["id"]]]; ok {
			r[col["archive_url"]], r[col["archived"]] = a[0], a[1]
			found++
		}
	}
	if found != len(archives) {
		t.Fatalf("only %d of the sources %v are in sources.csv", found, archives)
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestArchivedCopiesHostile: an archived copy that is a web address is a
// link beside the live one on every page; one that is not (javascript:,
// data:, an address with quotes and markup) is never a link: the sources
// page shows it as text, escaped, and the sources lines, downloads and
// citations leave it out. The build warns of it (unlinked-url). The
// data package's copy of sources.csv keeps the cells as written.
func TestArchivedCopiesHostile(t *testing.T) {
	exe := binary(t)
	dir := project(t)
	good := "https://web.archive.org/web/20240301000000/https://justiceforkhojaly.org/"
	hostile := map[string]string{
		"hrw-1993": `javascript:alert(1)`,
		"hrw-1994": `data:text/html,<script>alert(2)</script>`,
		"neftchi":  `https://x.example/"><script>alert(3)</script>`,
	}
	archives := map[string][2]string{"hrw-1992": {good, "2024-03-01"}}
	for id, u := range hostile {
		archives[id] = [2]string{u, ""}
	}
	setArchives(t, dir, archives)
	r := run(t, exe, dir, "build", "--out", "output")
	if r.code != 0 {
		t.Fatalf("build: exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	if n := strings.Count(r.stderr, `column "archive_url": `); n != len(hostile) {
		t.Errorf("%d unlinked-url warnings, want one for each of the %d hostile addresses:\n%s", n, len(hostile), r.stderr)
	}
	out := filepath.Join(dir, "output")
	read := func(p string) string {
		b, err := os.ReadFile(filepath.Join(out, p))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	var all strings.Builder
	err := filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		switch filepath.Ext(p) {
		case ".html", ".csv", ".json", ".bib":
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(out, p)
			if strings.HasPrefix(rel, "package"+string(filepath.Separator)) {
				return nil // the input files as written
			}
			s := string(b)
			for _, bad := range []string{`href="javascript:`, `href="data:`, `<script>alert`, `"archive_location": "javascript`, `"archive_url": "data:`, "Archived copy: javascript"} {
				if strings.Contains(s, bad) {
					t.Errorf("%s holds %q", rel, bad)
				}
			}
			all.WriteString(s)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The good one is a link on the sources page, in each language, and
	// beside the live link on the dashboards.
	for page, want := range map[string]string{
		"sources.html":    `Archived 1 March 2024: <a class="url" href="` + good + `"`,
		"ru/sources.html": `Архивная копия от 1 марта 2024: <a class="url" href="` + good + `"`,
		"az/sources.html": `Arxiv nüsxəsi, 1 mart 2024: <a class="url" href="` + good + `"`,
	} {
		if s := read(page); !strings.Contains(s, want) {
			t.Errorf("%s lacks %q", page, want)
		}
	}
	if !strings.Contains(all.String(), `<a class="archived" href="`+good+`"`) {
		t.Error("no sources line links the archived copy")
	}
	// The hostile ones are text on the sources page, escaped.
	src := read("sources.html")
	for _, want := range []string{
		`Archived copy: <span class="url">javascript:alert(1)</span>`,
		`Archived copy: <span class="url">data:text/html,&lt;script&gt;alert(2)&lt;/script&gt;</span>`,
		`Archived copy: <span class="url">https://x.example/&#34;&gt;&lt;script&gt;alert(3)&lt;/script&gt;</span>`,
	} {
		if !strings.Contains(src, want) {
			t.Errorf("sources.html lacks %q", want)
		}
	}
}

// TestExportShowsArchivedCopies: the caption of an SVG export (its sources
// line) names the archived copy in each language's words, and a PDF's
// source list gives its address beside the live one.
func TestExportShowsArchivedCopies(t *testing.T) {
	t.Parallel()
	browser := findBrowser(t)
	_, pdftotext := popplerTools(t)
	exe := binary(t)
	dir := project(t)
	archive := "https://web.archive.org/web/20240301000000/https://karabakh.vn/en/"
	setArchives(t, dir, map[string][2]string{"hrw-1993": {archive, "2024-03-01"}})
	export := func(args ...string) {
		t.Helper()
		r := run(t, exe, dir, append(append([]string{"export"}, args...), "--lang", "en,ru", "--chrome", browser)...)
		if r.code != 0 {
			t.Fatalf("export %v: exit %d\n%s%s", args, r.code, r.stdout, r.stderr)
		}
	}
	words := map[string]string{"en": "archived 1 March 2024", "ru": "архивная копия от 1 марта 2024"}
	export("--format", "svg", "--chart", "killed-by-source")
	for lang, w := range words {
		svg, err := os.ReadFile(filepath.Join(dir, "exports", lang, "killed-by-source.svg"))
		if err != nil {
			t.Fatal(err)
		}
		// The caption is broken into lines: its text, without the tags
		// and spaces between them.
		if text := flat(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(string(svg), "")); !strings.Contains(text, flat(w)) {
			t.Errorf("%s SVG caption does not name the archived copy (%q)", lang, w)
		}
	}
	export("--format", "pdf", "--dashboard", "sources-compared")
	for lang, w := range words {
		text := flat(command(t, pdftotext, filepath.Join(dir, "exports", lang, "sources-compared.pdf"), "-"))
		if !strings.Contains(text, flat(w+": "+"web.archive.org/web/20240301000000/https://karabakh.vn/en/")) &&
			!strings.Contains(text, flat(w+": "+archive)) {
			t.Errorf("%s PDF source list does not give the archived copy %q:\n%s", lang, w, text)
		}
	}
}
