package dataset

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

// TestCellsAgreeWithTheLoader: Cells gives the place the loader's own
// messages give for a cell — across quoted cells spanning lines, a BOM and
// characters beyond ASCII — and line and column 1 for what is not there.
func TestCellsAgreeWithTheLoader(t *testing.T) {
	raw := []byte("\uFEFFid,title,publisher,kind,published,url,accessed,note\n" +
		"a,\"A title\nover two lines\",Пресса,ngo,1992,,,\n" +
		"b,\"Ходжалы, «кавычки»\",P,ngx,1993,,,note\n")
	// The loader reports the unknown kind of b: where does it put it?
	_, l := Load(Spec{FS: fstest.MapFS{"sources.csv": {Data: raw}}, Shown: "data"})
	err := l.Err()
	want := "data/sources.csv:4:"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("the loader's message %v lacks %s", err, want)
	}
	cells := NewCells(raw)
	line, col := cells.At(4, "kind")
	if got := fmt.Sprintf("data/sources.csv:%d:%d:", line, col); !strings.Contains(err.Error(), got) {
		t.Errorf("Cells gives %s, not where the loader's message is:\n%v", got, err)
	}
	for _, tc := range []struct {
		name         string
		line         int
		column       string
		wantL, wantC int
	}{
		{"a cell on a record's second line", 2, "publisher", 3, 17},
		{"the first cell", 2, "id", 2, 1},
		{"no such column", 4, "kind_of", 4, 1},
		{"past the end", 9, "kind", 9, 1},
		{"the header", 1, "kind", 1, 1},
		{"the empty line at the end", 5, "kind", 5, 1},
	} {
		if l, c := cells.At(tc.line, tc.column); l != tc.wantL || c != tc.wantC {
			t.Errorf("%s: At = %d:%d, want %d:%d", tc.name, l, c, tc.wantL, tc.wantC)
		}
	}
}
