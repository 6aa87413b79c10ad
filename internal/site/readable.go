package site

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// readableURL is a web address as a person reads it, for print: the
// percent-escapes that spell letters beyond ASCII (a Cyrillic article
// name, say) are decoded into those letters. Escapes of ASCII characters
// (%2F, %20, %25, ...) stay, so the text still names exactly one address;
// the link itself keeps the address as it is.
func readableURL(raw string) string {
	if !strings.Contains(raw, "%") {
		return raw
	}
	var b strings.Builder
	for i := 0; i < len(raw); {
		// A run of escapes of bytes 0x80 and above.
		j := i
		var run []byte
		for j+2 < len(raw) && raw[j] == '%' && isHex(raw[j+1]) && isHex(raw[j+2]) && unhex(raw[j+1])<<4|unhex(raw[j+2]) >= 0x80 {
			run = append(run, unhex(raw[j+1])<<4|unhex(raw[j+2]))
			j += 3
		}
		if len(run) == 0 {
			b.WriteByte(raw[i])
			i++
			continue
		}
		if printable(run) {
			b.Write(run)
		} else {
			b.WriteString(raw[i:j])
		}
		i = j
	}
	return b.String()
}

// printable reports whether b is UTF-8 text of visible letters and signs.
func printable(b []byte) bool {
	if !utf8.Valid(b) {
		return false
	}
	for _, r := range string(b) {
		if !unicode.IsPrint(r) || unicode.IsSpace(r) {
			return false
		}
	}
	return true
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}

// ArchiveShown is the archived copy's address as print shows it.
func (l sourceLink) ArchiveShown() string { return readableURL(l.ArchiveURL) }

// archivedArgs are what the "archived" template needs: a source's link
// (of a sources line),
// and whether links open in a new tab.
func archivedArgs(l numberedLink, newTab bool) map[string]any {
	return map[string]any{"Link": l.sourceLink, "NewTab": newTab}
}

// Shown is the link's address as print shows it (see readableURL).
func (l sourceLink) Shown() string { return readableURL(l.URL) }

// LinkShown is the source's web address as the printed list shows it.
func (p printSource) LinkShown() string { return readableURL(p.Link) }
