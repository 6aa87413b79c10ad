package i18n

import (
	"maps"
	"slices"
	"testing"
)

func TestNumbersAndDates(t *testing.T) {
	for _, tc := range []struct {
		lang, n, pct, small, day, month string
	}{
		{"en", "1,275", "17%", "8.8%", "26 February 1992", "December 2011"},
		{"az", "1.275", "17%", "8,8%", "26 fevral 1992", "dekabr 2011"},
		{"ru", "1\u00a0275", "17\u00a0%", "8,8\u00a0%", "26 февраля 1992", "декабрь 2011"},
	} {
		l, err := Load(tc.lang, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := l.Int(1275); got != tc.n {
			t.Errorf("%s: Int(1275) = %q, want %q", tc.lang, got, tc.n)
		}
		if got := l.Percent(17.3); got != tc.pct {
			t.Errorf("%s: Percent(17.3) = %q, want %q", tc.lang, got, tc.pct)
		}
		if got := l.Percent(8.76); got != tc.small {
			t.Errorf("%s: Percent(8.76) = %q, want %q", tc.lang, got, tc.small)
		}
		if got := l.Date("1992-02-26"); got != tc.day {
			t.Errorf("%s: Date = %q, want %q", tc.lang, got, tc.day)
		}
		if got := l.Date("2011-12"); got != tc.month {
			t.Errorf("%s: Date = %q, want %q", tc.lang, got, tc.month)
		}
		if got := l.Date("2016"); got != "2016" {
			t.Errorf("%s: Date(2016) = %q", tc.lang, got)
		}
	}
}

// TestEveryLanguageIsComplete: the shipped languages translate every
// interface string of en.yaml.
func TestEveryLanguageIsComplete(t *testing.T) {
	for _, lang := range Languages() {
		l, err := Load(lang, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(l.Missing) > 0 {
			t.Errorf("%s.yaml lacks %v", lang, l.Missing)
		}
	}
}

func TestIntAndPercentEdges(t *testing.T) {
	en, _ := Load("en", nil)
	for n, want := range map[int64]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 1000000: "1,000,000", -1275: "-1,275"} {
		if got := en.Int(n); got != want {
			t.Errorf("Int(%d) = %q, want %q", n, got, want)
		}
	}
	for p, want := range map[float64]string{17.29: "17%", 2.0: "2%", 0.05: "under 0.1%"} {
		if got := en.Percent(p); got != want {
			t.Errorf("Percent(%v) = %q, want %q", p, got, want)
		}
	}
}

// TestDefaultVocabularyIsLabelledInEveryLanguage: every value of the
// default vocabulary has a label in every shipped language (only the exact
// qualifier's is empty, as "613" needs no word), and no language labels a
// value en.yaml does not have.
func TestDefaultVocabularyIsLabelledInEveryLanguage(t *testing.T) {
	en, err := english()
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range append(append([]string(nil), DeclaredKinds...), BuiltinKinds...) {
		if len(Defaults(kind)) == 0 {
			t.Errorf("en.yaml has no default vocabulary for %s", kind)
		}
	}
	for _, lang := range Languages() {
		f, err := read(lang)
		if err != nil {
			t.Fatal(err)
		}
		for kind, labels := range en.Vocabulary {
			for _, id := range labels.keys {
				s, ok := f.Vocabulary[kind].labels[id]
				if !ok || (s == "" && !(kind == "qualifier" && id == "exact")) {
					t.Errorf("%s.yaml: vocabulary.%s.%s has no label", lang, kind, id)
				}
			}
		}
		for kind, labels := range f.Vocabulary {
			for _, id := range labels.keys {
				if _, ok := en.Vocabulary[kind].labels[id]; !ok {
					t.Errorf("%s.yaml: vocabulary.%s.%s is not a default value of en.yaml", lang, kind, id)
				}
			}
		}
	}
	ru, _ := Load("ru", nil)
	if s, ok := ru.DefaultLabel("measure", "killed"); !ok || s != "Убитые" {
		t.Errorf("ru: DefaultLabel(measure, killed) = %q, %v", s, ok)
	}
	if _, ok := ru.DefaultLabel("measure", "displaced"); ok {
		t.Error("ru: displaced is not a default measure")
	}
	if got := Defaults("level"); len(got) != 3 || got[0] != "country" || got[2] != "intergovernmental" {
		t.Errorf("Defaults(level) = %v, want the file's order", got)
	}
}

// TestMergeMissing: a word the language lacks is English and missing,
// unless the project words it itself (then it is the project's, and not
// missing); the language's own word is used, and an empty one is missing.
func TestMergeMissing(t *testing.T) {
	en := map[string]string{"sources_line": "Sources:", "figures_as_text": "Figures as text", "home": "Home", "blank": "Blank"}
	az := map[string]string{"home": "Ana səhifə", "blank": ""}
	got, missing := merge(en, az, map[string]string{"sources_line": "Mənbələr:"})
	want := map[string]string{"sources_line": "Mənbələr:", "figures_as_text": "Figures as text", "home": "Ana səhifə", "blank": "Blank"}
	if !maps.Equal(got, want) {
		t.Errorf("strings %v, want %v", got, want)
	}
	if !slices.Equal(missing, []string{"blank", "figures_as_text"}) {
		t.Errorf("missing %q, want blank and figures_as_text", missing)
	}
}
