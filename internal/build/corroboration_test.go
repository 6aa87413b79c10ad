package build

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/dashgen/dashgen/internal/cite"
	"github.com/dashgen/dashgen/internal/config"
)

// corroborationBuild builds the fictional project of testdata/corroboration:
// five sources give the number killed; two agree on their own, two repeat
// one originator (attributed_to, written in two ways), one disagrees.
func corroborationBuild(t *testing.T) *Result {
	t.Helper()
	cfg, err := config.Load("../../testdata/corroboration/config.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Build(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) > 0 {
		t.Fatalf("warnings: %v", res.Warnings)
	}
	return res
}

// wantStatedBy is the corroboration rule applied to the fictional project:
// 12 is stated by the gazette, the radio and the mayor's office (which the
// union and the herald both quote: one origin); 14 by the inspectorate
// alone. A change of the rule fails here.
var wantStatedBy = map[string]string{
	"gazette-killed": "3", "radio-killed": "3", "union-killed": "3", "herald-killed": "3", "inspectorate-killed": "1",
}

func TestCorroborationInDownloads(t *testing.T) {
	res := corroborationBuild(t)
	for _, prefix := range []string{"", "ru/"} {
		rows, err := csv.NewReader(bytes.NewReader(fileOf(t, res.Files, prefix+"data/killed-by-source.csv"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		col := map[string]int{}
		for i, h := range rows[0] {
			col[h] = i
		}
		got := map[string]string{}
		for _, r := range rows[1:] {
			got[r[col["figure_id"]]] = r[col["stated_by"]]
		}
		if len(got) != len(wantStatedBy) {
			t.Errorf("%sCSV rows: %v", prefix, got)
		}
		for id, want := range wantStatedBy {
			if got[id] != want {
				t.Errorf("%sCSV: %s stated_by %q, want %q", prefix, id, got[id], want)
			}
		}
		var doc struct {
			Rows []struct {
				Figure   string `json:"figure_id"`
				StatedBy int    `json:"stated_by"`
			} `json:"rows"`
			Sources []struct {
				ID, URL, ArchiveURL, Archived string
			} `json:"sources"`
			Behaviour struct {
				Tooltips [][]string `json:"tooltips"`
			} `json:"behaviour"`
		}
		if err := json.Unmarshal(fileOf(t, res.Files, prefix+"data/killed-by-source.json"), &doc); err != nil {
			t.Fatal(err)
		}
		if len(doc.Rows) != len(wantStatedBy) {
			t.Fatalf("%sJSON rows: %+v", prefix, doc.Rows)
		}
		for _, r := range doc.Rows {
			if want := wantStatedBy[r.Figure]; want == "" || r.StatedBy != int(want[0]-'0') {
				t.Errorf("%sJSON: %s stated_by %d, want %s", prefix, r.Figure, r.StatedBy, want)
			}
		}
		// The tooltips say it, in the page's language.
		one, many := "Only one source states this figure.", "3 sources state this figure."
		if prefix == "ru/" {
			one, many = "Эту цифру приводит только один источник.", "Эту цифру приводят источники: 3."
		}
		tips := strings.Join(doc.Behaviour.Tooltips[0], "\n---\n")
		if strings.Count(tips, many) != 4 || strings.Count(tips, one) != 1 {
			t.Errorf("%stooltips do not state the counts:\n%s", prefix, tips)
		}
	}
}

func TestArchivedCopiesInDownloadsAndCitations(t *testing.T) {
	res := corroborationBuild(t)
	csvData := string(fileOf(t, res.Files, "data/killed-by-source.csv"))
	for _, want := range []string{
		",https://example.org/orlen/gazette,https://web.archive.org/web/20290304000000/https://example.org/orlen/gazette\n",
		",https://example.org/orlen/union,\n",
	} {
		if !strings.Contains(csvData, want) {
			t.Errorf("CSV lacks %q:\n%s", want, csvData)
		}
	}
	var doc struct {
		Sources []struct {
			ID         string `json:"id"`
			ArchiveURL string `json:"archive_url"`
			Archived   string `json:"archived"`
		} `json:"sources"`
	}
	if err := json.Unmarshal(fileOf(t, res.Files, "data/killed-by-source.json"), &doc); err != nil {
		t.Fatal(err)
	}
	archives := map[string][2]string{}
	for _, s := range doc.Sources {
		archives[s.ID] = [2]string{s.ArchiveURL, s.Archived}
	}
	if archives["gazette"] != [2]string{"https://web.archive.org/web/20290304000000/https://example.org/orlen/gazette", "2029-03-04"} ||
		archives["radio"] != [2]string{"https://web.archive.org/web/2029/https://example.org/orlen/radio", ""} || archives["union"] != [2]string{} {
		t.Errorf("JSON sources' archived copies: %v", archives)
	}

	entries, err := cite.ParseBibTeX(string(fileOf(t, res.Files, "sources.bib")))
	if err != nil {
		t.Fatal(err)
	}
	notes := map[string]string{}
	for _, e := range entries {
		notes[e.Key] = e.Fields["note"]
	}
	if notes["gazette"] != "Archived copy: https://web.archive.org/web/20290304000000/https://example.org/orlen/gazette, 2029-03-04" ||
		notes["radio"] != "Archived copy: https://web.archive.org/web/2029/https://example.org/orlen/radio" || notes["union"] != "" {
		t.Errorf("BibTeX notes: %q", notes)
	}
	if err := cite.CheckCSL(fileOf(t, res.Files, "sources.json")); err != nil {
		t.Fatal(err)
	}
	var items []map[string]any
	if err := json.Unmarshal(fileOf(t, res.Files, "sources.json"), &items); err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		want := map[string]string{"gazette": "https://web.archive.org/web/20290304000000/https://example.org/orlen/gazette",
			"radio": "https://web.archive.org/web/2029/https://example.org/orlen/radio"}[it["id"].(string)]
		if got, _ := it["archive_location"].(string); got != want {
			t.Errorf("CSL-JSON %s: archive_location %q, want %q", it["id"], got, want)
		}
	}
}

// The sources page is a reference list: grouped by kind, in the order
// kinds first appear; each source with its archive state, the date it was
// accessed, and what it is cited for, linked to the chart that shows it.
func TestSourcesPageReferenceList(t *testing.T) {
	res := corroborationBuild(t)
	cases := map[string][]string{
		"sources.html": {
			`<h2 id="kind-media">Media</h2>`, `<h2 id="kind-ngo">Non-governmental organisation</h2>`, `<h2 id="kind-government">Government</h2>`,
			`Archived 4 March 2029: <a class="url" href="https://web.archive.org/web/20290304000000/https://example.org/orlen/gazette"`,
			`Archived copy: <a class="url" href="https://web.archive.org/web/2029/https://example.org/orlen/radio"`,
			`No archived copy recorded.`, `Accessed 5 March 2029.`, `Cited for:`,
			`Killed, All: 12 (3 March 2029) <span class="source-meta">3 sources state this figure.</span>`,
			`Killed, All: 14 (10 March 2029) <span class="source-meta">Only one source states this figure.</span>`,
			`<a href="overview.html#chart-killed-by-source">People killed, in each source&#39;s words</a>`,
			`a source giving another number never counts`,
		},
		"ru/sources.html": {
			`<h2 id="kind-media">СМИ</h2>`,
			`Архивная копия от 4 марта 2029: <a class="url"`, `Архивная копия: <a class="url"`,
			`Архивная копия не указана.`, `Дата обращения: 5 марта 2029.`, `На что ссылаются:`,
			`Эту цифру приводят источники: 3.`, `<a href="overview.html#chart-killed-by-source">Погибшие — словами каждого источника</a>`,
		},
	}
	for page, wants := range cases {
		html := string(fileOf(t, res.Files, page))
		for _, w := range wants {
			if !strings.Contains(html, w) {
				t.Errorf("%s lacks %q", page, w)
			}
		}
		media, ngo, gov := strings.Index(html, `id="kind-media"`), strings.Index(html, `id="kind-ngo"`), strings.Index(html, `id="kind-government"`)
		if !(media < ngo && ngo < gov) {
			t.Errorf("%s: kinds not in the order they first appear in sources.csv", page)
		}
	}
	// The dashboard's sources line and its printed list give the archived
	// copy beside the live link.
	dash := string(fileOf(t, res.Files, "overview.html"))
	for _, w := range []string{
		`<a class="archived" href="https://web.archive.org/web/20290304000000/https://example.org/orlen/gazette" data-shown="https://web.archive.org/web/20290304000000/https://example.org/orlen/gazette" rel="noopener noreferrer">(archived 4 March 2029)</a>`,
		` · archived 4 March 2029: <a class="url" href="https://web.archive.org/web/20290304000000/https://example.org/orlen/gazette">`,
		` · archived copy: <a class="url" href="https://web.archive.org/web/2029/https://example.org/orlen/radio">`,
	} {
		if !strings.Contains(dash, w) {
			t.Errorf("overview.html lacks %q", w)
		}
	}
}
