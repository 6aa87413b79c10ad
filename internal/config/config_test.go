package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const validYAML = `site:
  title: Test
  lang: en
output: out
data:
  dir: data
  figures:
    - { name: casualties, file: casualties.csv }
dashboards:
  - id: overview
    title: Overview
    charts:
      - id: killed
        type: bar
        title: Killed
        query: { dataset: casualties, group_by: group }
`

func write(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestValidConfig(t *testing.T) {
	cfg, err := Load(write(t, validYAML), nil)
	if err != nil {
		t.Fatal(err)
	}
	ch := cfg.Dashboards[0].Charts[0]
	if len(ch.Queries) != 1 || ch.Queries[0].Value != "value" || ch.Queries[0].Sort != "none" || cfg.Output != "out" {
		t.Fatalf("defaults not applied: %+v", ch)
	}
}

// TestChartTypeParsedOnly: config reads a chart's type as a string and
// leaves it to charts.Check, where the kinds are (config cannot import
// charts); the unknown type's message is tested there and in the error
// corpus (unknown-chart-type).
func TestChartTypeParsedOnly(t *testing.T) {
	cfg, err := Load(write(t, strings.Replace(validYAML, "type: bar", "type: pie3d", 1)), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.Dashboards[0].Charts[0].Type; got != "pie3d" {
		t.Fatalf("type = %q, want pie3d as written", got)
	}
}

func TestConfigErrors(t *testing.T) {
	cases := []struct{ name, yaml, want string }{
		{"syntax", "site:\n\t- title\n", "config.yaml:2:1: the file is not valid YAML: found a tab character in the indentation; YAML indents with spaces only, so replace the tab with spaces"},
		{"tab after a list dash", "site:\n  title: x\nlanguages:\n  -\ten\n", "config.yaml:4:4: the file is not valid YAML: found a tab character in the indentation; YAML indents with spaces only, so replace the tab with spaces"},
		{"tab a few lines down", "site:\n  title: x\n\n  # a note\n\tlang: en\n", "config.yaml:5:1: the file is not valid YAML: found a tab character in the indentation; YAML indents with spaces only, so replace the tab with spaces"},
		{"tab inside a value is fine, not a token", "site:\n  title: a\tb\n  lang: @en\n", "config.yaml:3: the file is not valid YAML: found character that cannot start any token"},
		{"unknown key", strings.Replace(validYAML, "  title: Test", "  titel: Test\n  title: Test", 1), `config.yaml: site.titel: unknown key "titel" (did you mean "title"?)`},
		{"unknown chart key", strings.Replace(validYAML, "        type: bar", "        tpye: bar\n        type: bar", 1), `config.yaml: dashboards[0].charts[0].tpye: unknown key "tpye" (did you mean "type"?)`},
		{"duplicate chart id", strings.Replace(validYAML, "        query: { dataset: casualties, group_by: group }", "        query: { dataset: casualties, group_by: group }\n      - id: killed\n        type: bar\n        title: Again\n        query: { dataset: casualties, group_by: group }", 1), `config.yaml: dashboards[0].charts[1].id: "killed" is already the id of dashboards[0].charts[0]; chart ids are unique across dashboards`},
		{"bad id", strings.Replace(validYAML, "id: overview", "id: ../evil", 1), `config.yaml: dashboards[0].id: "../evil" is not a valid id`},
		{"wrong type", strings.Replace(validYAML, "  figures:\n    - { name: casualties, file: casualties.csv }", "  figures: casualties.csv", 1), `config.yaml: data.figures[0]: has the wrong type`},
		{"no title", strings.Replace(validYAML, "  title: Test\n", "", 1), `config.yaml: site.title: is empty; the site needs a title`},
		{"bad value", strings.Replace(validYAML, "group_by: group }", "group_by: group, value: sum }", 1), `config.yaml: dashboards[0].charts[0].query.value: "sum" is not value, count or each`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Load(write(t, c.yaml), nil)
			if err == nil {
				t.Fatalf("no error, want %s", c.want)
			}
			// Messages name the file as given; compare from its base name.
			lines := strings.Split(err.Error(), "\n")
			for _, l := range lines {
				if i := strings.Index(l, "config.yaml"); i >= 0 && strings.HasPrefix(l[i:], c.want) {
					return
				}
			}
			t.Errorf("want prefix\n  %s\ngot\n  %s", c.want, err)
		})
	}
}

func TestMissingConfig(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "nope.yaml"), nil)
	if err == nil || !strings.Contains(err.Error(), "the config file does not exist") {
		t.Fatalf("got %v", err)
	}
}

func TestFlagsAndEnvironmentOverride(t *testing.T) {
	p := write(t, validYAML)
	env := envOf(map[string]string{"DASHGEN_SITE_TITLE": "From env"})
	cfg, err := Load(p, &Overrides{Flags: map[string]string{"out": "elsewhere"}, Env: env})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Site.Title != "From env" || cfg.Output != "elsewhere" {
		t.Fatalf("title %q output %q", cfg.Site.Title, cfg.Output)
	}
}

// The exports folder is a setting like the output: exports in the file,
// DASHGEN_EXPORTS, --exports; "exports" beside config.yaml by default, and
// never empty.
func TestExportsSetting(t *testing.T) {
	p := write(t, validYAML)
	cfg, err := Load(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Exports != "exports" || cfg.ResolvedExports() != filepath.Join(filepath.Dir(p), "exports") {
		t.Fatalf("default exports %q, resolved %q", cfg.Exports, cfg.ResolvedExports())
	}
	env := map[string]string{"DASHGEN_EXPORTS": "from-env"}
	if cfg, err = Load(p, &Overrides{Env: envOf(env)}); err != nil || cfg.Exports != "from-env" {
		t.Fatalf("env: %v %v", cfg, err)
	}
	flags := &Overrides{Flags: map[string]string{"exports": "/abs/slides"}, Env: envOf(env)}
	if cfg, err = Load(p, flags); err != nil || cfg.ResolvedExports() != "/abs/slides" {
		t.Fatalf("flag: %v %v", cfg, err)
	}
	env["DASHGEN_EXPORTS"] = " "
	_, err = Load(p, &Overrides{Env: envOf(env)})
	if err == nil || !strings.Contains(err.Error(), `exports: is empty; name the folder to write the exports to, such as exports`) {
		t.Fatalf("empty exports: %v", err)
	}
}

// envOf is an environment of the given variables only.
func envOf(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

// Load reads no environment of its own: a DASHGEN_ variable of the process
// changes nothing unless the caller passes it.
func TestLoadReadsOnlyItsArguments(t *testing.T) {
	p := write(t, validYAML)
	t.Setenv("DASHGEN_SITE_TITLE", "From the process")
	cfg, err := Load(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Site.Title == "From the process" {
		t.Fatalf("Load read the process's environment")
	}
	env := envOf(map[string]string{"DASHGEN_SITE_TITLE": "From env", "DASHGEN_OUTPUT": "env-out"})
	cfg, err = Load(p, &Overrides{Flags: map[string]string{"title": "From flag"}, Env: env})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Site.Title != "From flag" || cfg.Output != "env-out" {
		t.Fatalf("title %q output %q; want the flag over the environment, and the environment over the file", cfg.Site.Title, cfg.Output)
	}
}

// Values of the wrong type are told in YAML's words, whichever of
// mapstructure's errors found them (its typed errors, or a list or a
// mapping where the other was expected), one message per key.
func TestWrongTypes(t *testing.T) {
	for _, tc := range []struct{ name, yaml, want string }{
		{"text expected", strings.Replace(validYAML, "  title: Test", "  title: [a, b]", 1),
			"config.yaml: site.title: has the wrong type: expected text, got a list"},
		{"true or false expected", validYAML + "strict: [yes]\n",
			"config.yaml: strict: has the wrong type: expected true or false, got a list"},
		{"whole number expected", validYAML + "limits:\n  file_size_mb: lots\n",
			"config.yaml: limits.file_size_mb: has the wrong type: expected a whole number, got text"},
		{"list expected", strings.Replace(validYAML, "dashboards:\n", "languages: { en: yes }\ndashboards:\n", 1),
			"config.yaml: languages: has the wrong type: expected a list, got a mapping"},
		{"mapping expected", strings.Replace(validYAML, "  figures:\n    - { name: casualties, file: casualties.csv }", "  figures: casualties.csv", 1),
			"config.yaml: data.figures[0]: has the wrong type: expected a mapping (key: value lines), got text"},
		{"two keys, two messages", strings.Replace(validYAML, "  title: Test", "  title: [a]\n  description: [b]", 1),
			"config.yaml: site.title: has the wrong type: expected text, got a list\nconfig.yaml: site.description: has the wrong type: expected text, got a list"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := write(t, tc.yaml)
			_, err := Load(p, nil)
			if err == nil {
				t.Fatalf("no error, want %s", tc.want)
			}
			got := strings.ReplaceAll(err.Error(), filepath.ToSlash(p), "config.yaml")
			if got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

// A translation is told the same way, though its values are converted
// where they can be (a number as text).
func TestTranslationWrongTypes(t *testing.T) {
	p := write(t, validYAML)
	cfg, err := Load(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(filepath.Dir(p), "data", "translations")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ yaml, want string }{
		{"dashboards: [overview]\n", "az.yaml: dashboards: has the wrong type: expected a mapping (key: value lines), got a list"},
		{"dashboards:\n  overview:\n    charts:\n      killed:\n        series: { a: b }\n", "az.yaml: dashboards[overview].charts[killed].series: has the wrong type: expected a list, got a mapping"},
		{"site:\n  title: 1992\n", ""},
	} {
		if err := os.WriteFile(filepath.Join(dir, "az.yaml"), []byte(tc.yaml), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := cfg.LoadTranslation("az")
		got := ""
		if err != nil {
			got = strings.ReplaceAll(err.Error(), filepath.ToSlash(dir)+"/", "")
		}
		if got != tc.want {
			t.Errorf("%q:\ngot  %s\nwant %s", tc.yaml, got, tc.want)
		}
	}
}
