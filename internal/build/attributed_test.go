package build

import (
	"strings"
	"testing"

	"github.com/dashgen/dashgen/internal/config"
	"github.com/dashgen/dashgen/internal/dataset"
	"github.com/dashgen/dashgen/internal/i18n"
)

// TestAttributedToTranslated: a translation's labels.attributed_to gives
// the words of an attributed_to cell in its language; a cell it does not
// list shows as written, hyphens and case kept.
func TestAttributedToTranslated(t *testing.T) {
	cfg, err := config.Parse("config.yaml", []byte(sprintf(vocabConfig, "")), nil)
	if err != nil {
		t.Fatal(err)
	}
	en, _ := i18n.Load("en", nil)
	ru, _ := i18n.Load("ru", nil)
	// Keys arrive lower-cased from YAML, as viper reads them.
	tr := &config.Translation{Labels: map[string]map[string]string{
		"attributed_to": {"local officials": "Местные официальные лица"},
	}}
	ruCfg, _, unlabelled := translate(cfg, tr, en)
	if len(unlabelled) != 3 {
		t.Errorf("unlabelled = %v: attributed_to labels should add no missing-label warning", unlabelled)
	}
	data := &dataset.Data{}
	for _, tc := range []struct {
		lang       string
		lab        *Words
		cell, want string
	}{
		{"ru", NewWords(ruCfg, data, ru), "Local officials", "Местные официальные лица"},
		{"ru", NewWords(ruCfg, data, ru), "Ministry of Health - North", "Ministry of Health - North"},
		{"en", NewWords(cfg, data, en), "Local officials", "Local officials"},
		{"en", NewWords(cfg, data, en), "state_media", "state_media"},
	} {
		if got := tc.lab.Label("attributed_to", tc.cell); got != tc.want {
			t.Errorf("%s: %q shows %q, want %q", tc.lang, tc.cell, got, tc.want)
		}
	}
}

// TestAttributedToLabelEmpty: an empty attributed_to label is an error
// naming the key, as for any other label.
func TestAttributedToLabelEmpty(t *testing.T) {
	src := strings.Replace(sprintf(vocabConfig, ""), "labels:\n", "labels:\n  attributed_to: { Local officials: \"\" }\n", 1)
	_, err := config.Parse("config.yaml", []byte(src), nil)
	if err == nil {
		t.Fatal("an empty attributed_to label was accepted")
	}
	want := `config.yaml: labels.attributed_to.local officials: is empty; the label is the words pages show for "local officials"`
	if !strings.Contains(err.Error(), want) {
		t.Errorf("error %q\ndoes not contain %q", err, want)
	}
}
