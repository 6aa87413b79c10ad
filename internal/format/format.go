// Package format writes numbers, qualifiers and shares the way people read
// them: 1,275; "at least 161"; "500–1,000"; "17% of 613".
package format

import (
	"strconv"
	"strings"
)

// Int writes n with thousands separators: 1275 → "1,275".
func Int(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Phrases maps a qualifier id to the words put before a number ("at
// least"); config.yaml's labels.qualifier supplies them.
type Phrases func(qualifier string) string

// Figure writes a figure with its qualifier: "613", "at least 161",
// "more than 10", "500–1,000", "613 (500–1,000)", "not reported".
func Figure(value, min, max *int64, qualifier string, phrase Phrases) string {
	switch qualifier {
	case "unknown":
		return phrase("unknown")
	case "range":
		r := ""
		if min != nil && max != nil {
			r = Int(*min) + "–" + Int(*max)
		}
		if value != nil {
			return Int(*value) + " (" + r + ")"
		}
		return r
	}
	if value == nil {
		return phrase("unknown")
	}
	p := ""
	if qualifier != "exact" && qualifier != "" {
		p = phrase(qualifier)
	}
	if p == "" {
		return Int(*value)
	}
	return p + " " + Int(*value)
}

// Percent writes a share to a precision that does not claim more than the
// figures hold: whole percent from 10% up, one decimal below.
func Percent(p float64) string {
	switch {
	case p >= 10:
		return strconv.FormatFloat(p, 'f', 0, 64) + "%"
	case p >= 0.1:
		return strings.TrimSuffix(strconv.FormatFloat(p, 'f', 1, 64), ".0") + "%"
	default:
		return "under 0.1%"
	}
}
