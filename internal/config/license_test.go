package config

import (
	"strings"
	"testing"
)

// TestLicense: site.license is read into the config, and each bad value
// is a keyed error with its exact message; nothing given is no licence.
func TestLicense(t *testing.T) {
	with := func(lic string) string {
		return strings.Replace(validYAML, "  title: Test\n", "  title: Test\n  license:\n"+lic, 1)
	}
	cfg, err := Load(write(t, with("    name: CC-BY-4.0\n    path: https://creativecommons.org/licenses/by/4.0/\n    title: Creative Commons Attribution 4.0\n")), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := License{Name: "CC-BY-4.0", Path: "https://creativecommons.org/licenses/by/4.0/", Title: "Creative Commons Attribution 4.0"}
	if cfg.Site.License != want {
		t.Errorf("license = %+v, want %+v", cfg.Site.License, want)
	}
	cfg, err = Load(write(t, validYAML), nil)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Site.License != (License{}) {
		t.Errorf("no license: got %+v", cfg.Site.License)
	}
	cases := []struct{ name, lic, want string }{
		{"name with spaces", "    name: CC BY 4.0\n", `config.yaml: site.license.name: "CC BY 4.0" is not a licence identifier such as CC-BY-4.0 (letters, digits, hyphens, dots and underscores)`},
		{"path not web", "    name: CC-BY-4.0\n    path: javascript:alert(1)\n", `config.yaml: site.license.path: "javascript:alert(1)" is not a web address of the licence's text such as https://creativecommons.org/licenses/by/4.0/`},
		{"path relative", "    path: LICENSE.txt\n", `config.yaml: site.license.path: "LICENSE.txt" is not a web address of the licence's text such as https://creativecommons.org/licenses/by/4.0/`},
		{"title only", "    title: Our terms\n", `config.yaml: site.license: names no licence; give its name (such as CC-BY-4.0), the web address of its text (path), or both`},
		{"unknown key", "    url: https://example.org/\n", `config.yaml: site.license.url: unknown key "url"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Load(write(t, with(c.lic)), nil)
			if err == nil {
				t.Fatalf("no error, want %s", c.want)
			}
			for _, l := range strings.Split(err.Error(), "\n") {
				if i := strings.Index(l, "config.yaml"); i >= 0 && strings.HasPrefix(l[i:], c.want) {
					return
				}
			}
			t.Errorf("want prefix\n  %s\ngot\n  %s", c.want, err)
		})
	}
}
