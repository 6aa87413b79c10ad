package diff_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/dashgen/dashgen/internal/diag"
	"github.com/dashgen/dashgen/internal/diff"
)

// edit rewrites the descriptor of the release in dir through fn.
func edit(t *testing.T, dir string, fn func(d map[string]any)) {
	t.Helper()
	p := filepath.Join(dir, diff.DescriptorFile)
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	var d map[string]any
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	fn(d)
	if b, err = json.MarshalIndent(d, "", "  "); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// resource is the descriptor's resource whose path is path.
func resource(t *testing.T, d map[string]any, path string) map[string]any {
	t.Helper()
	for _, r := range d["resources"].([]any) {
		if r := r.(map[string]any); r["path"] == path {
			return r
		}
	}
	t.Fatalf("no resource %s", path)
	return nil
}

// rewrite replaces a copy's bytes and states its new size and hash in the
// descriptor, as a release built from those bytes would.
func rewrite(t *testing.T, dir, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(path)), b, 0o644); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	edit(t, dir, func(d map[string]any) {
		r := resource(t, d, path)
		r["bytes"], r["hash"] = len(b), "sha256:"+hex.EncodeToString(sum[:])
	})
}

// loadErr is Load's error as its lines, with dir written OLD, and its
// codes.
func loadErr(t *testing.T, dir, path string) (string, []diag.Code) {
	t.Helper()
	rel, err := diff.Load(context.Background(), path)
	if err == nil {
		t.Fatalf("Load(%s) = %+v, no error", path, rel)
	}
	var de *diag.Errors
	if !errors.As(err, &de) {
		t.Fatalf("Load(%s): %T %v, not a *diag.Errors", path, err, err)
	}
	var codes []diag.Code
	for _, d := range de.Items {
		codes = append(codes, d.Code)
	}
	return strings.ReplaceAll(err.Error(), filepath.ToSlash(dir), "OLD"), codes
}

func TestLoadErrors(t *testing.T) {
	sum := func(s string) string { h := sha256.Sum256([]byte(s)); return "sha256:" + hex.EncodeToString(h[:]) }
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, dir string) string // the path to load
		want  string
		code  diag.Code
	}{
		{"missing", func(t *testing.T, dir string) string { return filepath.Join(dir, "nope") },
			"OLD/nope: does not exist; give the output folder of a previous build, or its datapackage.json", diag.FileMissing},
		{"no descriptor", func(t *testing.T, dir string) string {
			if err := os.Remove(filepath.Join(dir, "datapackage.json")); err != nil {
				t.Fatal(err)
			}
			return dir
		}, "OLD: has no datapackage.json; give the output folder of a build by dashgen (every build writes one), or the datapackage.json itself", diag.NotARelease},
		{"bad JSON", func(t *testing.T, dir string) string {
			os.WriteFile(filepath.Join(dir, "datapackage.json"), []byte("{\n  \"name\": \"x\",\n  \"version\" \"1\"\n}\n"), 0o644)
			return dir
		}, "OLD/datapackage.json:3:13: is not valid JSON: invalid character '\"' after object key", diag.JSONSyntax},
		{"not an object", func(t *testing.T, dir string) string {
			os.WriteFile(filepath.Join(dir, "datapackage.json"), []byte("[1, 2]\n"), 0o644)
			return filepath.Join(dir, "datapackage.json")
		}, "OLD/datapackage.json: is a JSON array, not a data package (an object)", diag.NotARelease},
		{"wrong type", func(t *testing.T, dir string) string {
			edit(t, dir, func(d map[string]any) { d["resources"] = "all" })
			return dir
		}, "OLD/datapackage.json: resources: is a JSON string; a data package has a list here", diag.InvalidValue},
		{"bad version", func(t *testing.T, dir string) string {
			edit(t, dir, func(d map[string]any) { d["version"] = "v1\x1b[31m" })
			return dir
		}, `OLD/datapackage.json: version: "v1\x1b[31m" is not a version MAJOR.MINOR.PATCH such as 1.0.0; a dashgen build writes release.version there`, diag.InvalidValue},
		{"no marker", func(t *testing.T, dir string) string {
			edit(t, dir, func(d map[string]any) { delete(d, "dashgen") })
			return dir
		}, `OLD/datapackage.json: has no "dashgen" member, which every dashgen build writes since dashgen diff exists: it comes from another tool or an older dashgen; build the old release's data again with this dashgen to compare it`, diag.NotARelease},
		{"path escapes", func(t *testing.T, dir string) string {
			edit(t, dir, func(d map[string]any) { resource(t, d, "package/sources.csv")["path"] = "package/../../secret.csv" })
			return dir
		}, `OLD/datapackage.json: resources[0].path: "package/../../secret.csv" is not a file within the package folder package/; a release's copies stay inside it`, diag.InvalidValue},
		{"absolute path", func(t *testing.T, dir string) string {
			edit(t, dir, func(d map[string]any) { resource(t, d, "package/sources.csv")["path"] = "/etc/passwd" })
			return dir
		}, `OLD/datapackage.json: resources[0].path: "/etc/passwd" is not a file within the package folder package/; a release's copies stay inside it`, diag.InvalidValue},
		{"outside package", func(t *testing.T, dir string) string {
			edit(t, dir, func(d map[string]any) { resource(t, d, "package/sources.csv")["path"] = "index.html" })
			return dir
		}, `OLD/datapackage.json: resources[0].path: "index.html" is not a file within the package folder package/; a release's copies stay inside it`, diag.InvalidValue},
		{"missing copy", func(t *testing.T, dir string) string {
			os.Remove(filepath.Join(dir, "package", "casualties.csv"))
			return dir
		}, "OLD/package/casualties.csv: does not exist, but datapackage.json lists it (resources[2].path); the release is incomplete", diag.FileMissing},
		{"cut short", func(t *testing.T, dir string) string {
			p := filepath.Join(dir, "package", "events.csv")
			b, _ := os.ReadFile(p)
			os.WriteFile(p, b[:10], 0o644)
			return dir
		}, "OLD/package/events.csv: is 10 bytes, but datapackage.json says %d (resources[1].bytes); the copy was changed or cut short, so the release cannot be compared", diag.HashMismatch},
		{"longer", func(t *testing.T, dir string) string {
			p := filepath.Join(dir, "package", "events.csv")
			b, _ := os.ReadFile(p)
			os.WriteFile(p, append(b, "x,y\n"...), 0o644)
			return dir
		}, "OLD/package/events.csv: is more than %d bytes, but datapackage.json says %d (resources[1].bytes); the copy was changed or cut short, so the release cannot be compared", diag.HashMismatch},
		{"tampered", func(t *testing.T, dir string) string {
			p := filepath.Join(dir, "package", "events.csv")
			b, _ := os.ReadFile(p)
			b[len(b)-2] ^= 1
			os.WriteFile(p, b, 0o644)
			return dir
		}, "OLD/package/events.csv: has SHA-256 sha256:HASH, but datapackage.json says sha256:STATED (resources[1].hash); the copy was changed, so the release cannot be compared", diag.HashMismatch},
		{"bad hash", func(t *testing.T, dir string) string {
			edit(t, dir, func(d map[string]any) { resource(t, d, "package/events.csv")["hash"] = "md5:" + sum("x")[7:39] })
			return dir
		}, `OLD/datapackage.json: resources[1].hash: "md5:` + sum("x")[7:39] + `" is not a SHA-256 hash written sha256:HEX; a dashgen build writes one for every copy`, diag.InvalidValue},
		{"no bytes", func(t *testing.T, dir string) string {
			edit(t, dir, func(d map[string]any) { delete(resource(t, d, "package/events.csv"), "bytes") })
			return dir
		}, `OLD/datapackage.json: resources[1].bytes: is missing; a dashgen build writes the size of every copy`, diag.InvalidValue},
		{"twice", func(t *testing.T, dir string) string {
			edit(t, dir, func(d map[string]any) { resource(t, d, "package/events.csv")["path"] = "package/sources.csv" })
			return dir
		}, `OLD/datapackage.json: resources[1].path: "package/sources.csv" is the path of an earlier resource; each file is copied once`, diag.InvalidValue},
		{"figures not a resource", func(t *testing.T, dir string) string {
			edit(t, dir, func(d map[string]any) {
				d["dashgen"].(map[string]any)["figures"].([]any)[1].(map[string]any)["path"] = "package/nope.csv"
			})
			return dir
		}, `OLD/datapackage.json: dashgen.figures[1].path: "package/nope.csv" is not the path of one of the resources`, diag.InvalidValue},
		{"unreadable data", func(t *testing.T, dir string) string {
			rewrite(t, dir, "package/casualties.csv", []byte("id,event\nx,y\n"))
			return dir
		}, `OLD/package/casualties.csv:1:1: missing required column "measure" (the header must have: id, event, measure, group, value, qualifier, source)`, diag.MissingHeader},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := release(t)
			events, _ := os.ReadFile(filepath.Join(dir, "package", "events.csv"))
			var stated string
			if b, err := os.ReadFile(filepath.Join(dir, "datapackage.json")); err == nil {
				var d map[string]any
				json.Unmarshal(b, &d)
				stated = resource(t, d, "package/events.csv")["hash"].(string)
			}
			path := tc.setup(t, dir)
			got, codes := loadErr(t, dir, path)
			want := tc.want
			if strings.Contains(want, "%d") {
				want = strings.ReplaceAll(want, "%d", strconv.Itoa(len(events)))
			}
			if strings.Contains(want, "sha256:HASH") {
				b, _ := os.ReadFile(filepath.Join(dir, "package", "events.csv"))
				want = strings.Replace(want, "sha256:HASH", sum(string(b)), 1)
				want = strings.Replace(want, "sha256:STATED", stated, 1)
			}
			if !strings.HasPrefix(got, want) {
				t.Errorf("got\n\t%s\nwant\n\t%s", got, want)
			}
			if len(codes) == 0 || codes[0] != tc.code {
				t.Errorf("codes %v, want %s first", codes, tc.code)
			}
		})
	}
}

// TestLoadSymlinkOutOfPackage: a copy that is a link to a file outside the
// release is not followed out of it.
func TestLoadSymlinkOutOfPackage(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges on Windows")
	}
	dir := release(t)
	outside := filepath.Join(t.TempDir(), "events.csv")
	p := filepath.Join(dir, "package", "events.csv")
	b, _ := os.ReadFile(p)
	os.WriteFile(outside, b, 0o644)
	os.Remove(p)
	if err := os.Symlink(outside, p); err != nil {
		t.Fatal(err)
	}
	got, codes := loadErr(t, dir, dir)
	if want := "OLD/package/events.csv: cannot be read: path escapes from parent"; got != want || codes[0] != diag.FileUnreadable {
		t.Errorf("got %s (%v), want %s", got, codes, want)
	}
}

// TestLoadOldDataFailingTodaysChecks: a release whose data breaks a rule
// of today (here: a value its vocabulary no longer lists) is still
// compared, as published; the problems come with it.
func TestLoadOldDataFailingTodaysChecks(t *testing.T) {
	dir := release(t)
	edit(t, dir, func(d map[string]any) {
		v := d["dashgen"].(map[string]any)["vocabularies"].(map[string]any)
		var kept []any
		for _, s := range v["status"].([]any) {
			if s != "disputed" {
				kept = append(kept, s)
			}
		}
		v["status"] = kept
	})
	rel, err := diff.Load(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(rel.Problems) == 0 || rel.Problems[0].Code != diag.Vocabulary || !strings.Contains(rel.Problems[0].File, "package/recognitions.csv") {
		t.Fatalf("problems %v", rel.Problems)
	}
	if len(rel.Data.Recognitions) == 0 {
		t.Fatal("no recognitions read")
	}
}

// TestLoadShownPath: messages name the release as it was given.
func TestLoadShownPath(t *testing.T) {
	dir := release(t)
	t.Chdir(filepath.Dir(dir))
	rel, err := diff.Load(context.Background(), filepath.Base(dir)+"/")
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Base(dir) + "/datapackage.json"; rel.Path != want {
		t.Errorf("path %q, want %q", rel.Path, want)
	}
	if f := rel.Data.Figures[0].File; f != filepath.Base(dir)+"/package/casualties.csv" {
		t.Errorf("figure read from %q", f)
	}
}
