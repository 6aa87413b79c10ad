package dataset

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/dashgen/dashgen/internal/diag"
)

// loadBothWays loads files as load does, once read by csvfast in parts
// of a few hundred bytes and once by encoding/csv alone, and returns the
// messages of each; they must be the same.
func loadBothWays(t *testing.T, files map[string]string) (*Data, []string) {
	t.Helper()
	defer func(fast bool, size int) { readFast, partBytes = fast, size }(readFast, partBytes)
	readFast, partBytes = true, 300
	d, fast := load(t, files)
	readFast, partBytes = false, 1<<20
	_, slow := load(t, files)
	if !slices.Equal(fast, slow) {
		t.Fatalf("read in parts:\n%s\nread plainly:\n%s", strings.Join(fast, "\n"), strings.Join(slow, "\n"))
	}
	return d, fast
}

// TestWrongFieldCountHidesNothing: a row with the wrong number of fields is
// reported and left out, and every other row of the file is still checked;
// the messages come in line order.
func TestWrongFieldCountHidesNothing(t *testing.T) {
	files := validProject()
	rows := []string{
		"k,ev,killed,all,,,613,exact,,,persons,2016,s1,,,",
		"long,ev,killed,all,,,161,at_least,,,persons,1993,s2,,At least 161, among them women,",
	}
	var want []string
	want = append(want, `data/figures.csv:3:85: row has 17 fields but the header has 16: 1 extra (a comma inside a value needs the value in double quotes)`)
	for i := range 12 {
		rows = append(rows, fmt.Sprintf("e%d,ev,killed,all,,,%dx,exact,,,persons,2016,s1,,,", i, i))
		col := 19 + len(fmt.Sprint(i))
		want = append(want, fmt.Sprintf(`data/figures.csv:%d:%d: column "value": "%dx" is not a whole number; write digits only, for example 1200`, 4+i, col, i))
	}
	rows = append(rows, "short,ev,killed")
	want = append(want, `data/figures.csv:16:1: row has 3 fields but the header has 16: missing "group", "parent", "breakdown", "value", "qualifier", "min", "max", "unit", "as_of", "source", "attributed_to", "wording", "note"`)
	rows = append(rows, "one")
	want = append(want, `data/figures.csv:17:1: row has 1 field but the header has 16: missing "event", "measure", "group", "parent", "breakdown", "value", "qualifier", "min", "max", "unit", "as_of", "source", "attributed_to", "wording", "note"`)
	files["figures.csv"] = hdrFigures + strings.Join(rows, "\n") + "\n"
	d, msgs := loadBothWays(t, files)
	if d != nil {
		t.Errorf("data returned for a file with rows left out")
	}
	// 15 errors: under the cap of 20, all shown.
	if !slices.Equal(msgs, want) {
		t.Errorf("messages:\n%s\nwant:\n%s", strings.Join(msgs, "\n"), strings.Join(want, "\n"))
	}
}

// TestErrorsOverTheCap: past diag.MaxPerFile errors in a file, wrong field
// counts among them, the first ones in line order, then "and N more".
func TestErrorsOverTheCap(t *testing.T) {
	files := validProject()
	var rows []string
	for i := range 30 {
		if i%5 == 0 {
			rows = append(rows, fmt.Sprintf("w%d,ev,killed,all,,,5,exact,,,persons,2016,s1,,a, b,", i))
		} else {
			rows = append(rows, fmt.Sprintf("e%d,ev,killed,all,,,x,exact,,,persons,2016,s1,,,", i))
		}
	}
	files["figures.csv"] = hdrFigures + strings.Join(rows, "\n") + "\n"
	_, msgs := loadBothWays(t, files)
	if len(msgs) != diag.MaxPerFile+1 {
		t.Fatalf("%d lines, want %d:\n%s", len(msgs), diag.MaxPerFile+1, strings.Join(msgs, "\n"))
	}
	for i, m := range msgs[:diag.MaxPerFile] {
		if want := fmt.Sprintf("data/figures.csv:%d:", i+2); !strings.HasPrefix(m, want) {
			t.Errorf("line %d: %s, want it to start with %s", i, m, want)
		}
	}
	if want := "data/figures.csv: and 10 more errors"; msgs[diag.MaxPerFile] != want {
		t.Errorf("last line %q, want %q", msgs[diag.MaxPerFile], want)
	}
}

// TestLeftOutRowsAreNotMissing: a source, event or figure whose row was left
// out (wrong number of fields) is not reported as missing by the rows that
// name it; a name no row holds still is.
func TestLeftOutRowsAreNotMissing(t *testing.T) {
	files := validProject()
	files["sources.csv"] += "s3,Report,NGO,ngo,1993,https://example.org/s3,,a, b\n"
	files["figures.csv"] = hdrFigures +
		"k,ev,killed,all,,,613,exact,,,persons,2016,s1;s3,,,\n" +
		"kw,ev,killed,women,k,overlap,106,exact,,,persons,2016,s9,,,\n" +
		"p,ev,killed,all,,,6,exact,,,persons,2016,s1,,,,\n" +
		"pc,ev,killed,men,p,overlap,5,exact,,,persons,2016,s1,,,\n" +
		"pd,ev,killed,men,q,overlap,5,exact,,,persons,2016,s1,,,\n"
	_, msgs := loadBothWays(t, files)
	want := []string{
		`data/figures.csv:3:55: column "source": source "s9" is not in sources.csv (did you mean "s1"?)`,
		`data/figures.csv:4:48: row has 17 fields but the header has 16: 1 extra (a comma inside a value needs the value in double quotes)`,
		`data/figures.csv:6:18: column "parent": figure "q" does not exist in any figures file (did you mean "k"?)`,
		`data/sources.csv:4:50: row has 9 fields but the header has 8: 1 extra (a comma inside a value needs the value in double quotes)`,
	}
	if !slices.Equal(msgs, want) {
		t.Errorf("messages:\n%s\nwant:\n%s", strings.Join(msgs, "\n"), strings.Join(want, "\n"))
	}
}

// TestQuotesThatRunOn: a quote error on one line spoils that row only; a
// quoted value that runs on past its line stops the reading there, and the
// message says so and where the value starts.
func TestQuotesThatRunOn(t *testing.T) {
	ok := "k,ev,killed,all,,,613,exact,,,persons,2016,s1,,,"
	bad := "b,ev,killed,all,,,x,exact,,,persons,2016,s1,,,"
	for _, c := range []struct {
		name string
		rows []string
		want []string
	}{
		{"bare quote, then more", []string{ok, `q,ev,killed,all,,,5,exact,,,persons,2016,s1,,say "no",`, bad},
			[]string{
				`data/figures.csv:3:50: a double quote appears inside a value that is not quoted; wrap the whole value in double quotes and write the inner quote as ""`,
				`data/figures.csv:4:19: column "value": "x" is not a whole number; write digits only, for example 1200`,
			}},
		{"text after a quote, then more", []string{ok, `q,ev,killed,all,,,5,exact,,,persons,2016,s1,,"say" no,`, bad},
			[]string{
				`data/figures.csv:3:50: a quoted value is not closed properly: after a closing double quote a comma or the end of the line must follow (write a quote inside a value as "")`,
				`data/figures.csv:4:19: column "value": "x" is not a whole number; write digits only, for example 1200`,
			}},
		{"a value over two lines is fine", []string{ok, "m,ev,killed,all,,,5,exact,,,persons,2016,s1,,\"two\nlines\",", bad},
			[]string{
				`data/figures.csv:5:19: column "value": "x" is not a whole number; write digits only, for example 1200`,
			}},
		{"runs on to a later quote", []string{bad, `q,ev,killed,all,,,5,exact,,,persons,2016,s1,,"no end,`, ok, `r,ev,killed,all,,,5,exact,,,persons,2016,s1,,"quoted",`, bad},
			[]string{
				`data/figures.csv:2:19: column "value": "x" is not a whole number; write digits only, for example 1200`,
				`data/figures.csv:3:46: a quoted value starts here and runs on to line 5, where a double quote is followed by text: its closing quote is probably missing, so lines 3 to 5 were read as one value, and the rest of the file is not checked; end the value with a double quote (write a quote inside a value as "")`,
			}},
		{"never closed", []string{bad, ok, `q,ev,killed,all,,,5,exact,,,persons,2016,s1,,"no end,`, bad, ok},
			[]string{
				`data/figures.csv:2:19: column "value": "x" is not a whole number; write digits only, for example 1200`,
				`data/figures.csv:4:46: a quoted value starts here and is never closed: it runs to the end of the file, so every line after this one was read as part of it and is not checked; end the value with a double quote (write a quote inside a value as "")`,
			}},
	} {
		t.Run(c.name, func(t *testing.T) {
			files := validProject()
			files["figures.csv"] = hdrFigures + strings.Join(c.rows, "\n") + "\n"
			_, msgs := loadBothWays(t, files)
			if !slices.Equal(msgs, c.want) {
				t.Errorf("messages:\n%s\nwant:\n%s", strings.Join(msgs, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}

// TestValueHints: a value written as a source words it gets a message that
// says which qualifier (and which columns) to use.
func TestValueHints(t *testing.T) {
	for _, c := range []struct{ value, qualifier, want string }{
		{"640+", "exact", `"640+" reads as "at least 640"; write the number only, 640, and at_least in the qualifier column, which says "exact"`},
		{"640 +", "", `"640 +" reads as "at least 640"; write the number only, 640, and at_least in the qualifier column`},
		{"≥640", "at_least", `"≥640" reads as "at least 640"; write the number only, 640 (the qualifier column says at_least already)`},
		{">=640", "exact", `">=640" reads as "at least 640"; write the number only, 640, and at_least in the qualifier column, which says "exact"`},
		{"at least 640", "exact", `"at least 640" writes the qualifier in words; write the number only, 640, and at_least in the qualifier column, which says "exact"`},
		{"At least 1,275 people", "exact", `"At least 1,275 people" reads as "at least 1275"; write the number only, 1275, and at_least in the qualifier column, which says "exact"`},
		{"640 or more", "exact", `"640 or more" reads as "at least 640"; write the number only, 640, and at_least in the qualifier column, which says "exact"`},
		{">640", "exact", `">640" reads as "more than 640"; write the number only, 640, and more_than in the qualifier column, which says "exact"`},
		{"more than 640", "more_than", `"more than 640" writes the qualifier in words; write the number only, 640 (the qualifier column says more_than already)`},
		{"over 200", "exact", `"over 200" reads as "more than 200"; write the number only, 200, and more_than in the qualifier column, which says "exact"`},
		{"~640", "exact", `"~640" reads as "about 640"; write the number only, 640, and about in the qualifier column, which says "exact"`},
		{"c. 640", "exact", `"c. 640" reads as "about 640"; write the number only, 640, and about in the qualifier column, which says "exact"`},
		{"ca. 640", "exact", `"ca. 640" reads as "about 640"; write the number only, 640, and about in the qualifier column, which says "exact"`},
		{"approx. 640", "exact", `"approx. 640" reads as "about 640"; write the number only, 640, and about in the qualifier column, which says "exact"`},
		{"about 640", "about", `"about 640" writes the qualifier in words; write the number only, 640 (the qualifier column says about already)`},
		{"≈640", "exact", `"≈640" reads as "about 640"; write the number only, 640, and about in the qualifier column, which says "exact"`},
		{"up to 640", "exact", `"up to 640" writes the qualifier in words; write the number only, 640, and up_to in the qualifier column, which says "exact"`},
		{"≤640", "exact", `"≤640" reads as "up to 640"; write the number only, 640, and up_to in the qualifier column, which says "exact"`},
		{"640 people", "exact", `"640 people" has words after the number; write the number only, 640 (what is counted is said by the measure, group and unit columns)`},
		{"640-700", "exact", `"640-700" is a range; write 640 in min and 700 in max, range in the qualifier column, and leave the value empty (or write the figure the source gives within the range)`},
		{"640 – 700", "range", `"640 – 700" is a range; write 640 in min and 700 in max, range in the qualifier column, and leave the value empty (or write the figure the source gives within the range)`},
		{"640 to 700", "exact", `"640 to 700" is a range; write 640 in min and 700 in max, range in the qualifier column, and leave the value empty (or write the figure the source gives within the range)`},
		{"?", "exact", `"?" is not a number; when the source gives no figure, leave the value empty and write unknown in the qualifier column`},
		{"unknown", "exact", `"unknown" is not a number; when the source gives no figure, leave the value empty and write unknown in the qualifier column`},
		// Not figures written with words: the usual messages.
		{"6x", "exact", `"6x" is not a whole number; write digits only, for example 1200`},
		{"1,275", "exact", `"1,275" is written with a thousands separator; write digits only, as 1275`},
		{"-3", "exact", `"-3" is negative; counts are whole numbers of 0 or more`},
		{"12.5", "exact", `"12.5" is a decimal number; counts are whole numbers`},
	} {
		files := validProject()
		files["figures.csv"] = hdrFigures + "k,ev,killed,all,,,\"" + c.value + "\"," + c.qualifier + ",,,persons,2016,s1,,,\n"
		_, msgs := loadBothWays(t, files)
		want := `data/figures.csv:2:19: column "value": ` + c.want
		if len(msgs) == 0 || msgs[0] != want {
			t.Errorf("value %q, qualifier %q:\n%s\nwant first:\n%s", c.value, c.qualifier, strings.Join(msgs, "\n"), want)
		}
	}
}
