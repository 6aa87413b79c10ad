package site

import (
	"context"
	"strings"
	"testing"

	"github.com/dashgen/dashgen/internal/i18n"
)

// TestChangesPage: with Changes, every language folder gets changes.html,
// linked from every page's footer and from the index; every text is
// escaped, a reason in another language carries its lang, and the chart
// note links the entry (from the embed page, in a new tab). Without it,
// no page and no link.
func TestChangesPage(t *testing.T) {
	in := testInput()
	none, err := Render(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range none {
		if f.Path == ChangesFile || strings.Contains(string(f.Data), "changes.html") {
			t.Errorf("%s: a page or link of changes without a log", f.Path)
		}
	}
	ru, err := i18n.Load("ru", nil)
	if err != nil {
		t.Fatal(err)
	}
	in.Locale, in.Lang, in.Prefix = ru, "ru", "ru/"
	in.WhatChanged = &ChangesPage{Unknown: "<not known>", Data: "package/changes.json", Versions: []ChangeVersion{{
		Anchor: "release-1.0.1", Version: "1.0.1", Date: "1 декабря 2026", Entries: []ChangeEntry{{
			Anchor: "change-1.0.1-1", Kind: "Исправлено", Reason: "A <b>count</b> was wrong", ReasonLang: "en",
			Sources: []string{"s"},
			Items: []ChangeItem{{ID: "f1", Name: "Убитые", Old: "не менее 161", New: "не менее 170",
				Charts: []ChartLink{{Title: "A bar chart", Href: "d.html#chart-bar", Embed: "embed/bar.html"}}}},
		}},
	}}}
	in.ChangeNotes = map[string][]ChangeNote{"bar": {{Before: "Исправлено в выпуске 1.0.1: ", Reason: "<x>", ReasonLang: "en", After: " (161 → 170)", Anchor: "change-1.0.1-1"}}}
	files, err := Render(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range files {
		got[f.Path] = string(f.Data)
	}
	page := got["ru/changes.html"]
	for _, want := range []string{
		`<title>Что изменилось · Site</title>`,
		`<p class="changes-unknown">&lt;not known&gt;</p>`,
		`<a href="../package/changes.json" download>changes.json</a>`,
		`<h2 id="release-1.0.1-title">Выпуск 1.0.1 от 1 декабря 2026</h2>`,
		`<li id="change-1.0.1-1"><p><strong class="change-kind">Исправлено</strong>: <span class="change-reason" lang="en">A &lt;b&gt;count&lt;/b&gt; was wrong</span></p>`,
		`<span class="was">не менее 161</span> → <span class="now">не менее 170</span>`,
		`<a href="d.html#chart-bar">A bar chart</a> (<a href="embed/bar.html">Встроить</a>)`,
		`<a href="sources.html#source-s" title="S">s</a>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("ru/changes.html lacks %s", want)
		}
	}
	for _, p := range []string{"ru/index.html", "ru/d.html", "ru/sources.html", "ru/changes.html"} {
		if !strings.Contains(got[p], `<a class="changes-link" href="changes.html">Что изменилось</a>.`) {
			t.Errorf("%s: no link to the What-changed page in its footer", p)
		}
	}
	if !strings.Contains(got["ru/index.html"], `<li><a href="changes.html">Что изменилось</a>`) {
		t.Error("the index does not list the What-changed page")
	}
	if !strings.Contains(got["ru/d.html"], `<li class="changed"><a href="changes.html#change-1.0.1-1">Исправлено в выпуске 1.0.1: <span lang="en">&lt;x&gt;</span> (161 → 170)</a></li>`) {
		t.Error("the dashboard lacks the chart's note")
	}
	if !strings.Contains(got["ru/embed/bar.html"], `<li class="changed"><a href="../changes.html#change-1.0.1-1" target="_blank">`) {
		t.Error("the embed page lacks the chart's note")
	}
	if strings.Contains(got["ru/embed/card.html"], `class="changed"`) {
		t.Error("a chart with no change has a note")
	}
}
