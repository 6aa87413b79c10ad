package build

import (
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/dashgen/dashgen/charts"
	"github.com/dashgen/dashgen/internal/aggregate"
	"github.com/dashgen/dashgen/internal/config"
	"github.com/dashgen/dashgen/internal/dataset"
	"github.com/dashgen/dashgen/internal/diag"
	"github.com/dashgen/dashgen/internal/i18n"
)

// TestChartsReportUnlabelledIds: the ids charts words through Words and
// finds no label for are the ones the missing-label warning names, and
// only those (a project label, a default label or a blank label is not
// missing).
func TestChartsReportUnlabelledIds(t *testing.T) {
	cfg, err := config.Parse("config.yaml", []byte(sprintf(vocabConfig, "")), nil)
	if err != nil {
		t.Fatal(err)
	}
	en, err := i18n.Load("en", nil)
	if err != nil {
		t.Fatal(err)
	}
	words := NewWords(cfg, &dataset.Data{}, en)
	one := int64(1)
	tb := &aggregate.Table{Of: aggregate.Counts, GroupBy: "group", Rows: []aggregate.Row{
		{Key: "households", Value: &one, Qualifier: "exact"}, // the project's label
		{Key: "women", Value: &one, Qualifier: "exact"},      // a default label
		{Key: "refugees", Value: &one, Qualifier: "exact"},   // none
		{Key: "", Value: &one, Qualifier: "exact"},           // not stated
	}}
	c, err := charts.Build(config.Chart{ID: "c", Type: "bar", Title: "C"}, []*aggregate.Table{tb}, words)
	if err != nil {
		t.Fatal(err)
	}
	var items []string
	for _, d := range c.Data {
		items = append(items, d.Item)
	}
	if want := []string{"Households", "Women", "refugees", "Not recorded"}; !slices.Equal(items, want) {
		t.Errorf("items %q, want %q", items, want)
	}
	l := &diag.List{}
	warnUnlabelled(cfg, words, l)
	var got []string
	for _, d := range l.Items() {
		got = append(got, d.String())
	}
	want := []string{`config.yaml: labels.group.refugees: warning: "refugees" has no label, so pages show it as "refugees"; add one under labels.group`}
	if !slices.Equal(got, want) {
		t.Errorf("warnings %q\nwant %q", got, want)
	}
}

// TestAggregateHasNoWords: aggregate's tables are ids and numbers, so it
// has no way to word anything: it imports neither the locales nor the
// formats (config and dataset import i18n for the default vocabulary's
// ids, not for words).
func TestAggregateHasNoWords(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{join .Imports " "}}`, module+"internal/aggregate").Output()
	if err != nil {
		t.Fatal(err)
	}
	deps := strings.Fields(string(out))
	if !slices.Contains(deps, module+"internal/dataset") {
		t.Fatalf("go list of aggregate's imports does not list dataset: %q", deps)
	}
	for _, words := range []string{"internal/i18n", "internal/format"} {
		if slices.Contains(deps, module+words) {
			t.Errorf("internal/aggregate imports %s: the words of a language are charts' job", words)
		}
	}
}
