package diag

import (
	"strings"
	"testing"
)

func TestSprintfShortensQuotedValues(t *testing.T) {
	long := strings.Repeat("ä", 5<<20)
	for _, c := range []struct {
		format string
		args   []any
		want   string
	}{
		{"value %q here", []any{"short"}, `value "short" here`},
		{"%q", []any{strings.Repeat("a", MaxQuoted)}, `"` + strings.Repeat("a", MaxQuoted) + `"`},
		{"%q", []any{strings.Repeat("a", MaxQuoted+1)}, `"` + strings.Repeat("a", MaxQuoted) + `…" (101 characters)`},
		{"bad %q!", []any{long}, `bad "` + strings.Repeat("ä", MaxQuoted) + `…" (5242880 characters)!`},
		// Other verbs print strings whole: lists of known values.
		{"known: %s", []any{strings.Repeat("b", 200)}, "known: " + strings.Repeat("b", 200)},
		{"%d and %v", []any{3, "x"}, "3 and x"},
		{"%q", []any{"tab\there"}, `"tab\there"`},
	} {
		if got := Sprintf(c.format, c.args...); got != c.want {
			t.Errorf("Sprintf(%q) = %.200q, want %.200q", c.format, got, c.want)
		}
	}
	var l List
	l.Errorf(Vocabulary, "f.csv", 1, 1, "unknown value %q", long)
	l.KeyErrorf(InvalidValue, "config.yaml", "site.lang", "%q is not a language", long)
	for _, d := range l.Items() {
		if len(d.Message) > 300 {
			t.Errorf("a message of %d bytes", len(d.Message))
		}
	}
}

func TestSuggestSkipsLongValues(t *testing.T) {
	known := []string{"killed", "wounded"}
	if s := Suggest("kiled", known); s != "killed" {
		t.Errorf("Suggest(kiled) = %q", s)
	}
	if s := Suggest(strings.Repeat("killed", 1<<20), known); s != "" {
		t.Errorf("Suggest(a long value) = %q", s)
	}
	if s := Suggest("killedxxx", known); s != "killed" { // 3 away, 9 letters
		t.Errorf("Suggest(killedxxx) = %q", s)
	}
}
