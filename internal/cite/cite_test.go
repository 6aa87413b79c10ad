package cite

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// unescape reads a value Escape wrote back into text, strictly: a TeX
// special character not escaped, or a command Escape does not write, is
// an error, so a writer that forgets one fails here.
func unescape(v string) (string, error) {
	cmds := map[string]string{`\textbackslash{}`: `\`, `\textbraceleft{}`: "{", `\textbraceright{}`: "}", `\textasciitilde{}`: "~", `\textasciicircum{}`: "^",
		`\%`: "%", `\&`: "&", `\#`: "#", `\_`: "_", `\$`: "$"}
	var b strings.Builder
	for i := 0; i < len(v); {
		if strings.IndexByte("{}%&#_$~^", v[i]) >= 0 {
			return "", fmt.Errorf("unescaped %q at %d in %q", v[i], i, v)
		}
		if v[i] == '\\' {
			found := false
			for cmd, text := range cmds {
				if strings.HasPrefix(v[i:], cmd) {
					b.WriteString(text)
					i += len(cmd)
					found = true
					break
				}
			}
			if !found {
				return "", fmt.Errorf("unknown command at %d in %q", i, v)
			}
			continue
		}
		b.WriteByte(v[i])
		i++
	}
	return b.String(), nil
}

var hostile = []string{
	`Plain title`,
	`He said "no" — and {left} }unbalanced{ braces`,
	`100% of 5 & 6 # _under_ $dollar$ ~tilde ^caret \backslash \\ \{ \}`,
	`</script><script>alert(1)</script> <!-- %`,
	"Xocalı soyqırımı — Ходжалинская трагедия · 日本語 👩‍👩‍👧",
	`@misc{evil, title = {x}}`,
	`\textbackslash{} \end{document} } } }`,
	"line one\nline two\ttab",
	`'single' "double" ,comma= equals`,
}

func TestBibTeXRoundTripHostile(t *testing.T) {
	var works []Work
	for i, h := range hostile {
		w := Source(fmt.Sprintf("id %d/%s", i, h[:min(len(h), 5)]), h, h, []string{"ngo", "media", "statement", "court", "other"}[i%5], "1994-12", "https://example.org/a{b}c d\\e", true, "2020-01-02")
		w.Version, w.Note = h, h
		works = append(works, w)
	}
	Keys(works)
	entries, err := ParseBibTeX(string(BibTeX(works)))
	if err != nil {
		t.Fatalf("parsing our BibTeX: %v\n%s", err, BibTeX(works))
	}
	if len(entries) != len(works) {
		t.Fatalf("%d entries, want %d", len(entries), len(works))
	}
	for i, e := range entries {
		w := works[i]
		want := strings.NewReplacer("\n", " ", "\t", " ").Replace(hostile[i])
		if e.Key != w.Key || e.Type != w.BibType {
			t.Errorf("entry %d: @%s{%s}, want @%s{%s}", i, e.Type, e.Key, w.BibType, w.Key)
		}
		for _, f := range []string{"title", "author", "version", "note", "institution", "journal", "publisher"} {
			v, ok := e.Fields[f]
			if !ok {
				continue
			}
			if f == "title" || f == "author" {
				if !strings.HasPrefix(v, "{") || !strings.HasSuffix(v, "}") {
					t.Errorf("entry %d: %s = {%s} is not braced twice", i, f, v)
					continue
				}
				v = v[1 : len(v)-1]
			}
			got, err := unescape(v)
			if err != nil {
				t.Errorf("entry %d: %s: %v", i, f, err)
			} else if got != want {
				t.Errorf("entry %d: %s reads back as %q, want %q", i, f, got, want)
			}
		}
		if e.Fields["title"] == "" || e.Fields["version"] == "" || e.Fields["note"] == "" {
			t.Errorf("entry %d lacks title, version or note: %v", i, e.Order)
		}
		if got := e.Fields["url"]; got != "https://example.org/a%7Bb%7Dc%20d%5Ce" {
			t.Errorf("entry %d: url = %q", i, got)
		}
		if e.Fields["month"] != "dec" || e.Fields["year"] != "1994" || e.Fields["date"] != "1994-12" || e.Fields["urldate"] != "2020-01-02" {
			t.Errorf("entry %d: dates %q %q %q %q", i, e.Fields["year"], e.Fields["month"], e.Fields["date"], e.Fields["urldate"])
		}
	}
	// Non-ASCII text is kept as UTF-8, not turned into TeX accents.
	if !bytes.Contains(BibTeX(works), []byte("Xocalı soyqırımı — Ходжалинская")) {
		t.Error("non-ASCII text is not kept as written")
	}
	if !bytes.Equal(BibTeX(works), BibTeX(works)) {
		t.Error("BibTeX differs between two calls")
	}
}

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		`a{b}c`:   `a\textbraceleft{}b\textbraceright{}c`,
		`5% & #1`: `5\% \& \#1`,
		`a_b$c`:   `a\_b\$c`,
		`~^\`:     `\textasciitilde{}\textasciicircum{}\textbackslash{}`,
		"a\nb":    "a b",
		"Ağdam":   "Ağdam",
	} {
		if got := Escape(in); got != want {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSourceKinds(t *testing.T) {
	for _, c := range []struct {
		kind, publisher, url string
		web                  bool
		csl, bib, author     string
		container, pub       string
	}{
		{"ngo", "Human Rights Watch", "", false, "report", "techreport", "Human Rights Watch", "", "Human Rights Watch"},
		{"government", "Ministry", "", false, "report", "techreport", "Ministry", "", "Ministry"},
		{"media", "The Paper", "https://p.example/a", true, "article-newspaper", "article", "", "The Paper", ""},
		{"parliament", "Senate", "", false, "legislation", "misc", "Senate", "", "Senate"},
		{"court", "Court X", "", false, "legal_case", "misc", "Court X", "", "Court X"},
		{"encyclopedia", "Wiki", "", false, "entry-encyclopedia", "misc", "", "", "Wiki"},
		{"statement", "", "", false, "document", "misc", "", "", ""},
		{"own-kind", "Site", "https://s.example/", true, "webpage", "misc", "", "", "Site"},
		{"own-kind", "Site", "archive box 4", false, "document", "misc", "", "", "Site"},
		{"ngo", "", "", false, "report", "misc", "", "", ""}, // no institution: a @misc
		{"media", "", "", false, "article-newspaper", "misc", "", "", ""},
	} {
		w := Source("s", "T", c.publisher, c.kind, "", c.url, c.web, "")
		if w.Type != c.csl || w.BibType != c.bib || w.Author != c.author || w.Container != c.container || w.Publisher != c.pub {
			t.Errorf("%s/%q: %s @%s author %q container %q publisher %q; want %s @%s %q %q %q", c.kind, c.publisher, w.Type, w.BibType, w.Author, w.Container, w.Publisher, c.csl, c.bib, c.author, c.container, c.pub)
		}
		if c.web != (w.URL != "") {
			t.Errorf("%s: URL %q with web=%v", c.kind, w.URL, c.web)
		}
	}
}

func TestKeys(t *testing.T) {
	ws := []Work{{ID: "hrw-1992"}, {ID: "a b"}, {ID: "a-b"}, {ID: "a-b-2"}, {ID: "1992"}, {ID: "ç"}, {ID: "a{b}"}, {ID: "a-b"}}
	Keys(ws)
	for i := range ws {
		ws[i].BibType = "misc"
	}
	var got []string
	for _, w := range ws {
		got = append(got, w.Key)
	}
	want := "hrw-1992 a-b a-b-2 a-b-2-2 x1992 x- a-b- a-b-3"
	if strings.Join(got, " ") != want {
		t.Errorf("keys %q, want %q", strings.Join(got, " "), want)
	}
	if _, err := ParseBibTeX(string(BibTeX(ws))); err != nil {
		t.Errorf("keys do not parse: %v", err)
	}
}

func TestCSLJSON(t *testing.T) {
	var works []Work
	for i, h := range hostile {
		w := Source(fmt.Sprintf("id-%d", i), h, h, []string{"ngo", "media", "statement", "court", "other", "parliament", "encyclopedia"}[i%7], []string{"1992", "1994-12", "2016-02-26", "", "bad"}[i%5], "https://e.example/"+fmt.Sprint(i), i%2 == 0, "2021-03")
		w.Version, w.Note = h, h
		works = append(works, w)
	}
	b, err := CSLJSON(works)
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
	for i, it := range items {
		if it["title"] != hostile[i] || it["note"] != hostile[i] || it["version"] != hostile[i] {
			t.Errorf("item %d: texts do not read back: %v", i, it)
		}
		issued, _ := json.Marshal(it["issued"])
		want := []string{`{"date-parts":[[1992]]}`, `{"date-parts":[[1994,12]]}`, `{"date-parts":[[2016,2,26]]}`, `null`, `null`}[i%5]
		if string(issued) != want {
			t.Errorf("item %d: issued %s, want %s", i, issued, want)
		}
	}
	if bytes.Contains(b, []byte("</script")) {
		t.Error("CSL-JSON holds </script unescaped")
	}
	again, _ := CSLJSON(works)
	if !bytes.Equal(b, again) {
		t.Error("CSL-JSON differs between two calls")
	}
}

// The checks must refuse what the formats refuse: otherwise the tests
// above could not fail.
func TestCheckersRefuse(t *testing.T) {
	for _, bad := range []string{
		`@misc{a, title = {x}`,
		`@misc{a, title = {x}}} `,
		`@misc{a, title = {x}} @misc{a, title = {y}}`,
		`@misc{a, title = {x}, title = {y}}`,
		`junk @misc{a}`,
		`@misc{a b, title = {x}}`,
		`@misc{a, title = "x"}`,
	} {
		if _, err := ParseBibTeX(bad); err == nil {
			t.Errorf("ParseBibTeX(%q) accepted it", bad)
		}
	}
	for _, bad := range []string{
		`{}`,
		`[{"id":"a"}]`,
		`[{"id":"a","type":"blog"}]`,
		`[{"id":"a","type":"report","title":1}]`,
		`[{"id":"a","type":"report","issued":{"date-parts":[[1992,13]]}}]`,
		`[{"id":"a","type":"report","issued":{"date-parts":[]}}]`,
		`[{"id":"a","type":"report","author":[{"name":"x"}]}]`,
		`[{"id":"a","type":"report","publisher-city":"x"}]`,
		`[{"id":"a","type":"report"},{"id":"a","type":"report"}]`,
	} {
		if err := CheckCSL([]byte(bad)); err == nil {
			t.Errorf("CheckCSL(%s) accepted it", bad)
		}
	}
}
