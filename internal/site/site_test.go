package site

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"path"
	"regexp"
	"strings"
	"testing"

	"github.com/dashgen/dashgen/charts"
	"github.com/dashgen/dashgen/internal/dataset"
)

func testInput() Input {
	bar := &charts.Chart{
		ID: "bar", Type: "bar", Title: "A bar chart", Height: 200,
		Option:    map[string]any{"series": []any{map[string]any{"type": "bar", "data": []any{1}}}},
		Behaviour: &charts.Behaviour{Labels: [][]string{{"one"}}, Tooltips: [][]string{{"one"}}},
		Text:      []charts.TextRow{{Label: "one", Figure: "1", Sources: []string{"s"}}},
		Sources:   []string{"s"},
	}
	card := &charts.Chart{ID: "card", Type: "card", Title: "Cards", Cards: []charts.Card{{Label: "One", Value: "1"}}}
	return Input{
		Title: "Site", Description: "About", Lang: "en", Version: "test",
		Dashboards: []Dashboard{{ID: "d", Title: "D", Charts: []*charts.Chart{card, bar}}},
		Sources:    []*dataset.Source{{ID: "s", Title: "S", URL: "https://example.org/"}},
		CitedBy:    map[string]int{"s": 1},
		SourceName: func(id string) string { return id },
	}
}

var (
	cspMeta        = regexp.MustCompile(`^<!DOCTYPE html>\n<html lang="[^"]*"(?: class="embed")? data-group="[^"]*">\n<head>\n<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="([^"]*)">\n`)
	scriptElements = regexp.MustCompile(`(?s)<script([^>]*)>(.*?)</script>`)
	styleElements  = regexp.MustCompile(`(?s)<style([^>]*)>(.*?)</style>`)
	textareas      = regexp.MustCompile(`(?s)<textarea[^>]*>.*?</textarea>`)
	sharedScript   = regexp.MustCompile(`^ src="([^"]+)" integrity="(sha256-[A-Za-z0-9+/=]+)"$`)
)

// TestEveryInlineScriptAndStyleIsInThePolicy: each page starts its head
// with a Content-Security-Policy that allows exactly the inline scripts
// and styles the page has, by the SHA-256 of their text, and nothing
// remote. A script or style written into a template by hand, without
// inline, fails here.
//
// In shared mode the scripts are files of assets/, loaded with an
// integrity attribute that the policy's hash must equal.
func TestEveryInlineScriptAndStyleIsInThePolicy(t *testing.T) {
	for _, mode := range []string{"inline", "shared"} {
		t.Run(mode, func(t *testing.T) { checkPolicies(t, mode) })
	}
}

func checkPolicies(t *testing.T, mode string) {
	in := testInput()
	in.Assets = mode
	files, err := Render(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	content := map[string]string{}
	var pages []string
	for _, f := range files {
		content[f.Path] = string(f.Data)
		if strings.HasSuffix(f.Path, ".html") {
			pages = append(pages, f.Path)
		}
	}
	if want := "index.html d.html embed/card.html embed/bar.html sources.html"; strings.Join(pages, " ") != want {
		t.Fatalf("rendered pages %v, want %s", pages, want)
	}
	for _, f := range files {
		if !strings.HasSuffix(f.Path, ".html") {
			continue
		}
		page := string(f.Data)
		m := cspMeta.FindStringSubmatch(page)
		if m == nil {
			t.Errorf("%s: the head does not start with <meta charset> and then the Content-Security-Policy:\n%.400s", f.Path, page)
			continue
		}
		directives := map[string][]string{}
		for _, d := range strings.Split(m[1], ";") {
			words := strings.Fields(d)
			if len(words) == 0 {
				t.Errorf("%s: empty directive in %q", f.Path, m[1])
				continue
			}
			directives[words[0]] = words[1:]
		}
		for _, want := range []string{"default-src 'none'", "img-src data: blob:", "base-uri 'none'", "form-action 'none'", "object-src 'none'"} {
			name, value, _ := strings.Cut(want, " ")
			if strings.Join(directives[name], " ") != value {
				t.Errorf("%s: want %s; policy %q", f.Path, want, m[1])
			}
		}
		for _, bad := range []string{"unsafe", "http", "*", "data:text"} {
			if strings.Contains(m[1], bad) {
				t.Errorf("%s: the policy allows %q: %q", f.Path, bad, m[1])
			}
		}

		var scripts, styles []string
		for _, s := range scriptElements.FindAllStringSubmatch(page, -1) {
			if strings.Contains(s[1], `type="application/json"`) {
				continue // data, never run
			}
			if mode == "inline" {
				if s[1] == ` type="application/octet-stream" id="dashgen-echarts"` {
					// ECharts, compressed: the loader runs its text, which
					// the policy must allow by hash.
					scripts = append(scripts, sourceOf(gunzipBase64(t, s[2])))
					continue
				}
				if s[1] != "" {
					t.Errorf("%s: a script with attributes %q", f.Path, s[1])
				}
				scripts = append(scripts, sourceOf(s[2]))
				continue
			}
			m := sharedScript.FindStringSubmatch(s[1])
			if m == nil || s[2] != "" {
				t.Errorf("%s: a script that is not a shared asset with its integrity: %q", f.Path, s[0])
				continue
			}
			src := path.Clean(path.Join(path.Dir(f.Path), m[1]))
			body, ok := content[src]
			if !ok {
				t.Errorf("%s: loads %s, which the build does not write", f.Path, src)
			}
			if hash := sourceOf(body); "'"+m[2]+"'" != hash {
				t.Errorf("%s: integrity of %s is %s, its content hashes to %s", f.Path, src, m[2], hash)
			}
			scripts = append(scripts, "'"+m[2]+"'")
		}
		for _, s := range styleElements.FindAllStringSubmatch(page, -1) {
			styles = append(styles, sourceOf(s[2]))
		}
		if len(styles) != 1 {
			t.Errorf("%s: %d <style> elements, want 1", f.Path, len(styles))
		}
		wantScripts := map[string]int{"d.html": 2, "embed/bar.html": 2, "embed/card.html": 1}[f.Path]
		if mode == "inline" && wantScripts == 2 {
			wantScripts = 3 // the compressed ECharts, its loader, page.js
		}
		if len(scripts) != wantScripts {
			t.Errorf("%s: %d scripts, want %d (ECharts for drawn charts; page.js for those and every embed)", f.Path, len(scripts), wantScripts)
		}
		for name, want := range map[string][]string{"script-src": scripts, "style-src": styles} {
			if len(want) == 0 {
				want = []string{"'none'"}
			}
			if got := strings.Join(directives[name], " "); got != strings.Join(want, " ") {
				t.Errorf("%s: %s is %q, want the hashes of the page's inline elements %q", f.Path, name, got, strings.Join(want, " "))
			}
		}

		// No style attribute in markup: the policy refuses those. (The
		// embed code shown for copying is text, escaped: not markup.)
		markup := textareas.ReplaceAllString(scriptElements.ReplaceAllString(page, ""), "")
		if strings.Contains(markup, " style=") {
			t.Errorf("%s: a style attribute in the markup; the policy refuses it, use a class in page.css", f.Path)
		}
	}
}

func sourceOf(text string) string {
	sum := sha256.Sum256([]byte(text))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

// The browser hashes the text as its parser sees it, with CRLF and CR
// made LF; the page must hold that text, so the hash matches.
func TestInlineTextLineEnds(t *testing.T) {
	var c inline
	got := c.script("a();\r\nb();\rc();\n")
	if want := "<script>a();\nb();\nc();\n</script>"; string(got) != want {
		t.Errorf("script: got %q, want %q", got, want)
	}
	if c.scripts[0] != sourceOf("a();\nb();\nc();\n") {
		t.Errorf("hash %s is not of the text written", c.scripts[0])
	}
}

func TestInlineRefusesClosingTags(t *testing.T) {
	for _, tc := range []struct{ tag, text string }{
		{"script", "x = '</SCRIPT>'"},
		{"script", "x = '<!--'"},
		{"style", "a::after { content: '</style>' }"},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s %q: no panic", tc.tag, tc.text)
				}
			}()
			var c inline
			if tc.tag == "script" {
				c.script(tc.text)
			} else {
				c.style(tc.text)
			}
		}()
	}
}

func gunzipBase64(t *testing.T, b64 string) string {
	t.Helper()
	raw, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	text, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return string(text)
}

// TestCompressedEChartsIsTheVendoredOne: the gzip file pages carry is
// exactly echarts.min.js (update-echarts.sh makes both).
func TestCompressedEChartsIsTheVendoredOne(t *testing.T) {
	if got := gunzipBase64(t, echartsGzipBase64()); got != echartsJS {
		t.Fatalf("assets/echarts.min.js.gz does not unpack to assets/echarts.min.js; run update-echarts.sh")
	}
	if rawText("script", echartsJS) != echartsJS {
		t.Fatalf("echarts.min.js has CR line ends: the hash of the text the loader runs would not match")
	}
}
