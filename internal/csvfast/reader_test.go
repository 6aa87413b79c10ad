package csvfast

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
)

// readAll reads every record of in with read, and returns what each Read
// gave: the record, the error and, for a record, every field's position and
// the offset after it, as text.
func readAll(in string, fields int, reuse bool, newReader func(string) reader) string {
	r := newReader(in)
	r.setup(fields, reuse)
	var b strings.Builder
	for i := 0; ; i++ {
		if i > len(in)+2 {
			fmt.Fprintf(&b, "more records than bytes\n")
			return b.String()
		}
		rec, err := r.Read()
		fmt.Fprintf(&b, "%q", rec)
		if err == io.EOF {
			b.WriteString(" EOF\n")
			return b.String()
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				fmt.Fprintf(&b, " error %T %v\n", err, err)
				continue
			}
			fmt.Fprintf(&b, " %d:%d:%d %v", pe.StartLine, pe.Line, pe.Column, pe.Err)
		}
		for j := range rec {
			line, col := r.FieldPos(j)
			fmt.Fprintf(&b, " %d:%d", line, col)
		}
		fmt.Fprintf(&b, " @%d fields=%d\n", r.InputOffset(), r.fieldsPerRecord())
	}
}

type reader interface {
	setup(fields int, reuse bool)
	Read() ([]string, error)
	FieldPos(int) (int, int)
	InputOffset() int64
	fieldsPerRecord() int
}

type stdReader struct{ *csv.Reader }

func (r stdReader) setup(fields int, reuse bool) { r.FieldsPerRecord, r.ReuseRecord = fields, reuse }
func (r stdReader) fieldsPerRecord() int         { return r.FieldsPerRecord }

type fastReader struct{ *Reader }

func (r fastReader) setup(fields int, reuse bool) { r.FieldsPerRecord, r.ReuseRecord = fields, reuse }
func (r fastReader) fieldsPerRecord() int         { return r.FieldsPerRecord }

func std(s string) reader  { return stdReader{csv.NewReader(strings.NewReader(s))} }
func fast(s string) reader { return fastReader{NewReader([]byte(s))} }

// agree fails t when the Reader and encoding/csv read in differently.
func agree(t *testing.T, in string) {
	t.Helper()
	for _, fields := range []int{-1, 0, 2, 3} {
		for _, reuse := range []bool{false, true} {
			want := readAll(in, fields, reuse, std)
			got := readAll(in, fields, reuse, fast)
			if got != want {
				t.Fatalf("input %q, FieldsPerRecord %d, ReuseRecord %v:\ncsvfast:\n%s\nencoding/csv:\n%s", in, fields, reuse, got, want)
			}
		}
	}
}

var cases = []string{
	"",
	"\n",
	"\r\n\r\n",
	"a,b,c\n",
	"a,b,c",
	"a,b,c\r\n1,2,3\r\n",
	"a,b,c\n\n\n1,2,3\n",
	"a,b\n1,2,3\n4,5\n",
	"a,\"b,c\",d\n",
	"a,\"b\nc\",d\ne,f,g\n",
	"a,\"b\r\nc\",d\ne,f,g\n",
	"a,\"say \"\"hi\"\"\",d\n",
	"a,b\"c,d\n",
	"a,\"b\"c,d\n1,2,3\n",
	"a,\"b\n",
	"a,\"b\nc\nd,e\n",
	"a,b\r",
	"a,b\rc\n",
	"a,b\n\r",
	"\r",
	"\"\"",
	",,\n,,\n",
	"é,ü,\"ж\nя\",x\n1,2,3,4\n",
	"\uFEFFid,name\n1,x\n",
	"a,\"b\"\r\n",
	"a,\"b\"\rc\n",
	" a , \"b\" \n",
	"a,b\n\"c\nd\"\"\",e\n,f\n",
}

// TestReaderAgrees reads the cases with the Reader and with encoding/csv.
func TestReaderAgrees(t *testing.T) {
	for _, c := range cases {
		agree(t, c)
	}
}

// FuzzReaderAgrees holds the Reader to encoding/csv for any input: the
// same records, errors, positions and offsets, whatever FieldsPerRecord
// and ReuseRecord say.
func FuzzReaderAgrees(f *testing.F) {
	for _, c := range cases {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, in string) { agree(t, in) })
}

// TestPlainOnly: with PlainOnly, a record the Reader does not read itself
// is refused with ErrNotPlain and nothing is read; the records before it
// are read plainly, at their offsets and lines.
func TestPlainOnly(t *testing.T) {
	in := "a,b\n\n\"x\ny\",z\r\n1,\"2\"\"\"\nc,d,e\n"
	r := NewReader([]byte(in))
	r.PlainOnly, r.FieldsPerRecord, r.ReuseRecord = true, 2, true
	type got struct {
		rec        []string
		off, line  int
		end, after int
	}
	var gots []got
	for {
		rec, err := r.Read()
		if err != nil {
			if !errors.Is(err, ErrNotPlain) {
				t.Fatalf("error %v, want ErrNotPlain", err)
			}
			break
		}
		off, line := r.Start()
		gots = append(gots, got{append([]string(nil), rec...), off, line, int(r.InputOffset()), r.Line()})
	}
	want := []got{
		{[]string{"a", "b"}, 0, 1, 4, 2},
		{[]string{"x\ny", "z"}, 5, 3, 14, 5},
		{[]string{"1", `2"`}, 14, 5, 22, 6},
	}
	if !reflect.DeepEqual(gots, want) {
		t.Fatalf("read %+v, want %+v", gots, want)
	}
	if _, err := r.Read(); !errors.Is(err, ErrNotPlain) {
		t.Fatalf("second Read of the long row: %v, want ErrNotPlain again", err)
	}
	if line, col := r.FieldPos(1); line != 5 || col != 3 {
		t.Errorf("FieldPos(1) of the last record read = %d:%d, want 5:3", line, col)
	}
}

// TestValuesShareTheInput: a plain value is a slice of the input, not a
// copy; a value with doubled quotes is a copy.
func TestValuesShareTheInput(t *testing.T) {
	b := []byte("abc,\"d\"\"e\"\n")
	rec, err := NewReader(b).Read()
	if err != nil {
		t.Fatal(err)
	}
	if rec[0] != "abc" || rec[1] != `d"e` {
		t.Fatalf("read %q", rec)
	}
	b[0] = 'X'
	if rec[0] != "Xbc" {
		t.Errorf("value %q does not share the input's memory", rec[0])
	}
}

// TestFieldPosOutOfRange panics, as encoding/csv's FieldPos does.
func TestFieldPosOutOfRange(t *testing.T) {
	r := NewReader([]byte("a,b\n"))
	if _, err := r.Read(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if recover() == nil {
			t.Errorf("FieldPos(2) of a record of 2 fields did not panic")
		}
	}()
	r.FieldPos(2)
}
