package config

import (
	"errors"
	"testing"

	"github.com/dashgen/dashgen/internal/diag"
	"github.com/dashgen/dashgen/internal/testcorpus"
)

// FuzzParse parses fuzzed config files, seeded with the corpus's base
// config and every config.yaml of its cases: the parser must never panic,
// and every problem it reports names a key path or a line of the file.
func FuzzParse(f *testing.F) {
	base, err := testcorpus.Base(testcorpus.Dir)
	if err != nil {
		f.Fatal(err)
	}
	cases, err := testcorpus.Read(testcorpus.Dir)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(base["config.yaml"])
	for _, c := range cases {
		if b, ok := c.Files["config.yaml"]; ok {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		cfg, err := Parse("project/config.yaml", raw, nil)
		if err == nil {
			if cfg == nil || cfg.Site.Title == "" || len(cfg.Dashboards) == 0 {
				t.Fatalf("a config without title or dashboards was accepted")
			}
			return
		}
		for _, d := range diagnostics(t, err) {
			wholeFile := d.Code == diag.LimitExceeded && d.Line == 0 // a file too large
			if d.File == "" || d.Code == "" || d.Message == "" || (d.Key == "" && d.Line < 1 && !wholeFile) {
				t.Fatalf("diagnostic without a key path or line, code or message: %+v", d)
			}
		}
	})
}

// diagnostics returns the diagnostics an error from Parse carries; any
// other kind of error is a failure.
func diagnostics(t *testing.T, err error) []diag.Diagnostic {
	t.Helper()
	var de *diag.Errors
	if !errors.As(err, &de) {
		t.Fatalf("error without diagnostics: %v", err)
	}
	return de.Items
}
