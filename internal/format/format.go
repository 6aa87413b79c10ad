// Package format writes a figure with its qualifier the way people read
// it: "at least 161", "500–1,000", in the language of the pages.
package format

import "github.com/dashgen/dashgen/internal/i18n"

// Phrases maps a qualifier id to the words put before a number ("at
// least"); config.yaml's labels.qualifier supplies them.
type Phrases func(qualifier string) string

// Figure writes a figure with its qualifier: "613", "at least 161",
// "more than 10", "500–1,000", "613 (500–1,000)", "not reported".
func Figure(l *i18n.Locale, value, min, max *int64, qualifier string, phrase Phrases) string {
	switch qualifier {
	case "unknown":
		return phrase("unknown")
	case "range":
		r := ""
		if min != nil && max != nil {
			r = l.Int(*min) + "–" + l.Int(*max)
		}
		if value != nil {
			return l.Int(*value) + " (" + r + ")"
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
		return l.Int(*value)
	}
	return p + " " + l.Int(*value)
}
