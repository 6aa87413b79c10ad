package build

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"os"
	"path"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dashgen/dashgen/internal/config"
	"github.com/dashgen/dashgen/internal/output"
)

func fileOf(t *testing.T, files []output.File, p string) []byte {
	t.Helper()
	for _, f := range files {
		if f.Path == p {
			return f.Data
		}
	}
	t.Fatalf("the build has no %s", p)
	return nil
}

func hasFile(files []output.File, p string) bool {
	return slices.ContainsFunc(files, func(f output.File) bool { return f.Path == p })
}

func readPackage(t *testing.T, files []output.File) DataPackage {
	t.Helper()
	var p DataPackage
	dec := json.NewDecoder(bytes.NewReader(fileOf(t, files, PackageFile)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		t.Fatalf("datapackage.json: %v", err)
	}
	return p
}

// posixPath is what the Data Package profile accepts as a local path: a
// relative POSIX path that does not start with ., / or ~, with no ../,
// no backslash and no scheme.
func posixPath(p string) bool {
	return p != "" && !strings.ContainsAny(p[:1], "./~") && !strings.HasPrefix(p, "file:") &&
		!strings.Contains(p, "/../") && !strings.Contains(p, `\`) && !strings.Contains(p, "://")
}

// TestDataPackage checks the default project's data package against what
// the Data Package v2 profile requires of the members dashgen writes, and
// checks that it is true of the files: each resource is a copy of its
// input, with its size and hash; its schema's fields are the file's header
// in order; every cell meets its field's type and constraints; every
// foreign key resolves.
func TestDataPackage(t *testing.T) {
	res := defaultBuild(t)
	p := readPackage(t, res.Files)
	if p.Schema != "https://datapackage.org/profiles/2.0/datapackage.json" {
		t.Errorf("$schema = %q", p.Schema)
	}
	if p.Name != "khojaly-25-26-february-1992" || p.Title != "Khojaly, 25–26 February 1992" || p.Description == "" {
		t.Errorf("name %q, title %q, description %q", p.Name, p.Title, p.Description)
	}
	if p.Version != "1.0.0" || p.Created != "2026-11-29T00:00:00Z" {
		t.Errorf("version %q, created %q; want the release 1.0.0 of 2026-11-29", p.Version, p.Created)
	}
	if _, err := time.Parse(time.RFC3339, p.Created); err != nil {
		t.Errorf("created is not an RFC 3339 date-time: %v", err)
	}
	if p.Licenses != nil {
		t.Errorf("the default project states no licence, the package gives %v", p.Licenses)
	}
	if len(p.Sources) == 0 {
		t.Error("no sources")
	}
	for _, s := range p.Sources {
		if s.Title == "" || (s.Path != "" && !strings.HasPrefix(s.Path, "http")) {
			t.Errorf("source %+v: a title and, if any, a web address", s)
		}
	}
	var manifest output.Manifest
	if err := json.Unmarshal(fileOf(t, res.Files, "manifest.json"), &manifest); err != nil {
		t.Fatal(err)
	}
	if manifest.Outputs[PackageFile] == "" {
		t.Error("the manifest does not list datapackage.json")
	}
	// Every CSV the build read is a resource.
	var inputs, paths []string
	for in := range manifest.Inputs {
		if strings.HasSuffix(in, ".csv") {
			inputs = append(inputs, path.Base(in))
		}
	}
	names := map[string]bool{}
	ids := map[string]map[string]bool{} // resource → its ids
	rows := map[string][][]string{}
	for _, r := range p.Resources {
		if names[r.Name] || r.Name == "" {
			t.Errorf("resource name %q empty or twice", r.Name)
		}
		names[r.Name] = true
		paths = append(paths, path.Base(r.Path))
		if !posixPath(r.Path) || !strings.HasPrefix(r.Path, "package/") {
			t.Errorf("%s: path %q is not a relative POSIX path under package/", r.Name, r.Path)
		}
		if r.Type != "table" || r.Format != "csv" || r.MediaType != "text/csv" || r.Encoding != "utf-8" {
			t.Errorf("%s: type %q format %q mediatype %q encoding %q", r.Name, r.Type, r.Format, r.MediaType, r.Encoding)
		}
		b := fileOf(t, res.Files, r.Path)
		if manifest.Outputs[r.Path] == "" {
			t.Errorf("the manifest does not list %s", r.Path)
		}
		orig, err := os.ReadFile("../../data/" + strings.TrimPrefix(r.Path, "package/"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b, orig) {
			t.Errorf("%s is not a copy of its input", r.Path)
		}
		sum := sha256.Sum256(b)
		if r.Bytes != len(b) || r.Hash != "sha256:"+hex.EncodeToString(sum[:]) {
			t.Errorf("%s: bytes %d hash %s; the file has %d bytes, sha256:%x", r.Path, r.Bytes, r.Hash, len(b), sum)
		}
		recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", r.Path, err)
		}
		var fields []string
		for _, f := range r.Schema.Fields {
			fields = append(fields, f.Name)
		}
		if !slices.Equal(recs[0], fields) {
			t.Errorf("%s: header %v, schema fields %v", r.Path, recs[0], fields)
		}
		rows[r.Name] = recs
		ids[r.Name] = map[string]bool{}
		for i, f := range r.Schema.Fields {
			checkField(t, r.Path, f, recs, i)
			if slices.Equal(r.Schema.PrimaryKey, []string{f.Name}) {
				for _, rec := range recs[1:] {
					ids[r.Name][rec[i]] = true
				}
			}
		}
		if !slices.Equal(r.Schema.PrimaryKey, []string{"id"}) {
			t.Errorf("%s: primary key %v", r.Path, r.Schema.PrimaryKey)
		}
	}
	slices.Sort(inputs)
	slices.Sort(paths)
	if !slices.Equal(inputs, paths) {
		t.Errorf("inputs %v, resources %v", inputs, paths)
	}
	// Foreign keys name a resource of the package (or the same one) and
	// every value resolves.
	fks := 0
	for _, r := range p.Resources {
		for _, fk := range r.Schema.ForeignKeys {
			fks++
			target := fk.Reference.Resource
			if target == "" {
				target = r.Name
			}
			if !names[target] || !slices.Equal(fk.Reference.Fields, []string{"id"}) || len(fk.Fields) != 1 {
				t.Errorf("%s: foreign key %+v names no resource's id", r.Name, fk)
				continue
			}
			col := slices.Index(rows[r.Name][0], fk.Fields[0])
			for _, rec := range rows[r.Name][1:] {
				if v := rec[col]; v != "" && !ids[target][v] {
					t.Errorf("%s: %s %q is not an id of %s", r.Name, fk.Fields[0], v, target)
				}
			}
		}
	}
	if fks == 0 {
		t.Error("no foreign keys")
	}
}

// checkField checks every cell of column i of recs (a header, then rows)
// against the field's type and constraints, as a Table Schema validator
// would (an empty cell is a missing value).
func checkField(t *testing.T, file string, f SchemaField, recs [][]string, i int) {
	t.Helper()
	switch f.Type {
	case "string", "integer":
	case "list":
		if f.Delimiter != ";" || f.ItemType != "string" {
			t.Errorf("%s: %s: list delimiter %q item type %q", file, f.Name, f.Delimiter, f.ItemType)
		}
	default:
		t.Errorf("%s: %s: type %q", file, f.Name, f.Type)
	}
	k := f.Constraints
	if k == nil {
		k = &FieldConstraints{}
	}
	var pattern *regexp.Regexp
	if k.Pattern != "" {
		pattern = regexp.MustCompile("^(?:" + k.Pattern + ")$") // a Table Schema pattern matches the whole value
	}
	seen := map[string]bool{}
	for n, rec := range recs[1:] {
		v := strings.TrimSpace(rec[i])
		where := file + ":" + strconv.Itoa(n+2) + ": " + f.Name
		if v == "" {
			if k.Required {
				t.Errorf("%s: empty, the field is required", where)
			}
			continue
		}
		if k.Unique && seen[v] {
			t.Errorf("%s: %q twice, the field is unique", where, v)
		}
		seen[v] = true
		if f.Type == "integer" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || (k.Minimum != nil && n < *k.Minimum) || (k.Maximum != nil && n > *k.Maximum) {
				t.Errorf("%s: %q is not an integer within %v..%v", where, v, k.Minimum, k.Maximum)
			}
		}
		if pattern != nil && !pattern.MatchString(v) {
			t.Errorf("%s: %q does not match %s", where, v, k.Pattern)
		}
		if k.Enum != nil && !slices.Contains(k.Enum, v) {
			t.Errorf("%s: %q is not in %v", where, v, k.Enum)
		}
	}
}

var ldBlock = regexp.MustCompile(`<script type="application/ld\+json">(.*?)</script>`)

// linkedDataOf is the JSON-LD of a page, parsed; it fails unless the page
// has exactly one block.
func linkedDataOf(t *testing.T, page []byte) map[string]any {
	t.Helper()
	m := ldBlock.FindAllSubmatch(page, -1)
	if len(m) != 1 {
		t.Fatalf("%d JSON-LD blocks, want 1", len(m))
	}
	var d map[string]any
	if err := json.Unmarshal(m[0][1], &d); err != nil {
		t.Fatalf("the JSON-LD does not parse: %v", err)
	}
	return d
}

// TestLinkedData: every language's index page, and it alone, carries a
// schema.org Dataset with the members search engines need, whose
// downloads lead to files of the build.
func TestLinkedData(t *testing.T) {
	res := defaultBuild(t)
	for _, lang := range []string{"en", "az", "ru"} {
		prefix := lang + "/"
		if lang == "en" {
			prefix = ""
		}
		d := linkedDataOf(t, fileOf(t, res.Files, prefix+"index.html"))
		for key, want := range map[string]string{"@context": "https://schema.org", "@type": "Dataset", "inLanguage": lang, "version": "1.0.0", "dateModified": "2026-11-29"} {
			if d[key] != want {
				t.Errorf("%s: %s = %v, want %q", lang, key, d[key], want)
			}
		}
		if name, _ := d["name"].(string); name == "" {
			t.Errorf("%s: no name", lang)
		}
		if desc, _ := d["description"].(string); desc == "" {
			t.Errorf("%s: no description", lang)
		}
		dist, _ := d["distribution"].([]any)
		csvs := 0
		for _, x := range dist {
			dd := x.(map[string]any)
			url, _ := dd["contentUrl"].(string)
			if dd["@type"] != "DataDownload" || url == "" {
				t.Errorf("%s: distribution %v", lang, dd)
				continue
			}
			if dd["encodingFormat"] == "text/csv" {
				csvs++
			}
			if target := path.Join(path.Dir(prefix+"index.html"), url); !hasFile(res.Files, target) {
				t.Errorf("%s: %s leads to %s, not a file of the build", lang, url, target)
			}
		}
		if csvs != 8 {
			t.Errorf("%s: %d CSV downloads, want the 8 input files", lang, csvs)
		}
	}
	for _, f := range res.Files {
		if strings.HasSuffix(f.Path, ".html") && path.Base(f.Path) != "index.html" && bytes.Contains(f.Data, []byte("application/ld+json")) {
			t.Errorf("%s carries JSON-LD; only index pages do", f.Path)
		}
	}
}

// TestLinkedDataHostileAndLicensed: a title that tries to end the block
// stays inside it, as text; a stated licence goes into the package and
// the JSON-LD, the contributors into the package as written; with a
// base_url the downloads are absolute.
func TestLinkedDataHostileAndLicensed(t *testing.T) {
	cfg := defaultConfig(t)
	hostile := `</script><script>alert(1)</script><!-- & "quotes" ` + "\u2028"
	cfg.Site.Title = hostile
	cfg.Site.License = config.License{Name: "CC-BY-4.0", Path: "https://creativecommons.org/licenses/by/4.0/", Title: "Creative Commons Attribution 4.0"}
	cfg.BaseURL = "https://example.org/khojaly/"
	cfg.Site.Contributors = []config.Contributor{{Title: hostile, Roles: []string{"author", "wrangler"}, Email: "a@example.org"}}
	res, err := Build(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	page := fileOf(t, res.Files, "index.html")
	if bytes.Contains(page, []byte("<script>alert(1)")) {
		t.Fatal("the title broke out of the JSON-LD block")
	}
	d := linkedDataOf(t, page)
	if d["name"] != hostile {
		t.Errorf("name = %q, want the title as written", d["name"])
	}
	if d["license"] != "https://creativecommons.org/licenses/by/4.0/" || d["url"] != "https://example.org/khojaly/" {
		t.Errorf("license %v, url %v", d["license"], d["url"])
	}
	for _, x := range d["distribution"].([]any) {
		if u := x.(map[string]any)["contentUrl"].(string); !strings.HasPrefix(u, "https://example.org/khojaly/") {
			t.Errorf("contentUrl %q is not under base_url", u)
		}
	}
	az := linkedDataOf(t, fileOf(t, res.Files, "az/index.html"))
	if u := az["distribution"].([]any)[1].(map[string]any)["contentUrl"]; u != "https://example.org/khojaly/package/sources.csv" {
		t.Errorf("az: contentUrl %v", u)
	}
	p := readPackage(t, res.Files)
	if len(p.Licenses) != 1 || p.Licenses[0] != (PackageLicense{Name: "CC-BY-4.0", Path: "https://creativecommons.org/licenses/by/4.0/", Title: "Creative Commons Attribution 4.0"}) {
		t.Errorf("licenses %+v", p.Licenses)
	}
	if want := []PackageContributor{{Title: hostile, Roles: []string{"author", "wrangler"}, Email: "a@example.org"}}; !reflect.DeepEqual(p.Contributors, want) {
		t.Errorf("contributors %+v, want %+v", p.Contributors, want)
	}
	if p.Homepage != "https://example.org/khojaly/" {
		t.Errorf("homepage %q, want base_url", p.Homepage)
	}
	if p.Title != hostile || p.Name != "script-script-alert-1-script-quotes" {
		t.Errorf("title %q name %q", p.Title, p.Name)
	}
}

// TestNoRelease: a project that states no release gives a package with
// no version and no created, and a Dataset with no version or date.
func TestNoRelease(t *testing.T) {
	cfg := defaultConfig(t)
	cfg.Release = config.Release{}
	res, err := Build(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	b := fileOf(t, res.Files, PackageFile)
	if bytes.Contains(b, []byte(`"version"`)) || bytes.Contains(b, []byte(`"created"`)) {
		t.Errorf("the package states a release: %.300s", b)
	}
	d := linkedDataOf(t, fileOf(t, res.Files, "index.html"))
	if _, ok := d["version"]; ok {
		t.Error("the Dataset has a version")
	}
	if _, ok := d["dateModified"]; ok {
		t.Error("the Dataset has a dateModified")
	}
}
