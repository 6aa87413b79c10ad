package dataset

import (
	"math/rand"
	"strings"
	"testing"
)

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

// TestHedgeASCIIAgrees: the quick reading of ASCII wordings finds what the
// general one finds, for the cases above, edits of them and random text.
func TestHedgeASCIIAgrees(t *testing.T) {
	words := []string{"may", "have", "as", "many", "up", "to", "about", "estimate", "estimates", "estimated", "Estimate",
		"ABOUT", "Up To", "roundabout", "setup", "overestimated", "40", "-", ",", " ", "\t", "s", "d", "x", "é", "1up", "to1"}
	r := rand.New(rand.NewSource(3))
	cases := []string{"", "a", "about", "ABOUT", "estimate", "estimateS", "estimated", "estimatex", "upto", "up to", "up  to", "as many as"}
	for range 20000 {
		var b strings.Builder
		for range 1 + r.Intn(8) {
			b.WriteString(words[r.Intn(len(words))])
			if r.Intn(3) > 0 {
				b.WriteByte(" ,.;:!?-'\"("[r.Intn(11)])
			}
		}
		cases = append(cases, b.String())
	}
	for _, c := range cases {
		want := hedgeText(c)
		if got, ok := hedgeASCII(c); ok && got != want {
			t.Errorf("hedgeASCII(%q) = %q, the general reading gives %q", c, got, want)
		}
		if got := Hedge(c); got != want {
			t.Errorf("Hedge(%q) = %q, want %q", c, got, want)
		}
	}
}
