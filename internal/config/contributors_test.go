package config

import (
	"reflect"
	"strings"
	"testing"
)

// TestContributors: site.contributors is read into the config in order,
// and each bad value is a keyed error with its exact message; none given
// is none.
func TestContributors(t *testing.T) {
	with := func(list string) string {
		return strings.Replace(validYAML, "  title: Test\n", "  title: Test\n  contributors:\n"+list, 1)
	}
	cfg, err := Load(write(t, with("    - title: A. Researcher\n      roles: [author, wrangler]\n      email: a@example.org\n"+
		"    - { title: Example Documentation Centre, roles: [publisher], path: https://example.org/about }\n")), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []Contributor{
		{Title: "A. Researcher", Roles: []string{"author", "wrangler"}, Email: "a@example.org"},
		{Title: "Example Documentation Centre", Roles: []string{"publisher"}, Path: "https://example.org/about"},
	}
	if !reflect.DeepEqual(cfg.Site.Contributors, want) {
		t.Errorf("contributors = %+v, want %+v", cfg.Site.Contributors, want)
	}
	if cfg, err = Load(write(t, validYAML), nil); err != nil || cfg.Site.Contributors != nil {
		t.Errorf("no contributors: got %+v, %v", cfg.Site.Contributors, err)
	}
	cases := []struct{ name, list, want string }{
		{"no title", "    - { roles: [author] }\n", `config.yaml: site.contributors[0].title: is empty; every contributor needs the name they are cited by`},
		{"blank title", "    - { title: A }\n    - { title: \"  \" }\n", `config.yaml: site.contributors[1].title: is empty; every contributor needs the name they are cited by`},
		{"role with spaces", "    - { title: A, roles: [Data Wrangler] }\n", `config.yaml: site.contributors[0].roles[0]: "Data Wrangler" is not a role such as author, contributor, maintainer or publisher (lower-case letters, digits and hyphens)`},
		{"email without @", "    - { title: A, email: a.example.org }\n", `config.yaml: site.contributors[0].email: "a.example.org" is not an email address such as name@example.org`},
		{"email with a name", "    - { title: A, email: \"A <a@example.org>\" }\n", `config.yaml: site.contributors[0].email: "A <a@example.org>" is not an email address such as name@example.org`},
		{"path not web", "    - { title: A, path: \"javascript:alert(1)\" }\n", `config.yaml: site.contributors[0].path: "javascript:alert(1)" is not a web address such as https://example.org/about`},
		{"unknown key", "    - { title: A, role: author }\n", `config.yaml: site.contributors[0].role: unknown key "role" (did you mean "roles"?)`},
		{"a name, not a mapping", "    - A. Researcher\n", `config.yaml: site.contributors[0]: has the wrong type`},
		{"a mapping, not a list", "    title: A\n", `config.yaml: site.contributors: has the wrong type`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Load(write(t, with(c.list)), nil)
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
