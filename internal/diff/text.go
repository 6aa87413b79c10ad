package diff

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dashgen/dashgen/internal/diag"
)

// Noun is the word for one record of a table of the comparison.
func Noun(table string) string {
	switch table {
	case Figures:
		return "figure"
	case Recognitions:
		return "recognition"
	case Events:
		return "event"
	case Sources:
		return "source"
	}
	return "record"
}

// FieldsText is a change's columns as people read them: name old → new,
// separated by semicolons; a value that is empty, or has spaces, quotes,
// semicolons, arrows or characters that do not print (a terminal's escape
// sequences among them), is quoted with Go's escapes. Values are whole:
// a difference may be anywhere in a long wording.
func FieldsText(fields []Field) string { return fieldsText(fields, CellText) }

// ShortFieldsText is FieldsText with each value cut as messages cut them
// (diag.MaxQuoted characters), for a warning.
func ShortFieldsText(fields []Field) string {
	return fieldsText(fields, func(s string) string {
		if Plain(s) && utf8.RuneCountInString(s) <= diag.MaxQuoted {
			return s
		}
		return diag.Quote(s)
	})
}

func fieldsText(fields []Field, cell func(string) string) string {
	var b strings.Builder
	for i, f := range fields {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(f.Name)
		b.WriteByte(' ')
		b.WriteString(cell(f.Old))
		b.WriteString(" → ")
		b.WriteString(cell(f.New))
	}
	return b.String()
}

// CellText is a cell, an id or a file name as FieldsText shows it: as it
// is when Plain, else quoted.
func CellText(s string) string {
	if Plain(s) {
		return s
	}
	return strconv.Quote(s)
}

// Plain reports whether s shows as it is in a line of diff's text: not
// empty, and only characters that print, other than spaces, quotes,
// semicolons and arrows.
func Plain(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !unicode.IsPrint(r) || unicode.IsSpace(r) || r == '"' || r == ';' || r == '→' {
			return false
		}
	}
	return true
}
