package dataset

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dashgen/dashgen/internal/diag"
)

// fieldsOverByCSV is fieldsOver as encoding/csv sees it: the line of the
// first record with more than max fields, 0 when there is none or a syntax
// error comes first.
func fieldsOverByCSV(raw []byte, max int, one bool) int {
	r := csv.NewReader(bytes.NewReader(raw))
	r.FieldsPerRecord = -1
	for {
		rec, err := r.Read()
		if err != nil {
			return 0
		}
		if len(rec) > max {
			line, _ := r.FieldPos(0)
			return line
		}
		if one {
			return 0
		}
	}
}

// TestFieldsOverAgreesWithEncodingCSV: the field count that guards
// encoding/csv is the one encoding/csv would find, for any input.
func TestFieldsOverAgreesWithEncodingCSV(t *testing.T) {
	cases := []string{
		"a,b,c\n", "a,b,c,d\n", "a,b\nc,d,e,f\n", "\"a,b,c,d\"\n", "\"a\"\"b\",c,d,e\n",
		"a,\"b\nc\",d,e\n", "\n\na,b,c,d\n", "a,b\r\nc,d,e,f\r\n", "a\"b,c,d,e\n", "\"a\"b,c,d,e\n",
		"\"a,b,c,d,e", "a,b,c,d", "\"a\"\r\n,b,c,d,e\n", "a,b,c\n\"x\",\"y\",\"z\",\"w\"",
	}
	r := rand.New(rand.NewSource(1))
	alphabet := []byte("a,,,\"\n\r ")
	for range 20000 {
		b := make([]byte, r.Intn(24))
		for i := range b {
			b[i] = alphabet[r.Intn(len(alphabet))]
		}
		cases = append(cases, string(b))
	}
	for _, c := range cases {
		for _, one := range []bool{false, true} {
			got, want := fieldsOver([]byte(c), 0, 1, 3, one), fieldsOverByCSV([]byte(c), 3, one)
			if got != want {
				t.Fatalf("fieldsOver(%q, one=%v) = %d, encoding/csv says %d", c, one, got, want)
			}
		}
	}
}

// TestColumnsOnePass: the columns of a record's fields are those counted
// from the start of the line, each found by looking at every byte of the
// record once, however many fields it has.
func TestColumnsOnePass(t *testing.T) {
	var line strings.Builder
	line.WriteString("\"é\nx\",")
	for i := range 100_000 {
		if i > 0 {
			line.WriteByte(',')
		}
		switch i % 3 {
		case 0:
			line.WriteString("é")
		case 1:
			line.WriteString("\"a,\"\"b\"")
		default:
			line.WriteString("Хоҷалы")
		}
	}
	line.WriteString("\n")
	raw := []byte("id\n" + line.String())
	r := csv.NewReader(bytes.NewReader(raw))
	r.FieldsPerRecord = -1
	if _, err := r.Read(); err != nil {
		t.Fatal(err)
	}
	rec, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	cc := colCounter{raw: raw}
	cc.reset(2, 3)
	for i := range rec {
		ln, byteCol := r.FieldPos(i)
		got := cc.col(ln, byteCol)
		// Counted from the start of the line, for some of the fields (all
		// of them would take a pass per field).
		if i < 10 || i%997 == 0 || i == len(rec)-1 {
			if want := runeColumnAt(raw, ln, byteCol); got != want {
				t.Fatalf("field %d (line %d, byte %d): column %d, want %d", i, ln, byteCol, got, want)
			}
		}
	}
	if cc.scanned > len(raw)-3 {
		t.Errorf("looked at %d bytes for a record of %d", cc.scanned, len(raw)-3)
	}
}

// TestRecordPosMatchesLineCount: the positions of a record's fields, in
// characters, across a quoted line end.
func TestRecordPosMatchesLineCount(t *testing.T) {
	row := "a,\"b\nc\",Хоҷалы,\"d,\"\"e\",é,,f"
	raw := []byte("h1,h2,h3,h4,h5,h6,h7\n" + row + "\n")
	tb := &table{raw: raw, text: string(raw)}
	lines, cols := tb.recordPos(21, 2)
	want := [][2]int{{2, 1}, {2, 3}, {3, 4}, {3, 11}, {3, 19}, {3, 21}, {3, 22}}
	for i := range want {
		if lines[i] != want[i][0] || cols[i] != want[i][1] {
			t.Errorf("field %d at %d:%d, want %d:%d", i, lines[i], cols[i], want[i][0], want[i][1])
		}
	}
}

func loadLimits(t *testing.T, files map[string]string, lim Limits) []string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, l := Load(Spec{Dir: dir, Shown: "data", Figures: []FigureFile{{Name: "figures", File: "figures.csv"}}, Limits: lim})
	return diag.Format(l.Items())
}

func TestLimits(t *testing.T) {
	note := strings.Repeat("n", 300)
	withNote := func(p map[string]string) map[string]string {
		p["figures.csv"] = strings.Replace(p["figures.csv"], "persons,1993,s2,,,\n", "persons,1993,s2,,,"+note+"\n", 1)
		return p
	}
	for _, c := range []struct {
		name  string
		files map[string]string
		lim   Limits
		want  []string
	}{
		{"cell over the limit", withNote(validProject()), Limits{CellBytes: 299},
			[]string{`data/figures.csv:4:52: column "note": the value is 300 bytes, more than the limit of 299 bytes for one cell; if it is right, raise limits.cell_size_kb in config.yaml`}},
		{"cell at the limit", withNote(validProject()), Limits{CellBytes: 300}, nil},
		{"cell over the limit, read by encoding/csv", func() map[string]string {
			p := withNote(validProject())
			p["figures.csv"] = strings.Replace(p["figures.csv"], "\"613 persons, including\"", "\"613 persons,\r\nincluding\"", 1)
			return p
		}(), Limits{CellBytes: 299},
			[]string{`data/figures.csv:5:52: column "note": the value is 300 bytes, more than the limit of 299 bytes for one cell; if it is right, raise limits.cell_size_kb in config.yaml`}},
		{"file over the limit", validProject(), Limits{FileBytes: 200},
			[]string{`data/figures.csv: the file is 294 bytes, more than the limit of 200 bytes; if the file is right, raise limits.file_size_mb in config.yaml`}},
		{"row over the field limit", func() map[string]string {
			p := validProject()
			p["figures.csv"] += strings.Repeat(",", MaxFields) + "\n"
			return p
		}(), Limits{},
			[]string{`data/figures.csv:5:1: row has more than 1000 fields but the header has 16 (a comma inside a value needs the value in double quotes)`}},
		{"row at the field limit", func() map[string]string {
			p := validProject()
			p["figures.csv"] += strings.Repeat(",", MaxFields-1) + "\n"
			return p
		}(), Limits{},
			[]string{`data/figures.csv:5:17: row has 1000 fields but the header has 16: 984 extra (a comma inside a value needs the value in double quotes)`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := loadLimits(t, c.files, c.lim); strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("messages:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}

// TestHugeCellsShortMessages: twenty bad cells of a megabyte each give
// messages that quote a hundred characters of each, not the cells.
func TestHugeCellsShortMessages(t *testing.T) {
	p := validProject()
	var b strings.Builder
	b.WriteString(hdrFigures)
	big := strings.Repeat("z", 1<<20)
	for i := range 20 {
		fmt.Fprintf(&b, "x%d,ev,%s,all,,,%s,exact,,,persons,2016,s1,,,\n", i, big, big)
	}
	p["figures.csv"] = b.String()
	msgs := loadLimits(t, p, Limits{CellBytes: 2 << 20})
	total := 0
	for _, m := range msgs {
		total += len(m)
		if len(m) > 1000 {
			t.Errorf("a message of %d bytes: %.300s…", len(m), m)
		}
	}
	if len(msgs) != 21 || total > 20_000 {
		t.Errorf("%d messages, %d bytes in all", len(msgs), total)
	}
	want := `data/figures.csv:2:7: column "measure": unknown measure "` + strings.Repeat("z", diag.MaxQuoted) + `…" (1048576 characters); expected one of: `
	if !strings.HasPrefix(msgs[0], want) {
		t.Errorf("first message %.400s\nwant it to start %s", msgs[0], want)
	}
}

func TestSpecialFileInDataFolder(t *testing.T) {
	dir := t.TempDir()
	for name, body := range validProject() {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Remove(filepath.Join(dir, "figures.csv")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(os.DevNull, filepath.Join(dir, "figures.csv")); err != nil {
		t.Skip("no symbolic links:", err)
	}
	_, l := Load(Spec{Dir: dir, Shown: "data", Figures: []FigureFile{{Name: "figures", File: "figures.csv"}}})
	got := strings.Join(diag.Format(l.Items()), "\n")
	want := "data/figures.csv: is a device, not a regular file; dashgen reads only regular files (a symbolic link to one is fine)"
	if got != want {
		t.Errorf("messages:\n%s\nwant:\n%s", got, want)
	}
}
