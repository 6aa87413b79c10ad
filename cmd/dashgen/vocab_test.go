package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A project of another event, in one language: a measure outside dashgen's
// defaults declared in one line, a default group and unit unlabelled, a
// source labelled in sources.csv, an event whose population has no words
// of its own, an interface string reworded, and no recognitions.csv.
const ownConfig = `site:
  title: Riverside flood, 2031 (fictional)
  lang: en
data:
  figures:
    - { name: flood, file: figures.csv }
labels:
  measure:
    displaced: People displaced
interface:
  sources_line: "Where these figures come from:"
dashboards:
  - id: overview
    title: Overview
    charts:
      - id: headline
        type: card
        title: Headline figures
        query: { dataset: flood, filter: { parent: "" }, group_by: measure, share: population }
      - id: displaced-by-group
        type: bar
        title: People displaced, with the children among them
        query: { dataset: flood, filter: { measure: displaced }, group_by: group, share: parent }
`

var ownData = map[string]string{
	"sources.csv": "id,title,publisher,kind,published,url,accessed,note,label\n" +
		"report-1,First field report,Relief Office,government,2031,,,,Field report no. 1\n",
	"events.csv": "id,name,place,start,end,population,population_source,note\n" +
		"flood,Riverside flood,Riverside,2031-04-02,2031-04-05,12000,report-1,\n",
	"figures.csv": "id,event,measure,group,parent,breakdown,value,qualifier,min,max,unit,as_of,source,attributed_to,wording,note\n" +
		"killed,flood,killed,all,,,36,exact,,,persons,2031,report-1,,,\n" +
		"displaced,flood,displaced,all,,,3000,about,,,persons,2031,report-1,,,\n" +
		"displaced-children,flood,displaced,children,displaced,overlap,1200,at_least,,,persons,2031,report-1,,,\n",
}

func writeProject(t *testing.T, config string, data map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{"config.yaml": config}
	for name, body := range data {
		files[filepath.Join("data", name)] = body
	}
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestProjectVocabulary(t *testing.T) {
	t.Parallel()
	exe := binary(t)

	t.Run("own values, one language, no recognitions: zero warnings", func(t *testing.T) {
		dir := writeProject(t, ownConfig, ownData)
		r := run(t, exe, dir, "build")
		if r.code != 0 || r.stderr != "" {
			t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
		}
		page, err := os.ReadFile(filepath.Join(dir, "output", "overview.html"))
		if err != nil {
			t.Fatal(err)
		}
		sources, err := os.ReadFile(filepath.Join(dir, "output", "sources.html"))
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{
			"People displaced",               // the project's value, declared in one line
			"Killed",                         // a default value, labelled by dashgen
			"Children",                       // a default group
			"0.3% of a population of 12,000", // the neutral words for a population
			"Where these figures come from:", // an interface string reworded
			"Field report no. 1",             // the source's label from sources.csv
		} {
			if !strings.Contains(string(page), want) {
				t.Errorf("overview.html lacks %q", want)
			}
		}
		if !strings.Contains(string(sources), "kind: government") {
			t.Errorf("sources.html does not label the source's kind")
		}
		for _, raw := range []string{">displaced<", "inhabitants", `class="sources">Sources:`} {
			if strings.Contains(string(page), raw) {
				t.Errorf("overview.html shows %q", raw)
			}
		}
	})

	t.Run("population words from events.csv, translated", func(t *testing.T) {
		data := map[string]string{}
		for k, v := range ownData {
			data[k] = v
		}
		data["events.csv"] = "id,name,place,start,end,population,population_source,note,population_label\n" +
			"flood,Riverside flood,Riverside,2031-04-02,2031-04-05,12000,report-1,,residents of the valley\n"
		config := strings.Replace(ownConfig, "  lang: en\n", "  lang: en\nlanguages: [en, ru]\n", 1)
		data["translations/ru.yaml"] = `site: { title: "Наводнение в Риверсайде, 2031 (вымышленное)" }
labels:
  measure: { displaced: "Перемещённые" }
  source: { report-1: "Полевой отчёт № 1" }
events:
  flood: { population_label: "жителей долины" }
dashboards:
  overview:
    title: "Обзор"
    charts:
      headline: { title: "Основные цифры" }
      displaced-by-group: { title: "Перемещённые, в том числе дети" }
`
		dir := writeProject(t, config, data)
		r := run(t, exe, dir, "build")
		if r.code != 0 || r.stderr != "" {
			t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
		}
		en, _ := os.ReadFile(filepath.Join(dir, "output", "overview.html"))
		ru, _ := os.ReadFile(filepath.Join(dir, "output", "ru", "overview.html"))
		for page, wants := range map[string][]string{
			string(en): {"0.3% of 12,000 residents of the valley", "People displaced"},
			string(ru): {"жителей долины", "Перемещённые", "Убитые", "Полевой отчёт № 1"},
		} {
			for _, want := range wants {
				if !strings.Contains(page, want) {
					t.Errorf("a page lacks %q", want)
				}
			}
		}
	})

	t.Run("a project value without a label in another language warns", func(t *testing.T) {
		data := map[string]string{}
		for k, v := range ownData {
			data[k] = v
		}
		config := strings.Replace(ownConfig, "  lang: en\n", "  lang: en\nlanguages: [en, ru]\n", 1)
		data["translations/ru.yaml"] = `site: { title: "Наводнение" }
dashboards:
  overview:
    title: "Обзор"
    charts:
      headline: { title: "Основные цифры" }
      displaced-by-group: { title: "Перемещённые, в том числе дети" }
`
		dir := writeProject(t, config, data)
		r := run(t, exe, dir, "build")
		want := `data/translations/ru.yaml: labels.measure.displaced: warning: "displaced" has no ru label, so the ru pages show "People displaced" from config.yaml; add one under labels.measure`
		if r.code != 0 || !strings.Contains(r.stderr, want) || strings.Count(r.stderr, "warning") != 1 {
			t.Fatalf("exit %d, stderr:\n%s\nwant the one warning:\n%s", r.code, r.stderr, want)
		}
	})

	t.Run("a value outside the vocabulary names where to declare it", func(t *testing.T) {
		data := map[string]string{}
		for k, v := range ownData {
			data[k] = v
		}
		data["figures.csv"] += "detained,flood,detained,men,,,40,exact,,,persons,2031,report-1,,,\n"
		dir := writeProject(t, ownConfig, data)
		r := run(t, exe, dir, "build")
		want := `data/figures.csv:5:16: column "measure": unknown measure "detained"; expected one of: killed, wounded, missing, taken_hostage, population, recognized, displaced; to add it, declare it under labels.measure in config.yaml`
		if r.code != 1 || !strings.Contains(r.stderr, want) {
			t.Fatalf("exit %d, stderr:\n%s\nwant:\n%s", r.code, r.stderr, want)
		}
		if _, err := os.Stat(filepath.Join(dir, "output")); err == nil {
			t.Error("a failed build wrote output")
		}
		// The one line that declares it.
		config := strings.Replace(ownConfig, "    displaced: People displaced\n", "    displaced: People displaced\n    detained: People detained\n", 1)
		if err := os.WriteFile(filepath.Join(dir, "config.yaml"), []byte(config), 0o644); err != nil {
			t.Fatal(err)
		}
		if r := run(t, exe, dir, "build"); r.code != 0 || r.stderr != "" {
			t.Fatalf("with labels.measure.detained: exit %d, stderr:\n%s", r.code, r.stderr)
		}
	})
}
