package build

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/dashgen/dashgen/internal/config"
)

// The data package is held to the published Frictionless profiles, as
// vendored by update-schemas.sh from the npm package datapackage@1.1.10
// (testdata/schemas/VERSIONS). These are the v1 profiles (JSON Schema
// draft-04): no npm package carries the v2 ones
// (https://datapackage.org/profiles/2.0/), and this machine reaches no
// other host. The descriptor is checked twice:
//
//   - as written, against the v1 data-package profile: the package's
//     members (name, title, homepage, version, created, licenses, sources)
//     and each resource as a data resource (name and path required, the
//     path a string, format, mediatype, encoding, bytes an integer, hash
//     "algorithm:hex");
//   - as a v1 tool reads it, against the v1 tabular-data-package profile:
//     every Table Schema (fields, their types and constraints, primary
//     and foreign keys). v1 states a profile where v2 states $schema and
//     a resource's type "table", so the copy checked says profile
//     "tabular-data-package" and "tabular-data-resource"; and v1 has no
//     list field, so a list field is checked as the string it is in the
//     CSV (its name, description and constraints), its delimiter and
//     itemType left to TestDataPackage.
//
// What the v1 profiles cannot check of a v2 descriptor, and where it is
// checked by hand instead (TestDataPackage in datapackage_test.go):
//
//   - $schema, the v2 profile's address (v1 has none): its exact value;
//   - a resource's type "table" (v1 has none): its value;
//   - the list field type, its delimiter and itemType (v2 only):
//     checkField, and that every cell meets them;
//   - v2's path rules (a relative POSIX path that does not start with
//     ".", "/" or "~", no "..", no scheme; v1 only asks for a string):
//     posixPath;
//   - that a foreign key's resource and fields exist, that the primary key
//     names a field, that hash and bytes are those of the file: neither
//     profile can, being about the descriptor alone.
//
// The JSON-LD on the index pages is checked for structure in
// TestLinkedData. The CSL-JSON the build writes (sources.json, every
// Cite block) is checked by cite.CheckCSL, written from the CSL data
// schema's rules: no npm package carries csl-data.json itself.
const (
	v1DataPackage        = "https://specs.frictionlessdata.io/schemas/data-package.json"
	v1TabularDataPackage = "https://specs.frictionlessdata.io/schemas/tabular-data-package.json"
)

// offline refuses every address a schema names that is not one of the
// vendored files: the tests fetch nothing.
type offline struct{}

func (offline) Load(url string) (any, error) {
	return nil, fmt.Errorf("%s is not a vendored schema, and the tests fetch nothing", url)
}

var profiles = struct {
	once sync.Once
	pkg  *jsonschema.Schema // v1 data-package
	tab  *jsonschema.Schema // v1 tabular-data-package
	err  error
}{}

// v1Profiles are the two profiles, compiled once from testdata/schemas
// under the addresses the profiles' registry gives them.
func v1Profiles(t *testing.T) (pkg, tab *jsonschema.Schema) {
	t.Helper()
	profiles.once.Do(func() {
		c := jsonschema.NewCompiler()
		c.UseLoader(offline{})
		c.AssertFormat()
		for url, file := range map[string]string{v1DataPackage: "data-package.json", v1TabularDataPackage: "tabular-data-package.json"} {
			b, err := os.ReadFile("testdata/schemas/" + file)
			if err != nil {
				profiles.err = err
				return
			}
			doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
			if err != nil {
				profiles.err = fmt.Errorf("%s: %w", file, err)
				return
			}
			if s, _ := doc.(map[string]any)["$schema"].(string); s != "http://json-schema.org/draft-04/schema#" {
				profiles.err = fmt.Errorf("%s: $schema %q; the tests expect draft-04", file, s)
				return
			}
			if err := c.AddResource(url, doc); err != nil {
				profiles.err = err
				return
			}
		}
		if profiles.pkg, profiles.err = c.Compile(v1DataPackage); profiles.err != nil {
			return
		}
		profiles.tab, profiles.err = c.Compile(v1TabularDataPackage)
	})
	if profiles.err != nil {
		t.Fatalf("the vendored profiles: %v", profiles.err)
	}
	return profiles.pkg, profiles.tab
}

// asV1Tabular is the descriptor as a v1 tool reads it (see above): a
// copy with v1's profile members, and a list field as a string.
func asV1Tabular(doc map[string]any) (map[string]any, error) {
	b, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	out := v.(map[string]any)
	out["profile"] = "tabular-data-package"
	resources, _ := out["resources"].([]any)
	for _, r := range resources {
		res, ok := r.(map[string]any)
		if !ok {
			continue
		}
		res["profile"] = "tabular-data-resource"
		schema, _ := res["schema"].(map[string]any)
		fields, _ := schema["fields"].([]any)
		for _, f := range fields {
			if field, ok := f.(map[string]any); ok && field["type"] == "list" {
				field["type"] = "string"
				delete(field, "delimiter")
				delete(field, "itemType")
			}
		}
	}
	return out, nil
}

// validatePackage checks a descriptor against both profiles; the error
// names the profile and what it refuses.
func validatePackage(t *testing.T, descriptor []byte) error {
	t.Helper()
	pkg, tab := v1Profiles(t)
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(descriptor))
	if err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	doc, ok := v.(map[string]any)
	if !ok {
		return errors.New("not a JSON object")
	}
	if err := pkg.Validate(doc); err != nil {
		return fmt.Errorf("data-package: %w", err)
	}
	v1, err := asV1Tabular(doc)
	if err != nil {
		return err
	}
	if err := tab.Validate(v1); err != nil {
		return fmt.Errorf("tabular-data-package: %w", err)
	}
	return nil
}

// TestDataPackageProfile: the data package of the default project, of a
// project with a licence, contributors and a base address, and of one with no release,
// meets the published profiles.
func TestDataPackageProfile(t *testing.T) {
	licensed := defaultConfig(t)
	licensed.Site.License = config.License{Name: "CC-BY-4.0", Path: "https://creativecommons.org/licenses/by/4.0/", Title: "Creative Commons Attribution 4.0"}
	licensed.BaseURL = "https://example.org/site/"
	licensed.Site.Contributors = []config.Contributor{{Title: "A. Researcher", Roles: []string{"author"}, Email: "a@example.org"},
		{Title: "Example Documentation Centre", Roles: []string{"publisher"}, Path: "https://example.org/about", Organization: "Example Network"}}
	unreleased := defaultConfig(t)
	unreleased.Release = config.Release{}
	// A title in another script than Latin, and one with letters beyond
	// ASCII: the package's name is still one the profile accepts.
	cyrillic := defaultConfig(t)
	cyrillic.Site.Title = "Город А, 1–2 мая 2001"
	accented := defaultConfig(t)
	accented.Site.Title = "Şəhər Ə, 1–2 May 2001"
	for _, tc := range []struct {
		name string
		cfg  *config.Config
	}{
		{"default", defaultConfig(t)},
		{"licensed, with a base address", licensed},
		{"no release", unreleased},
		{"a title in Cyrillic", cyrillic},
		{"a title with letters beyond ASCII", accented},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Build(context.Background(), tc.cfg)
			if err != nil {
				t.Fatal(err)
			}
			b := fileOf(t, res.Files, PackageFile)
			if err := validatePackage(t, b); err != nil {
				t.Errorf("datapackage.json does not meet the profile: %v", err)
			}
			// The check reached every resource's Table Schema, list
			// fields included.
			var p DataPackage
			if err := json.Unmarshal(b, &p); err != nil {
				t.Fatal(err)
			}
			lists := 0
			for _, r := range p.Resources {
				for _, f := range r.Schema.Fields {
					if f.Type == "list" {
						lists++
					}
				}
			}
			if len(p.Resources) == 0 || (tc.name == "default" && lists == 0) {
				t.Errorf("%d resources, %d list fields: the package lacks what the test is about", len(p.Resources), lists)
			}
		})
	}
}

// TestDataPackageProfileRefuses breaks the default project's descriptor
// in one place at a time: each break is refused, by the profile that
// should refuse it, at the member broken. It shows that the profiles are
// applied, not merely loaded.
func TestDataPackageProfileRefuses(t *testing.T) {
	good := fileOf(t, defaultBuild(t).Files, PackageFile)
	if err := validatePackage(t, good); err != nil {
		t.Fatalf("the default descriptor is refused before any break: %v", err)
	}
	resource := func(d map[string]any) map[string]any { return d["resources"].([]any)[0].(map[string]any) }
	field := func(d map[string]any, i int) map[string]any {
		return resource(d)["schema"].(map[string]any)["fields"].([]any)[i].(map[string]any)
	}
	for _, tc := range []struct {
		name    string
		brk     func(d map[string]any)
		profile string // which check refuses it
		at      string // what the error says, at the member broken
	}{
		{"a resource without a path", func(d map[string]any) { delete(resource(d), "path") }, "data-package:", "at '/resources/0': missing property 'path'"},
		{"a hash that is not hexadecimal", func(d map[string]any) { resource(d)["hash"] = "sha256:not-hex" }, "data-package:", "at '/resources/0/hash': 'sha256:not-hex' does not match pattern"},
		{"a size that is not a number", func(d map[string]any) { resource(d)["bytes"] = "1024" }, "data-package:", "at '/resources/0/bytes': got string, want integer"},
		{"a resource without a name", func(d map[string]any) { delete(resource(d), "name") }, "data-package:", "at '/resources/0': missing property 'name'"},
		{"no resources", func(d map[string]any) { delete(d, "resources") }, "data-package:", "at '': missing property 'resources'"},
		{"a created that is no date and time", func(d map[string]any) { d["created"] = "2026-11-29" }, "data-package:", "at '/created': '2026-11-29' is not valid date-time"},
		{"a source without a title", func(d map[string]any) { d["sources"].([]any)[0] = map[string]any{"path": "https://example.org/"} }, "data-package:", "at '/sources/0': missing property 'title'"},
		{"a package name with a space", func(d map[string]any) { d["name"] = "two words" }, "data-package:", "at '/name': 'two words' does not match pattern"},
		{"a resource without a schema", func(d map[string]any) { delete(resource(d), "schema") }, "tabular-data-package:", "at '/resources/0': missing property 'schema'"},
		{"a field of no Table Schema type", func(d map[string]any) { field(d, 0)["type"] = "text" }, "tabular-data-package:", "at '/resources/0/schema/fields/0/type': value must be 'string'"},
		{"a field without a name", func(d map[string]any) { delete(field(d, 0), "name") }, "tabular-data-package:", "at '/resources/0/schema/fields/0': missing property 'name'"},
		{"a schema without fields", func(d map[string]any) { resource(d)["schema"].(map[string]any)["fields"] = []any{} }, "tabular-data-package:", "at '/resources/0/schema/fields': minItems: got 0, want 1"},
		{"a foreign key without a reference", func(d map[string]any) {
			for _, r := range d["resources"].([]any) {
				if fks, ok := r.(map[string]any)["schema"].(map[string]any)["foreignKeys"].([]any); ok {
					delete(fks[0].(map[string]any), "reference")
					return
				}
			}
			t.Fatal("no resource has a foreign key")
		}, "tabular-data-package:", "/schema/foreignKeys/0': missing property 'reference'"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var d map[string]any
			if err := json.Unmarshal(good, &d); err != nil {
				t.Fatal(err)
			}
			tc.brk(d)
			b, err := json.Marshal(d)
			if err != nil {
				t.Fatal(err)
			}
			err = validatePackage(t, b)
			if err == nil {
				t.Fatal("the profiles accept it")
			}
			if msg := err.Error(); !strings.HasPrefix(msg, tc.profile) || !strings.Contains(msg, tc.at) {
				t.Errorf("refused as %q; want the %s profile, at %s", msg, strings.TrimSuffix(tc.profile, ":"), tc.at)
			}
		})
	}
}

// TestProfilesFetchNothing: a schema that names a remote schema is not
// compiled by fetching it.
func TestProfilesFetchNothing(t *testing.T) {
	c := jsonschema.NewCompiler()
	c.UseLoader(offline{})
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(`{"$schema": "http://json-schema.org/draft-04/schema#", "$ref": "https://specs.frictionlessdata.io/schemas/table-schema.json"}`))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.AddResource("file:///remote-ref.json", doc); err != nil {
		t.Fatal(err)
	}
	_, err = c.Compile("file:///remote-ref.json")
	if err == nil || !strings.Contains(err.Error(), "is not a vendored schema, and the tests fetch nothing") {
		t.Fatalf("compiled with a remote $ref: %v", err)
	}
}

// TestPackageName: the package's name is one the profiles accept, from
// any title: accents taken off, letters beyond ASCII left out.
func TestPackageName(t *testing.T) {
	for _, tc := range []struct{ title, want string }{
		{"Town A, 1-2 May 2001", "town-a-1-2-may-2001"},
		{"Şəhər Ə, 1–2 May 2001", "shr-1-2-may-2001"},
		{"Café Ñandú", "cafe-nandu"},
		{"İstanbul", "istanbul"},
		{"Город А, 1–2 мая 2001", "1-2-2001"},
		{"Город", "data"},
		{"", "data"},
		{"--__..", "data"},
	} {
		got := packageName(tc.title)
		if got != tc.want {
			t.Errorf("packageName(%q) = %q, want %q", tc.title, got, tc.want)
		}
		if !regexp.MustCompile(`^([-a-z0-9._/])+$`).MatchString(got) {
			t.Errorf("packageName(%q) = %q, which the profile refuses", tc.title, got)
		}
	}
}
