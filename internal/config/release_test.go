package config

import (
	"strings"
	"testing"
)

// TestRelease: a release states a full Semantic Version and a calendar
// date, both or neither; every wrong value is named at its key.
func TestRelease(t *testing.T) {
	withRelease := func(body string) string {
		return strings.Replace(validYAML, "output: out\n", "output: out\nrelease:\n"+body, 1)
	}
	for _, tc := range []struct {
		name, body string
		want       []string // messages after "config.yaml: "; none: valid
	}{
		{"none", "", nil},
		{"full", "  version: 1.2.3\n  date: 2026-11-29\n", nil},
		{"pre-release", "  version: 2.0.0-rc.1\n  date: 2026-02-28\n", nil},
		{"short version", "  version: \"1.0\"\n  date: 2026-11-29\n",
			[]string{`release.version: "1.0" is not a version MAJOR.MINOR.PATCH such as 1.0.0 (PATCH corrects data, MINOR adds data, MAJOR changes what the data means)`}},
		{"leading v", "  version: v1.0.0\n  date: 2026-11-29\n",
			[]string{`release.version: "v1.0.0" is not a version MAJOR.MINOR.PATCH`}},
		{"build metadata", "  version: 1.0.0+abc\n  date: 2026-11-29\n",
			[]string{`release.version: "1.0.0+abc" is not a version`}},
		{"leading zero", "  version: 1.02.0\n  date: 2026-11-29\n",
			[]string{`release.version: "1.02.0" is not a version`}},
		{"no date", "  version: 1.0.0\n",
			[]string{`release.date: is empty; a release states the date it was published, such as 2026-11-29 (YYYY-MM-DD)`}},
		{"no version", "  date: 2026-11-29\n",
			[]string{`release.version: is empty; a release states its version, such as 1.0.0, beside its date`}},
		{"not a day", "  version: 1.0.0\n  date: 2026-02-30\n",
			[]string{`release.date: "2026-02-30" is not a date YYYY-MM-DD such as 2026-11-29`}},
		{"a month only", "  version: 1.0.0\n  date: 2026-11\n",
			[]string{`release.date: "2026-11" is not a date YYYY-MM-DD`}},
		{"unknown key", "  version: 1.0.0\n  date: 2026-11-29\n  verison: 1.0.1\n",
			[]string{`release.verison: unknown key "verison" (did you mean "version"?)`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := Load(write(t, withRelease(tc.body)), nil)
			if len(tc.want) == 0 {
				if err != nil {
					t.Fatalf("error %v, want none", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("no error, want %q (release %+v)", tc.want, cfg.Release)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), "config.yaml: "+w) {
					t.Errorf("error\n%v\nwant a line starting\nconfig.yaml: %s", err, w)
				}
			}
		})
	}
}
