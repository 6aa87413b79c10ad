package dataset

import (
	"bytes"
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
	if len(wording) <= maxQuickHedge {
		if h, ok := hedgeASCII(wording); ok {
			return h
		}
	}
	return hedgeText(wording)
}

// maxQuickHedge is the longest wording hedgeASCII reads, lower-cased into
// a buffer on the stack.
const maxQuickHedge = 512

// hedgeASCII is Hedge for a wording of ASCII characters, lower-cased into
// a buffer instead of a new string (Hedge runs on every exact figure);
// ok is false for any other wording.
func hedgeASCII(wording string) (h string, ok bool) {
	var buf [maxQuickHedge]byte
	lower := buf[:len(wording)]
	for i := 0; i < len(wording); i++ {
		b := wording[i]
		if b >= utf8.RuneSelf {
			return "", false
		}
		if 'A' <= b && b <= 'Z' {
			b += 'a' - 'A'
		}
		lower[i] = b
	}
	best, bestAt := "", -1
	for _, h := range hedgeBytes {
		for from := 0; from < len(lower); {
			i := bytes.Index(lower[from:], h)
			if i < 0 {
				break
			}
			i += from
			end := i + len(h)
			if h[0] == 'e' && end < len(lower) && (lower[end] == 's' || lower[end] == 'd') {
				end++ // estimates, estimated
			}
			if (i == 0 || !asciiWordByte(lower[i-1])) && (end == len(lower) || !asciiWordByte(lower[end])) {
				if bestAt < 0 || i < bestAt {
					best, bestAt = wording[i:end], i
				}
				break
			}
			from = i + 1
		}
	}
	return best, true
}

// hedgeBytes are hedges as bytes, for hedgeASCII.
var hedgeBytes = func() [][]byte {
	out := make([][]byte, len(hedges))
	for i, h := range hedges {
		out[i] = []byte(h)
	}
	return out
}()

// asciiWordByte reports whether an ASCII character is a letter or a digit.
func asciiWordByte(b byte) bool {
	return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9'
}

// hedgeText is Hedge for any wording.
func hedgeText(wording string) string {
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
