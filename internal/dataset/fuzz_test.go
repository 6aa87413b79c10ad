package dataset

import (
	"path"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/dashgen/dashgen/internal/diag"
	"github.com/dashgen/dashgen/internal/testcorpus"
)

// fuzzFiles are the files FuzzLoad may replace, in the base project of the
// error corpus.
var fuzzFiles = []string{SourcesFile, EventsFile, "casualties.csv", RecognitionsFile}

// FuzzLoad replaces one data file of the corpus's base project with fuzzed
// bytes and loads it: the loader must never panic, and every problem it
// reports must point at a line and column of a named file.
func FuzzLoad(f *testing.F) {
	base, err := testcorpus.Base(testcorpus.Dir)
	if err != nil {
		f.Fatal(err)
	}
	cases, err := testcorpus.Read(testcorpus.Dir)
	if err != nil {
		f.Fatal(err)
	}
	for i, name := range fuzzFiles {
		f.Add(uint8(i), base["data/"+name])
	}
	for _, c := range cases {
		for p, body := range c.Files {
			for i, name := range fuzzFiles {
				if p == "data/"+name {
					f.Add(uint8(i), body)
				}
			}
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, body []byte) {
		fsys := fstest.MapFS{}
		for p, b := range base {
			if strings.HasPrefix(p, "data/") {
				fsys[path.Base(p)] = &fstest.MapFile{Data: b}
			}
		}
		name := fuzzFiles[int(which)%len(fuzzFiles)]
		fsys[name] = &fstest.MapFile{Data: body}
		// Only a guard against a hang: a busy machine is slow, not broken.
		watchdog := time.AfterFunc(2*time.Minute, func() {
			buf := make([]byte, 1<<20)
			panic("Load ran 2 minutes:\n" + string(buf[:runtime.Stack(buf, true)]))
		})
		defer watchdog.Stop()
		data, l := Load(Spec{FS: fsys, Shown: "data", Figures: []FigureFile{{Name: "casualties", File: "casualties.csv"}}})
		for _, d := range l.Items() {
			if d.File == "" || d.Line < 1 || d.Column < 1 || d.Code == "" || d.Message == "" {
				t.Fatalf("diagnostic without a position, code or message: %+v", d)
			}
		}
		if data == nil && !l.HasErrors() {
			t.Fatalf("no data and no error")
		}
		_ = diag.Format(l.Items())
	})
}
