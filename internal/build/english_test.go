package build

import (
	"encoding/csv"
	"encoding/json"
	"html"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/dashgen/dashgen/internal/i18n"
)

var (
	// A textarea marked translate="no" holds code (a citation as BibTeX
	// or CSL-JSON), whose field names and types are the format's own.
	codeArea   = regexp.MustCompile(`(?is)<textarea\b[^>]*\stranslate="no"[^>]*>.*?</textarea>`)
	anyTag     = regexp.MustCompile(`(?s)<[^>]*>`)
	dataBlock  = regexp.MustCompile(`(?s)<script type="application/json"[^>]*>(.*?)</script>`)
	readAttr   = regexp.MustCompile(`\s(aria-label|title|alt)="([^"]*)"`)
	aWord      = regexp.MustCompile(`\pL{3,}`)
	formatVerb = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)
)

// visibleText is the text a reader sees or hears on a page: its text
// with tags, scripts, styles and comments removed, entities decoded; the
// attributes read out to people who cannot see (aria-label, title, alt);
// and the texts the page script shows from each chart's data block
// (labels, tooltips, axis names), every string of its JSON.
func visibleText(t *testing.T, page string) string {
	t.Helper()
	var out []string
	for _, m := range dataBlock.FindAllStringSubmatch(page, -1) {
		var v any
		if err := json.Unmarshal([]byte(m[1]), &v); err != nil {
			t.Fatalf("a chart's data block is not JSON: %v", err)
		}
		out = append(out, jsonStrings(v)...)
	}
	for _, m := range readAttr.FindAllStringSubmatch(page, -1) {
		out = append(out, html.UnescapeString(m[2]))
	}
	page = codeArea.ReplaceAllString(stripHidden(page), " ")
	page = anyTag.ReplaceAllString(page, "\n")
	out = append(out, html.UnescapeString(page))
	return strings.Join(out, "\n")
}

// stripHidden removes what a reader never sees: scripts (the inline
// ECharts bundle is most of a page), styles, templates and comments. It
// cuts by index rather than with one regular expression over the whole
// page, which under the race detector took minutes for the default build.
func stripHidden(page string) string {
	var b strings.Builder
	lower := strings.ToLower(page)
	for {
		start, end := -1, ""
		for _, open := range []struct{ tag, close string }{{"<script", "</script>"}, {"<style", "</style>"}, {"<template", "</template>"}, {"<!--", "-->"}} {
			if i := strings.Index(lower, open.tag); i >= 0 && (start < 0 || i < start) {
				start, end = i, open.close
			}
		}
		if start < 0 {
			b.WriteString(page)
			return b.String()
		}
		b.WriteString(page[:start])
		b.WriteString(" ")
		stop := strings.Index(lower[start:], end)
		if stop < 0 {
			return b.String()
		}
		cut := start + stop + len(end)
		page, lower = page[cut:], lower[cut:]
	}
}

// jsonStrings is every string value in v.
func jsonStrings(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			out = append(out, jsonStrings(e)...)
		}
		return out
	case map[string]any:
		var out []string
		for _, e := range x {
			out = append(out, jsonStrings(e)...)
		}
		return out
	}
	return nil
}

// projectWords are the cells of the default project's data files: the
// project's own words (source titles, publishers, wordings), which may be
// English on any page.
func projectWords(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("../../data/*.csv")
	if err != nil || len(files) == 0 {
		t.Fatalf("no data files: %v", err)
	}
	seen := map[string]bool{}
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(f)
		r.FieldsPerRecord = -1
		recs, err := r.ReadAll()
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, rec := range recs[1:] {
			for _, cell := range rec {
				for _, item := range strings.Split(cell, ";") {
					if item = strings.TrimSpace(item); len(item) > 2 {
						seen[item] = true
					}
				}
			}
		}
	}
	words := slices.Collect(func(yield func(string) bool) {
		for w := range seen {
			if !yield(w) {
				return
			}
		}
	})
	// Longest first, so that a title is removed before a word inside it.
	sort.Slice(words, func(i, j int) bool {
		return len(words[i]) > len(words[j]) || len(words[i]) == len(words[j]) && words[i] < words[j]
	})
	return words
}

// englishPhrases are the pieces of text the English locale writes that
// lang writes differently: each interface string and default label, split
// at its format verbs ("%s in total" gives "in total"), with the pieces
// that hold a word of at least three letters.
func englishPhrases(t *testing.T, lang string) map[string]string {
	t.Helper()
	en, err := i18n.Load("en", nil)
	if err != nil {
		t.Fatal(err)
	}
	loc, err := i18n.Load(lang, nil)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{} // phrase → where it comes from
	add := func(key, enValue, value string) {
		if enValue == value {
			return
		}
		for _, piece := range formatVerb.Split(enValue, -1) {
			piece = strings.TrimSpace(strings.Trim(strings.TrimSpace(piece), ".,:;()“”"))
			if aWord.MatchString(piece) {
				out[piece] = key
			}
		}
	}
	for _, key := range i18n.Keys() {
		if key == "language_name" {
			continue // the language switcher names English in English
		}
		add("strings."+key, en.T(key), loc.T(key))
	}
	for _, kind := range append(slices.Clone(i18n.DeclaredKinds), i18n.BuiltinKinds...) {
		for _, id := range i18n.Defaults(kind) {
			e, _ := en.DefaultLabel(kind, id)
			l, _ := loc.DefaultLabel(kind, id)
			add("vocabulary."+kind+"."+id, e, l)
		}
	}
	return out
}

// TestNoEnglishInTranslatedPages: every page of the default project built
// in az and ru shows no English interface word: no piece of an English
// interface string or default label that the page's language words
// differently. The project's data (source titles, wordings) may be
// English; it is removed from the text first.
func TestNoEnglishInTranslatedPages(t *testing.T) {
	res := defaultBuild(t)
	data := projectWords(t)
	pages := 0
	for _, lang := range []string{"az", "ru"} {
		phrases := englishPhrases(t, lang)
		if len(phrases) < 50 {
			t.Fatalf("%s: only %d English phrases to look for", lang, len(phrases))
		}
		// Each phrase as a whole word or words, compiled once per language.
		var sorted []string
		var patterns []*regexp.Regexp
		for _, p := range slices.Sorted(maps.Keys(phrases)) {
			sorted = append(sorted, p)
			patterns = append(patterns, regexp.MustCompile(`(^|[^\pL])`+regexp.QuoteMeta(p)+`($|[^\pL])`))
		}
		for _, f := range res.Files {
			if !strings.HasPrefix(f.Path, lang+"/") || !strings.HasSuffix(f.Path, ".html") {
				continue
			}
			pages++
			text := visibleText(t, string(f.Data))
			for _, w := range data {
				text = strings.ReplaceAll(text, w, " ")
			}
			for i, p := range sorted {
				if !strings.Contains(text, p) {
					continue // the common case, without a regular expression
				}
				if loc := patterns[i].FindStringIndex(text); loc != nil {
					before, after := []rune(text[:loc[0]]), []rune(text[loc[1]:])
					context := string(before[max(0, len(before)-30):]) + text[loc[0]:loc[1]] + string(after[:min(len(after), 30)])
					t.Errorf("%s shows English %q (%s): …%s…", f.Path, p, phrases[p], strings.Join(strings.Fields(context), " "))
				}
			}
		}
	}
	if pages < 10 {
		t.Fatalf("only %d az and ru pages built", pages)
	}
}
