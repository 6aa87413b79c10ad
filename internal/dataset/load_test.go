package dataset

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dashgen/dashgen/internal/diag"
	"github.com/dashgen/dashgen/internal/i18n"
)

const (
	hdrSources = "id,title,publisher,kind,published,url,accessed,note\n"
	hdrEvents  = "id,name,place,start,end,population,population_source,note\n"
	hdrFigures = "id,event,measure,group,parent,breakdown,value,qualifier,min,max,unit,as_of,source,attributed_to,wording,note\n"
	hdrRecs    = "id,event,jurisdiction,country,level,body,instrument,date,term,wording,status,source,note\n"
)

// validProject is the smallest project that loads without errors.
func validProject() map[string]string {
	return map[string]string{
		"sources.csv": hdrSources + "s1,Statement,Pub,statement,2016,https://example.org/s1,,\n" +
			"s2,Report,NGO,ngo,1993,https://example.org/s2,,\n",
		"events.csv": hdrEvents + "ev,Event,Place,1992-02-25,1992-02-26,7000,s1,\n",
		"figures.csv": hdrFigures +
			"k,ev,killed,all,,,613,exact,,,persons,2016,s1,,\"613 persons, including\",\n" +
			"kw,ev,killed,women,k,overlap,106,exact,,,persons,2016,s1,,,\n" +
			"h,ev,killed,all,,,161,at_least,,,persons,1993,s2,,,\n",
		"recognitions.csv": hdrRecs + "r1,ev,Mexico,Mexico,country,Senate,,2011-12,genocide,,reported,s1,\n",
	}
}

func load(t *testing.T, files map[string]string) (*Data, []string) {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	d, l := Load(Spec{Dir: dir, Shown: "data", Figures: []FigureFile{{Name: "figures", File: "figures.csv"}}})
	return d, diag.Format(l.Items())
}

func TestValidProjectLoads(t *testing.T) {
	d, msgs := load(t, validProject())
	if len(msgs) != 0 || d == nil {
		t.Fatalf("valid project: %v", msgs)
	}
	if len(d.Figures) != 3 || *d.Figure("kw").Value != 106 || d.Figure("kw").Parent != "k" {
		t.Fatalf("figures not loaded as written: %+v", d.Figures)
	}
}

// TestLoaderRules checks each rule's exact message and position. Each case
// replaces one file of the valid project.
func TestLoaderRules(t *testing.T) {
	fig := func(rows ...string) map[string]string {
		return map[string]string{"figures.csv": hdrFigures + strings.Join(rows, "\n") + "\n"}
	}
	cases := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"not a whole number", fig("k,ev,killed,all,,,6x,exact,,,persons,2016,s1,,,"),
			`data/figures.csv:2:19: column "value": "6x" is not a whole number; write digits only, for example 1200`},
		{"thousands separator", fig(`k,ev,killed,all,,,"1,275",exact,,,persons,2016,s1,,,`),
			`data/figures.csv:2:19: column "value": "1,275" is written with a thousands separator; write digits only, as 1275`},
		{"negative", fig("k,ev,killed,all,,,-3,exact,,,persons,2016,s1,,,"),
			`data/figures.csv:2:19: column "value": "-3" is negative; counts are whole numbers of 0 or more`},
		{"decimal", fig("k,ev,killed,all,,,12.5,exact,,,persons,2016,s1,,,"),
			`data/figures.csv:2:19: column "value": "12.5" is a decimal number; counts are whole numbers`},
		{"too large", fig("k,ev,killed,all,,,99999999999999999999,exact,,,persons,2016,s1,,,"),
			`data/figures.csv:2:19: column "value": "99999999999999999999" is too large; counts go up to 1000000000000`},
		{"unknown qualifier", fig("k,ev,killed,all,,,613,atleast,,,persons,2016,s1,,,"),
			`data/figures.csv:2:23: column "qualifier": unknown value "atleast" (did you mean "at_least"?); expected one of: exact, at_least, more_than, about, up_to, range, unknown`},
		{"impossible date", fig("k,ev,killed,all,,,613,exact,,,persons,1992-02-30,s1,,,"),
			`data/figures.csv:2:39: column "as_of": "1992-02-30" is not a day of the calendar (month 02 has no day 30)`},
		{"bad month", fig("k,ev,killed,all,,,613,exact,,,persons,1992-13,s1,,,"),
			`data/figures.csv:2:39: column "as_of": "1992-13" has month 13; months run from 01 to 12`},
		{"no source", fig("k,ev,killed,all,,,613,exact,,,persons,2016,,,,"),
			`data/figures.csv:2:44: column "source": is empty; every figure must cite at least one source id from sources.csv`},
		{"dangling source", fig("k,ev,killed,all,,,613,exact,,,persons,2016,s3,,,"),
			`data/figures.csv:2:44: column "source": source "s3" is not in sources.csv (did you mean "s1"?)`},
		{"dangling event", fig("k,eve,killed,all,,,613,exact,,,persons,2016,s1,,,"),
			`data/figures.csv:2:3: column "event": event "eve" is not in events.csv (did you mean "ev"?)`},
		{"dangling parent", fig("k,ev,killed,all,,,613,exact,,,persons,2016,s1,,,", "kw,ev,killed,women,kk,overlap,106,exact,,,persons,2016,s1,,,"),
			`data/figures.csv:3:20: column "parent": figure "kk" does not exist in any figures file (did you mean "k"?)`},
		{"subset above parent", fig("k,ev,killed,all,,,613,exact,,,persons,2016,s1,,,", "kw,ev,killed,women,k,overlap,700,exact,,,persons,2016,s1,,,"),
			`data/figures.csv:3:30: column "value": 700 is larger than its parent "k" (613); a subset cannot exceed the whole`},
		{"partition above whole", fig("k,ev,killed,all,,,100,exact,,,persons,2016,s1,,,",
			"m,ev,killed,male,k,partition,60,exact,,,persons,2016,s1,,,",
			"f,ev,killed,female,k,partition,50,exact,,,persons,2016,s1,,,"),
			`data/figures.csv:4:32: column "value": the partition parts of "k" add up to 110, more than the whole (100); parts of a partition cannot exceed it`},
		{"parent cycle", fig("a,ev,killed,all,b,overlap,10,exact,,,persons,2016,s1,,,", "b,ev,killed,all,a,overlap,10,exact,,,persons,2016,s1,,,"),
			`data/figures.csv:2:17: column "parent": parents form a cycle: a → b → a`},
		{"parent without breakdown", fig("k,ev,killed,all,,,613,exact,,,persons,2016,s1,,,", "kw,ev,killed,women,k,,106,exact,,,persons,2016,s1,,,"),
			`data/figures.csv:3:22: column "breakdown": is empty; a figure with a parent must say whether its groups may overlap (overlap) or not (partition)`},
		{"range missing max", fig("k,ev,killed,all,,,,range,500,,persons,2016,s1,,,"),
			`data/figures.csv:2:30: column "max": is empty; a range needs both min and max`},
		{"range reversed", fig("k,ev,killed,all,,,,range,1000,500,persons,2016,s1,,,"),
			`data/figures.csv:2:31: column "max": 500 is below min 1000; the bounds are reversed`},
		{"value outside range", fig("k,ev,killed,all,,,200,range,500,1000,persons,2016,s1,,,"),
			`data/figures.csv:2:19: column "value": 200 is outside the range 500 to 1000`},
		{"min without range", fig("k,ev,killed,all,,,613,exact,500,,persons,2016,s1,,,"),
			`data/figures.csv:2:29: column "min": is set but the qualifier is "exact"; min and max go only with qualifier range`},
		{"value with unknown", fig("k,ev,killed,all,,,613,unknown,,,persons,2016,s1,,,"),
			`data/figures.csv:2:19: column "value": 613 is given but the qualifier is unknown; leave the value empty or choose another qualifier`},
		{"empty value", fig("k,ev,killed,all,,,,exact,,,persons,2016,s1,,,"),
			`data/figures.csv:2:19: column "value": is empty; a figure qualified "exact" needs a value (use qualifier unknown when none is reported)`},
		{"duplicate id", fig("k,ev,killed,all,,,613,exact,,,persons,2016,s1,,,", "k,ev,killed,all,,,161,at_least,,,persons,1993,s2,,,"),
			`data/figures.csv:3:1: column "id": "k" is used twice; it was first used at data/figures.csv:2`},
		{"wrong field count", fig("k,ev,killed,all,,,613,exact,,,persons,2016,s1,,"),
			`data/figures.csv:2:1: row has 15 fields but the header has 16: missing "note"`},
		{"extra field", fig("k,ev,killed,all,,,613,exact,,,persons,2016,s1,,,,extra"),
			`data/figures.csv:2:50: row has 17 fields but the header has 16: 1 extra (a comma inside a value needs the value in double quotes)`},
		{"bare quote", fig(`k,ev,killed,all,,,613,exact,,,persons,2016,s1,,say "613",`),
			`data/figures.csv:2:52: a double quote appears inside a value that is not quoted; wrap the whole value in double quotes and write the inner quote as ""`},
		{"unknown column", map[string]string{"figures.csv": strings.Replace(hdrFigures, "qualifier", "qualifer", 1) + "k,ev,killed,all,,,613,exact,,,persons,2016,s1,,,\n"},
			`data/figures.csv:1:47: unknown column "qualifer" (did you mean "qualifier"?)`},
		{"empty file", map[string]string{"figures.csv": ""},
			`data/figures.csv:1:1: the file is empty; it needs at least a header row: id,event,measure,group,parent,breakdown,value,qualifier,min,max,unit,as_of,source,attributed_to,wording,note`},
		{"not utf-8", map[string]string{"figures.csv": hdrFigures + "k,ev,killed,all,,,613,exact,,,persons,2016,s1,,caf\xe9,\n"},
			`data/figures.csv:2:51: the file is not UTF-8 text (invalid byte sequence); save it as UTF-8 CSV`},
		{"population label without a population", map[string]string{"events.csv": "id,name,place,start,end,population,population_source,note,population_label\nev,Event,Place,1992-02-25,1992-02-26,,,,inhabitants\n"},
			`data/events.csv:2:41: column "population_label": is set but population is empty; the label names the words after a population figure`},
		{"unknown measure", map[string]string{"figures.csv": hdrFigures + "f1,ev,displaced,all,,,10,exact,,,persons,,s1,,,\n"},
			`data/figures.csv:2:7: column "measure": unknown measure "displaced"; expected one of: killed, wounded, missing, taken_hostage, population, recognized; to add it, declare it under labels.measure in config.yaml`},
		{"missing sources file, cited", map[string]string{"sources.csv": "\x00delete"},
			`data/sources.csv: the file does not exist, and data/events.csv:2:43 names source "s1"; create it in the data folder (its name is fixed)`},
		{"missing file", map[string]string{"figures.csv": "\x00delete"},
			`data/figures.csv: the file does not exist; create it or fix its name in config.yaml`},
		{"source url not web", map[string]string{"sources.csv": hdrSources + "s1,Statement,Pub,statement,2016,javascript:alert(1),,\ns2,Report,NGO,ngo,1993,,,\n"},
			`data/sources.csv:2:33: warning: column "url": "javascript:alert(1)" is not an http or https address, so it is shown as text, not as a link; write it in full, starting with https://`},
		{"unknown level", map[string]string{"recognitions.csv": hdrRecs + "r1,ev,Texas,United States,state,House,,2011,,,reported,s1,\n"},
			`data/recognitions.csv:2:27: column "level": unknown level "state"; expected one of: country, subnational, intergovernmental; to add it, declare it under labels.level in config.yaml`},
		{"unknown term", map[string]string{"recognitions.csv": hdrRecs + "r1,ev,Mexico,Mexico,country,Senate,,2011-12,genocid,,reported,s1,\n"},
			`data/recognitions.csv:2:45: column "term": unknown term "genocid" (did you mean "genocide"?); expected one or more of: genocide, genocidal-act, massacre, crime-against-humanity, condemnation (separated by ;); to add it, declare it under labels.term in config.yaml`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files := validProject()
			for name, body := range c.files {
				if body == "\x00delete" {
					delete(files, name)
					continue
				}
				files[name] = body
			}
			_, msgs := load(t, files)
			for _, m := range msgs {
				if m == c.want {
					return
				}
			}
			t.Errorf("want\n  %s\ngot\n  %s", c.want, strings.Join(msgs, "\n  "))
		})
	}
}

// TestQuotedNewlinesKeepTrueLines checks that a value spanning lines does
// not shift the line numbers of later rows (gocsv's own positions would).
func TestQuotedNewlinesKeepTrueLines(t *testing.T) {
	files := validProject()
	files["figures.csv"] = hdrFigures +
		"k,ev,killed,all,,,613,exact,,,persons,2016,s1,,\"line one\nline two\nline three\",\n" +
		"x,ev,killed,all,,,7x,exact,,,persons,2016,s1,,,\n"
	_, msgs := load(t, files)
	want := `data/figures.csv:5:19: column "value": "7x" is not a whole number; write digits only, for example 1200`
	if len(msgs) != 1 || msgs[0] != want {
		t.Fatalf("want %s, got %v", want, msgs)
	}
}

func TestBOMAndCRLFLoad(t *testing.T) {
	files := validProject()
	for name, body := range files {
		files[name] = "\uFEFF" + strings.ReplaceAll(body, "\n", "\r\n")
	}
	d, msgs := load(t, files)
	if len(msgs) != 0 || d == nil || len(d.Figures) != 3 {
		t.Fatalf("BOM + CRLF project: %v", msgs)
	}
}

// TestErrorsCappedPerFile checks that 25 bad rows give 20 errors and a
// summary line, not a wall of text.
func TestErrorsCappedPerFile(t *testing.T) {
	var rows []string
	for i := 0; i < 25; i++ {
		rows = append(rows, "k"+strings.Repeat("x", i)+",ev,killed,all,,,bad,exact,,,persons,2016,s1,,,")
	}
	files := validProject()
	files["figures.csv"] = hdrFigures + strings.Join(rows, "\n") + "\n"
	_, msgs := load(t, files)
	if len(msgs) != 21 || msgs[20] != "data/figures.csv: and 5 more errors" {
		t.Fatalf("got %d lines, last %q", len(msgs), msgs[len(msgs)-1])
	}
}

// TestEmptyValueAllowedForRangeOnly: a source giving only a range ("as
// many as 500–1000") is recorded without inventing a point value.
func TestEmptyValueAllowedForRangeOnly(t *testing.T) {
	files := validProject()
	files["figures.csv"] = hdrFigures + "r,ev,killed,all,,,,range,500,1000,persons,1994,s2,,,\n"
	d, msgs := load(t, files)
	if len(msgs) != 0 || d.Figure("r").Value != nil || *d.Figure("r").Max != 1000 {
		t.Fatalf("range-only figure: %v", msgs)
	}
}

// TestWorthSuggesting: "did you mean" searches stop once a file's shown
// errors have theirs, or once they would compare more pairs than the
// budget, so a large file of bad references stays linear.
func TestWorthSuggesting(t *testing.T) {
	for _, c := range []struct {
		known, want int
	}{
		{10, diag.MaxPerFile},
		{suggestBudget / 2, 2},
		{suggestBudget, 1},
		{suggestBudget + 1, 0},
	} {
		made := map[string]int{}
		got := 0
		for range 1000 {
			if worthSuggesting(made, "a.csv", c.known) {
				got++
			}
		}
		if got != c.want {
			t.Errorf("%d known ids: %d searches, want %d", c.known, got, c.want)
		}
		if !worthSuggesting(made, "b.csv", min(c.known, suggestBudget)) {
			t.Errorf("%d known ids: another file's budget was spent", c.known)
		}
	}
}

// TestVocabKindsAreTheDeclaredOnes: the loader checks every vocabulary a
// project can declare, and no other.
func TestVocabKindsAreTheDeclaredOnes(t *testing.T) {
	if got := vocabKinds[:]; !slices.Equal(got, i18n.DeclaredKinds) {
		t.Errorf("vocabKinds = %v, i18n.DeclaredKinds = %v", got, i18n.DeclaredKinds)
	}
}

// TestSpecVocabulary: the values a Spec gives replace dashgen's defaults,
// kind by kind.
func TestSpecVocabulary(t *testing.T) {
	files := validProject()
	files["figures.csv"] = hdrFigures + "f1,ev,displaced,all,,,10,exact,,,persons,,s1,,,\n"
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	spec := Spec{Dir: dir, Shown: "data", Figures: []FigureFile{{Name: "figures", File: "figures.csv"}},
		Vocabulary: map[string][]string{"measure": {"displaced"}}}
	d, l := Load(spec)
	if d == nil || l.HasErrors() {
		t.Fatalf("a declared measure is refused: %s", strings.Join(diag.Format(l.Items()), "\n"))
	}
	spec.Vocabulary["group"] = []string{"households"}
	if _, l := Load(spec); !strings.Contains(strings.Join(diag.Format(l.Items()), "\n"), `unknown group "all"; expected one of: households`) {
		t.Errorf("an own group list still accepts a default: %v", diag.Format(l.Items()))
	}
}

// TestRecognitionCode: a recognition's code is checked against ISO 3166,
// with the code of the closest name when it is not one; a jurisdiction
// written as ISO names another code is a warning; a different name of the
// same code ("Czech Republic", CZ) and an empty code are fine.
func TestRecognitionCode(t *testing.T) {
	const hdr = "id,event,jurisdiction,country,code,level,body,instrument,date,term,wording,status,source,note\n"
	for _, tc := range []struct {
		name, row string
		want      []string
	}{
		{"fine", "r1,ev,Czech Republic,,CZ,country,Senate,,2013,genocide,,reported,s1,\n", nil},
		{"empty", "r1,ev,Organisation of Islamic Cooperation,,,intergovernmental,Council,,2012,genocide,,reported,s1,\n", nil},
		{"state named as a country", "r1,ev,Georgia,,US-GA,subnational,House,,2012,genocide,,reported,s1,\n", nil},
		{"unknown, near a name", "r1,ev,Mexico,,MEX,country,Senate,,2011,genocide,,reported,s1,\n",
			[]string{`data/recognitions.csv:2:15: column "code": "MEX" is not an ISO 3166 code (did you mean "MX", Mexico?); write a country's alpha-2 code (MX) or a subdivision's ISO 3166-2 code (US-TX), or leave it empty for a body no code names`}},
		{"unknown, no name near", "r1,ev,Atlantis,,AT-LA,country,Senate,,2011,genocide,,reported,s1,\n",
			[]string{`data/recognitions.csv:2:17: column "code": "AT-LA" is not an ISO 3166 code; write a country's alpha-2 code (MX) or a subdivision's ISO 3166-2 code (US-TX), or leave it empty for a body no code names`}},
		{"another's name", "r1,ev,Pakistan,,MX,country,Senate,,2012,genocide,,reported,s1,\n",
			[]string{`data/recognitions.csv:2:17: warning: column "code": "MX" is Mexico in ISO 3166, but the jurisdiction is "Pakistan", which is PK; check the code`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := validProject()
			files["recognitions.csv"] = hdr + tc.row
			_, msgs := load(t, files)
			if strings.Join(msgs, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(msgs, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}
