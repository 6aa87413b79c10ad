package dataset

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/dashgen/dashgen/internal/diag"
	"github.com/dashgen/dashgen/internal/release"
)

const hdrCorrections = "version,date,ids,change,reason,source\n"

// loadRelease loads files with the project stating release version, date.
func loadRelease(t *testing.T, files map[string]string, version, date string) (*Data, []string) {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	d, l := Load(Spec{Dir: dir, Shown: "data", Figures: []FigureFile{{Name: "figures", File: "figures.csv"}},
		Release: version, ReleaseDate: date, ReleaseFrom: "config.yaml"})
	return d, diag.Format(l.Items())
}

func TestCorrectionsLoad(t *testing.T) {
	files := validProject()
	files[CorrectionsFile] = hdrCorrections +
		"1.0.0,2026-11-29,k;kw;h;r1,added,The first release,s1;s2\n" +
		"1.0.1,2026-12-03, h ,corrected,The count was read from the wrong page,s2\n" +
		"1.0.1,2026-12-03,gone,removed,A duplicate of h,\n" +
		"1.1.0,2027-01-10,,method,Figures now carry the date they refer to,\n"
	d, msgs := loadRelease(t, files, "1.1.0", "2027-01-10")
	if len(msgs) != 0 || d == nil {
		t.Fatalf("a valid log: %v", msgs)
	}
	if len(d.Corrections) != 4 {
		t.Fatalf("%d entries, want 4", len(d.Corrections))
	}
	c := d.Corrections[1]
	if c.Version != "1.0.1" || c.Date != "2026-12-03" || !slices.Equal(c.IDs, []string{"h"}) || c.Change != "corrected" ||
		c.Reason != "The count was read from the wrong page" || !slices.Equal(c.Sources, []string{"s2"}) || c.File != "data/corrections.csv" || c.Line != 3 {
		t.Fatalf("entry read as %+v", c)
	}
	if got := c.Field("ids"); got != "h" {
		t.Errorf("Field(ids) = %q", got)
	}
	if _, ok := d.Inputs[CorrectionsFile]; !ok {
		t.Error("the log is not among the inputs the manifest hashes")
	}
}

func TestNoCorrectionsLog(t *testing.T) {
	d, msgs := loadRelease(t, validProject(), "2.0.0", "2027-01-01")
	if len(msgs) != 0 || d == nil || d.Corrections != nil {
		t.Fatalf("no log: %v, %v", msgs, d)
	}
}

func TestCorrectionsRules(t *testing.T) {
	cases := []struct {
		name, release, date, log string
		want                     []string
	}{
		{"no release stated: versions are not compared with it", "", "",
			"9.0.0,2030-01-01,k,corrected,Recounted,s1\n", nil},
		{"an empty log of rows", "1.0.0", "2026-11-29", "", nil},
		{"the release's entry", "1.0.0", "2026-11-29", "1.0.0,2026-11-29,k,added,First,s1\n", nil},
		{"a pre-release is older than its release", "1.0.0", "2026-11-29",
			"1.0.0-rc.1,2026-11-20,k,added,First,s1\n1.0.0,2026-11-29,h,added,Second,s2\n", nil},
		{"versions compare as numbers, not text", "1.10.0", "2026-12-10",
			"1.9.0,2026-12-01,k,added,First,s1\n1.10.0,2026-12-10,h,added,Second,s2\n", nil},
		{"a leading v", "", "", "v1.0.0,2026-11-29,k,added,First,s1\n",
			[]string{`data/corrections.csv:2:1: column "version": "v1.0.0" is not a version MAJOR.MINOR.PATCH such as 1.0.1 (PATCH corrects data, MINOR adds data, MAJOR changes what the data means)`}},
		{"an empty version and reason", "", "", ",2026-11-29,k,added,,s1\n",
			[]string{`data/corrections.csv:2:1: column "version": is empty; every entry names the release it is in, such as 1.0.1`,
				`data/corrections.csv:2:21: column "reason": is empty; every entry says why, in words`}},
		{"an empty date", "", "", "1.0.0,,k,added,First,s1\n",
			[]string{`data/corrections.csv:2:7: column "date": is empty; every entry carries the date of its release (YYYY-MM-DD)`}},
		{"an impossible date", "", "", "1.0.0,2026-02-30,k,added,First,s1\n",
			[]string{`data/corrections.csv:2:7: column "date": "2026-02-30" is not a day of the calendar (month 02 has no day 30)`}},
		{"a source that does not exist", "", "", "1.0.0,2026-11-29,k,added,First,s9\n",
			[]string{`data/corrections.csv:2:32: column "source": source "s9" is not in sources.csv (did you mean "s1"?)`}},
		{"a removed id that is gone, with no source", "", "", "1.0.1,2026-12-01,old,removed,A duplicate,\n", nil},
		{"a recognition, an event and a source are records too", "", "", "1.0.1,2026-12-01,r1;ev;s2,corrected,Reworded,s1\n", nil},
		{"the release newer than the log", "1.1.0", "2026-12-01", "1.0.0,2026-11-29,k,added,First,s1\n1.0.0,2026-11-29,h,added,First,s2\n",
			[]string{`data/corrections.csv:3:1: warning: column "version": the release 1.1.0 that config.yaml states has no entry in the log, whose newest version is 1.0.0, so readers cannot see what changed in 1.1.0 and why; add its entries (change method when only the method changed)`}},
		{"one error does not hide the next", "1.0.0", "2026-11-29",
			"2.0.0,2026-12-01,nope,corrected,Recounted,s1\n1.0.0,2026-11-29,k,added,First,s1\n",
			[]string{`data/corrections.csv:2:1: column "version": "2.0.0" is newer than the release 1.0.0 that config.yaml states (release.version); log a version once it is released, or state the new release there`,
				`data/corrections.csv:2:18: column "ids": "nope" is not the id of a figure, recognition, event or source of the data; an entry of change "corrected" names records that exist (removed ones are logged with change removed)`,
				`data/corrections.csv:3:1: column "version": "1.0.0" comes after 2.0.0 at line 2; the log lists versions oldest first`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			files := validProject()
			files[CorrectionsFile] = hdrCorrections + tc.log
			_, msgs := loadRelease(t, files, tc.release, tc.date)
			if !slices.Equal(msgs, tc.want) {
				t.Errorf("got\n%q\nwant\n%q", msgs, tc.want)
			}
		})
	}
}

func TestCorrectionsHeader(t *testing.T) {
	files := validProject()
	files[CorrectionsFile] = "version,date,ids,change,reason\n1.0.0,2026-11-29,k,added,First\n"
	d, msgs := loadRelease(t, files, "", "")
	if d != nil || len(msgs) != 1 || msgs[0] != `data/corrections.csv:1:1: missing required column "source" (the header must have: version, date, ids, change, reason, source)` {
		t.Fatalf("got %v %q", d != nil, msgs)
	}
}

func TestReleaseVersion(t *testing.T) {
	for v, ok := range map[string]bool{"1.0.0": true, "0.1.0": true, "1.0.0-rc.1": true, "10.20.30": true,
		"1.0": false, "1": false, "v1.0.0": false, "1.0.0+build": false, "01.0.0": false, "": false, "1.0.0.0": false} {
		if release.Valid(v) != ok {
			t.Errorf("release.Valid(%q) = %v", v, !ok)
		}
	}
	if release.Compare("1.10.0", "1.9.0") != 1 || release.Compare("1.0.0-rc.1", "1.0.0") != -1 || release.Compare("1.0.0", "1.0.0") != 0 {
		t.Error("release.Compare does not order as Semantic Versioning")
	}
}
