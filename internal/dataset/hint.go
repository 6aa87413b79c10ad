package dataset

import (
	"fmt"
	"regexp"
	"strings"
)

// People write a figure as a source words it: "640+", "~640", "c. 640",
// "at least 640", "640 people", "640-700". The value column holds only the
// number; the qualifier column says how it is meant. valueHint reads such a
// cell and says which columns to write instead.

// number is a whole number, maybe with thousands separators.
const number = `(\d{1,3}(?:[,  '’]\d{3})+|\d+)`

// qualifierWords are the ways people write a qualifier next to a number,
// by the qualifier that says it. Before the number unless marked after.
var qualifierWords = []struct {
	qualifier string
	before    string // a regular expression of the words before the number
	after     string // or after it
}{
	{"at_least", `≥|>=|=>|at\s+least|no\s+fewer\s+than|not\s+less\s+than|min(?:imum|\.)?`, `\+|or\s+more`},
	{"more_than", `>|more\s+than|over|above|in\s+excess\s+of`, ``},
	{"up_to", `≤|<=|=<|up\s+to|at\s+most|no\s+more\s+than|not\s+more\s+than|max(?:imum|\.)?`, `or\s+fewer|or\s+less`},
	{"about", `~|≈|c\.|ca\.?|circa|approx(?:\.|imately)?|about|around|some|roughly|nearly|almost|est\.|estimated`, ``},
}

var (
	// hintQualified are qualifierWords as expressions of a whole cell,
	// with words of what is counted allowed after the number ("about 640
	// people").
	hintQualified = func() []*regexp.Regexp {
		var out []*regexp.Regexp
		for _, q := range qualifierWords {
			// The words before the number, or after it (the second group).
			alt := `(?:` + q.before + `)\s*` + number + `()`
			if q.after != "" {
				alt = `(?:` + q.before + `)\s*` + number + `()|()` + number + `\s*(?:` + q.after + `)`
			}
			out = append(out, regexp.MustCompile(`(?i)^(?:`+alt+`)(?:\s+\pL[\pL\s]*)?$`))
		}
		return out
	}()
	hintWords   = regexp.MustCompile(`(?i)^` + number + `\s+(\pL{2,}[\pL\s.]*)$`)
	hintRange   = regexp.MustCompile(`(?i)^` + number + `\s*(?:-|–|—|to|\.\.)\s*` + number + `(?:\s+\pL[\pL\s]*)?$`)
	hintUnknown = regexp.MustCompile(`(?i)^(?:\?+|unknown|not\s+known|n/?a|-|–|—)$`)
)

// digits writes a number as the value column wants it: digits only.
func digits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// valueHint returns what to write instead of a value cell v of a figure
// whose qualifier cell is q, or "" when v is not a figure written with
// words or signs dashgen can read.
func valueHint(v, q string) string {
	if v == "" {
		return ""
	}
	for i, re := range hintQualified {
		m := re.FindStringSubmatch(v)
		if m == nil {
			continue
		}
		n := digits(strings.Join(m[1:], ""))
		want := qualifierWords[i].qualifier
		reads := fmt.Sprintf("reads as %q", fmt.Sprintf("%s %s", strings.ReplaceAll(want, "_", " "), n))
		if strings.EqualFold(v, fmt.Sprintf("%s %s", strings.ReplaceAll(want, "_", " "), n)) {
			reads = "writes the qualifier in words"
		}
		switch q {
		case want:
			return fmt.Sprintf("%s; write the number only, %s (the qualifier column says %s already)", reads, n, want)
		case "":
			return fmt.Sprintf("%s; write the number only, %s, and %s in the qualifier column", reads, n, want)
		default:
			return fmt.Sprintf("%s; write the number only, %s, and %s in the qualifier column, which says %q", reads, n, want, q)
		}
	}
	if m := hintRange.FindStringSubmatch(v); m != nil {
		lo, hi := digits(m[1]), digits(m[2])
		return fmt.Sprintf("is a range; write %s in min and %s in max, range in the qualifier column, and leave the value empty (or write the figure the source gives within the range)", lo, hi)
	}
	if m := hintWords.FindStringSubmatch(v); m != nil {
		return fmt.Sprintf("has words after the number; write the number only, %s (what is counted is said by the measure, group and unit columns)", digits(m[1]))
	}
	if hintUnknown.MatchString(v) {
		return "is not a number; when the source gives no figure, leave the value empty and write unknown in the qualifier column"
	}
	return ""
}
