package dataset

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// hedges are the words with which a source says its figure is not an
// exact count. Each matches as whole words, in any case; "estimate" also
// matches "estimated" and "estimates".
var hedges = []string{"may have", "as many as", "up to", "about", "estimate"}

// Hedge returns the first hedge in a wording as written there, or "" when
// there is none.
func Hedge(wording string) string {
	if wording == "" {
		return ""
	}
	lower := strings.ToLower(wording)
	if len(lower) != len(wording) {
		// Lower-casing changed the byte length (rare letters): match on
		// the lower-cased text and quote it.
		wording = lower
	}
	best, bestAt := "", -1
	for _, h := range hedges {
		for from := 0; from < len(lower); {
			i := strings.Index(lower[from:], h)
			if i < 0 {
				break
			}
			i += from
			end := i + len(h)
			if h == "estimate" {
				for _, suffix := range []string{"s", "d"} {
					if strings.HasPrefix(lower[end:], suffix) {
						end += len(suffix)
						break
					}
				}
			}
			if wordStart(lower, i) && wordEnd(lower, end) {
				if bestAt < 0 || i < bestAt {
					best, bestAt = wording[i:end], i
				}
				break
			}
			from = i + 1
		}
	}
	return best
}

func wordStart(s string, i int) bool {
	if i == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

func wordEnd(s string, i int) bool {
	if i >= len(s) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}
