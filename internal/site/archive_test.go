package site

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/dashgen/dashgen/internal/dataset"
)

func renderedFile(t *testing.T, in Input, p string) string {
	t.Helper()
	files, err := Render(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if f.Path == p {
			return string(f.Data)
		}
	}
	t.Fatalf("no %s rendered", p)
	return ""
}

// The sources page: an archived copy that is a web address is a link,
// with its date in words or "archived copy"; one that is not is text;
// none says so. Kinds head groups in their order of first appearance, and
// a long list of uses folds beyond the first few.
func TestSourcesPageArchivesKindsAndUses(t *testing.T) {
	in := testInput()
	in.Sources = []*dataset.Source{
		{ID: "s", Title: "S", Kind: "media", URL: "https://example.org/", ArchiveURL: "https://archive.example/s", Archived: "2024-03-01", Accessed: "2024-02"},
		{ID: "t", Title: "T", Kind: "ngo", URL: "https://example.org/t", ArchiveURL: "https://archive.example/t"},
		{ID: "u", Title: "U", Kind: "media", ArchiveURL: "javascript:alert(1)"},
		{ID: "v", Title: "V", Kind: "ngo"},
	}
	in.KindName = func(id string) string {
		return map[string]string{"media": "media", "ngo": "non-governmental organisation"}[id]
	}
	in.Uses = map[string][]SourceUse{"s": {{ID: "f1", Text: "Killed, All: 12", StatedBy: "3 sources state this figure.", Charts: []ChartLink{{Href: "d.html#chart-bar", Title: "A bar chart"}}}}}
	for i := range 7 {
		in.Uses["t"] = append(in.Uses["t"], SourceUse{ID: fmt.Sprint("r", i), Text: fmt.Sprintf("Record %d", i)})
	}
	page := renderedFile(t, in, "sources.html")
	for _, want := range []string{
		`Archived 1 March 2024: <a class="url" href="https://archive.example/s" rel="noopener noreferrer">https://archive.example/s</a>`,
		`Archived copy: <a class="url" href="https://archive.example/t" rel="noopener noreferrer">`,
		`Archived copy: <span class="url">javascript:alert(1)</span>`,
		`No archived copy recorded.`,
		`Accessed February 2024.`,
		`Killed, All: 12 <span class="source-meta">3 sources state this figure.</span><br><span class="use-charts">→ <a href="d.html#chart-bar">A bar chart</a></span>`,
		`<li>Record 3</li></ul>` + "\n" + `<details class="uses-more"><summary>3 more</summary><ul><li>Record 4</li><li>Record 5</li><li>Record 6</li></ul></details>`,
		`<h2 id="kind-media">Media</h2>`, `<h2 id="kind-ngo">Non-governmental organisation</h2>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("sources page lacks %q", want)
		}
	}
	if strings.Contains(page, `href="javascript:`) {
		t.Error("a javascript: archive address became a link")
	}
	if strings.Index(page, `id="source-u"`) > strings.Index(page, `id="kind-ngo"`) {
		t.Error("u is not under its kind, media")
	}
	// Five uses or fewer show whole.
	in.Uses["t"] = in.Uses["t"][:5]
	if page := renderedFile(t, in, "sources.html"); strings.Contains(page, `<details class="uses-more"`) {
		t.Error("five uses are folded")
	}
	// The sources line of a dashboard gives the archived copy beside the
	// live link.
	dash := renderedFile(t, in, "d.html")
	if want := `<a class="archived" href="https://archive.example/s" data-shown="https://archive.example/s" rel="noopener noreferrer">(archived 1 March 2024)</a>`; !strings.Contains(dash, want) {
		t.Errorf("dashboard lacks %q", want)
	}
}
