package dataset

import "testing"

func TestHedge(t *testing.T) {
	for _, c := range []struct{ wording, want string }{
		{"as many as 500-1000 may have died", "as many as"},
		{"Officials estimate that about 800 perished", "estimate"},
		{"an Estimated 300 people", "Estimated"},
		{"About 200 bodies", "About"},
		{"up to 40 wounded", "up to"},
		{"they may have been 50", "may have"},
		{"613 persons were killed", ""},
		{"the roundabout count", ""},       // "about" inside a word
		{"setup took 3 days", ""},          // "up to" not as words
		{"the estimates: 40", "estimates"}, // plural
		{"overestimated at 40", ""},        // inside a word
		{"", ""},
		{"включая умерших от переохлаждения", ""},
	} {
		if got := Hedge(c.wording); got != c.want {
			t.Errorf("Hedge(%q) = %q, want %q", c.wording, got, c.want)
		}
	}
}
