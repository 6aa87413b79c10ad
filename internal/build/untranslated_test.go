package build

import (
	"slices"
	"testing"

	"github.com/dashgen/dashgen/internal/config"
	"github.com/dashgen/dashgen/internal/diag"
	"github.com/dashgen/dashgen/internal/i18n"
)

// TestEachMissingTranslationIsOneWarning: every text a translation leaves
// out is its own warning, at its key in the translation file, and --strict
// makes each its own error.
func TestEachMissingTranslationIsOneWarning(t *testing.T) {
	cfg, err := config.Parse("config.yaml", []byte(sprintf(vocabConfig, "")), nil)
	if err != nil {
		t.Fatal(err)
	}
	en, _ := i18n.Load("en", nil)
	tr := &config.Translation{Path: "data/translations/az.yaml", Interface: map[string]string{"sources_line": "Mənbələr:"}}
	_, missing, _ := translate(cfg, tr, en)
	if len(missing) < 2 {
		t.Fatalf("the config must have at least two texts to translate; missing = %v", missing)
	}
	l := &diag.List{}
	// dashgen's words az lacks: i18n.Load leaves out of them the words the
	// project translates itself (sources_line here; TestMergeMissing).
	warnUntranslated(cfg, "az", tr, missing[:2], nil, []string{"figures_as_text"}, l)
	var got []string
	for _, d := range l.Items() {
		if d.Severity != diag.Warning || d.Code != diag.MissingTranslation {
			t.Errorf("not a missing-translation warning: %+v", d)
		}
		got = append(got, d.String())
	}
	want := []string{
		"data/translations/az.yaml: " + missing[0] + ": warning: no az translation, so the az pages show this text as config.yaml writes it; add it under this key",
		"data/translations/az.yaml: " + missing[1] + ": warning: no az translation, so the az pages show this text as config.yaml writes it; add it under this key",
		`data/translations/az.yaml: interface.figures_as_text: warning: dashgen's word "figures_as_text" has no az translation, so the az pages show it in English; add one under this key, or in internal/i18n/locales/az.yaml`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("warnings:\n%q\nwant:\n%q", got, want)
	}
	l.Strict()
	if n := diag.Count(l.Items()); n != 3 {
		t.Errorf("--strict makes %d errors of 3 warnings", n)
	}
}
