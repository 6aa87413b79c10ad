package diff_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/dashgen/dashgen/internal/diag"
	"github.com/dashgen/dashgen/internal/diff"
)

// FuzzLoad: whatever datapackage.json holds, Load returns a release or a
// *diag.Errors, and never reads outside the release's folder.
func FuzzLoad(f *testing.F) {
	sources := "id,title,kind\ns1,One,statement\n"
	figures := "id,event,measure,group,value,qualifier,source\nk,,killed,all,1,exact,s1\n"
	hash := func(s string) string { h := sha256.Sum256([]byte(s)); return "sha256:" + hex.EncodeToString(h[:]) }
	res := func(path, body string) string {
		return `{"name":"r","path":"` + path + `","bytes":` + strconv.Itoa(len(body)) + `,"hash":"` + hash(body) + `"}`
	}
	good := `{"version":"1.0.0","created":"2026-11-29T00:00:00Z","resources":[` + res("package/sources.csv", sources) + `,` +
		res("package/a.csv", figures) + `],"dashgen":{"figures":[{"name":"a","path":"package/a.csv"}],"vocabularies":{}}}`
	for _, seed := range []string{
		good, `{}`, `[]`, `null`, `{"dashgen":{}}`, `{"dashgen":{"figures":[{"name":"","path":"package/a.csv"}]}}`,
		`{"resources":[{"path":"../x"}],"dashgen":{}}`, `{"resources":[{"path":"package/a.csv","bytes":-1,"hash":"sha256:00"}],"dashgen":{}}`,
		`{"version":"1.0","dashgen":{}}`, `{"resources":"x"}`, "{\n\"a\" 1}",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, descriptor string) {
		dir := t.TempDir()
		rel := filepath.Join(dir, "release")
		if err := os.MkdirAll(filepath.Join(rel, "package"), 0o755); err != nil {
			t.Fatal(err)
		}
		for name, body := range map[string]string{"package/sources.csv": sources, "package/a.csv": figures, "datapackage.json": descriptor, "../outside.csv": sources} {
			if err := os.WriteFile(filepath.Join(rel, filepath.FromSlash(name)), []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		r, err := diff.Load(context.Background(), rel)
		if err != nil {
			var de *diag.Errors
			if !errors.As(err, &de) || len(de.Items) == 0 {
				t.Fatalf("error %T %v, not a *diag.Errors", err, err)
			}
			return
		}
		if r.Data == nil {
			t.Fatal("a release with no data")
		}
		for name := range r.Data.Inputs {
			if name != "sources.csv" && name != "a.csv" {
				t.Fatalf("read %s", name)
			}
		}
	})
}
