package cite

import (
	"encoding/json"
	"strings"
	"testing"
)

// An archived copy is in the note of both formats and, in CSL-JSON, in
// archive_location; the entries parse back, and the address reads back
// as written, whatever it holds.
func TestArchivedCopy(t *testing.T) {
	archive := "https://web.archive.org/web/20240301000000/https://example.org/a_b%20c?x=1&y={2}"
	cases := []struct {
		note, archived, want string
	}{
		{"", "2024-03-01", "Archived copy: " + archive + ", 2024-03-01"},
		{"", "", "Archived copy: " + archive},
		{"A page of the site", "2024-03", "A page of the site. Archived copy: " + archive + ", 2024-03"},
	}
	for _, c := range cases {
		w := Source("s1", "Title", "Publisher", "news", "2020", "https://example.org/a", true, "2021-01-02")
		w.Note, w.ArchiveURL, w.Archived = c.note, archive, c.archived
		ws := []Work{w}
		Keys(ws)
		entries, err := ParseBibTeX(string(BibTeX(ws)))
		if err != nil || len(entries) != 1 {
			t.Fatalf("parsing our BibTeX: %v\n%s", err, BibTeX(ws))
		}
		got, err := unescape(entries[0].Fields["note"])
		if err != nil {
			t.Fatal(err)
		}
		// The BibTeX note has the address with the characters an entry
		// cannot hold percent-encoded, as its url field does.
		if want := strings.ReplaceAll(strings.ReplaceAll(c.want, "{", "%7B"), "}", "%7D"); got != want {
			t.Errorf("BibTeX note reads back as %q, want %q", got, want)
		}
		if entries[0].Fields["url"] != "https://example.org/a" || entries[0].Fields["urldate"] != "2021-01-02" {
			t.Errorf("url/urldate: %v", entries[0].Fields)
		}
		b, err := CSLJSON(ws)
		if err != nil {
			t.Fatal(err)
		}
		if err := CheckCSL(b); err != nil {
			t.Fatalf("CSL-JSON does not meet the schema: %v\n%s", err, b)
		}
		var items []map[string]any
		if err := json.Unmarshal(b, &items); err != nil {
			t.Fatal(err)
		}
		if items[0]["archive_location"] != archive || items[0]["note"] != c.want || items[0]["URL"] != "https://example.org/a" {
			t.Errorf("CSL item: %v", items[0])
		}
	}
	// No archived copy: no archive words anywhere.
	w := Source("s1", "Title", "", "news", "2020", "https://example.org/a", true, "")
	ws := []Work{w}
	Keys(ws)
	b, _ := CSLJSON(ws)
	if strings.Contains(string(b), "archive") || strings.Contains(string(BibTeX(ws)), "rchive") {
		t.Errorf("a source without an archived copy cites one:\n%s\n%s", b, BibTeX(ws))
	}
}
