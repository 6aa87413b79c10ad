package build

import (
	"fmt"
	"slices"
	"testing"

	"github.com/dashgen/dashgen/internal/config"
	"github.com/dashgen/dashgen/internal/dataset"
	"github.com/dashgen/dashgen/internal/i18n"
)

const vocabConfig = `site: { title: T, lang: en }
languages: [en, ru]
data: { figures: [{ name: f, file: f.csv }] }
labels:
  measure:
    displaced: People displaced
    killed: People killed
    wounded: Wounded
  group:
    households: Households
%s
dashboards:
  - id: d
    title: D
    charts: [{ id: c, type: bar, title: C, query: { dataset: f, group_by: group } }]
`

// TestVocabularyMerge: which values the data may use, and the words each
// shows in each language, for defaults + the project's, own, and a
// project's label for a default value.
func TestVocabularyMerge(t *testing.T) {
	tr := &config.Translation{Labels: map[string]map[string]string{
		"measure": {"displaced": "Перемещённые"},
	}}
	for _, tc := range []struct {
		name, extra string
		kind        string
		values      []string // the values the data may use
		labels      map[string][2]string
	}{
		{
			name: "defaults and the project's", kind: "measure",
			values: []string{"killed", "wounded", "missing", "taken_hostage", "population", "recognized", "displaced"},
			labels: map[string][2]string{
				"displaced": {"People displaced", "Перемещённые"},
				// a project label rewords a default; without its own
				// translation the other language shows it as written
				"killed": {"People killed", "People killed"},
				// a label equal to the default's rewords nothing
				"wounded": {"Wounded", "Раненые"},
				"missing": {"Missing (fate unknown)", "Пропавшие без вести (судьба неизвестна)"},
			},
		},
		{
			name: "own", extra: "vocabularies: { group: own }", kind: "group",
			values: []string{"households"},
			labels: map[string][2]string{
				"households": {"Households", "Households"},
				"women":      {"women", "women"}, // not a value here: no default label
			},
		},
		{
			name: "defaults stated", extra: "vocabularies: { group: defaults }", kind: "group",
			values: []string{"all", "women", "men", "children", "elderly", "male", "female", "families", "countries", "households"},
			labels: map[string][2]string{"women": {"Women", "Женщины"}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := config.Parse("config.yaml", []byte(sprintf(vocabConfig, tc.extra)), nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := cfg.Vocabulary(tc.kind); !slices.Equal(got, tc.values) {
				t.Errorf("Vocabulary(%s) = %v, want %v", tc.kind, got, tc.values)
			}
			en, _ := i18n.Load("en", nil)
			ru, _ := i18n.Load("ru", nil)
			ruCfg, _, _ := translate(cfg, tr, en)
			data := &dataset.Data{}
			for id, want := range tc.labels {
				if got := NewWords(cfg, data, en).Label(tc.kind, id); got != want[0] {
					t.Errorf("en: %s %q shows %q, want %q", tc.kind, id, got, want[0])
				}
				if got := NewWords(ruCfg, data, ru).Label(tc.kind, id); got != want[1] {
					t.Errorf("ru: %s %q shows %q, want %q", tc.kind, id, got, want[1])
				}
			}
		})
	}
}

// TestUnlabelledTranslations: the project's values a translation leaves
// out are listed for the missing-label warning; defaults are not.
func TestUnlabelledTranslations(t *testing.T) {
	cfg, err := config.Parse("config.yaml", []byte(sprintf(vocabConfig, "")), nil)
	if err != nil {
		t.Fatal(err)
	}
	en, _ := i18n.Load("en", nil)
	_, _, unlabelled := translate(cfg, &config.Translation{}, en)
	want := []string{"labels.group.households", "labels.measure.displaced", "labels.measure.killed"}
	if !slices.Equal(unlabelled, want) {
		t.Errorf("unlabelled = %v, want %v", unlabelled, want)
	}
}

func sprintf(format string, a ...any) string { return fmt.Sprintf(format, a...) }
