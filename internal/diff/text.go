package diff

import "github.com/dashgen/dashgen/internal/diag"

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
// separated by semicolons; a value empty, or with spaces or quotes, is
// quoted.
func FieldsText(fields []Field) string {
	var b []byte
	for i, f := range fields {
		if i > 0 {
			b = append(b, "; "...)
		}
		b = append(b, f.Name...)
		b = append(b, ' ')
		b = append(b, CellText(f.Old)...)
		b = append(b, " → "...)
		b = append(b, CellText(f.New)...)
	}
	return string(b)
}

// CellText is a cell's text as FieldsText shows it.
func CellText(s string) string {
	plain := s != ""
	for _, r := range s {
		if r <= ' ' || r == '"' || r == '→' || r == ';' || r == '\u00a0' || r == 0x7f {
			plain = false
			break
		}
	}
	if plain && len(s) <= diag.MaxQuoted {
		return s
	}
	return diag.Quote(s)
}
