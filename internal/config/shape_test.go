package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// loadErr loads a config and returns its messages, failing the test instead
// of hanging it when loading has not returned after a generous deadline.
func loadErr(t *testing.T, path string) string {
	t.Helper()
	done := make(chan error, 1)
	go func() {
		_, err := Load(path, nil)
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil {
			return ""
		}
		return err.Error()
	case <-time.After(60 * time.Second):
		t.Fatalf("Load(%s) has not returned after 60 s", path)
		return ""
	}
}

func TestConfigShapeLimits(t *testing.T) {
	var wide, deep strings.Builder
	wide.WriteString(validYAML + "extra:\n")
	for i := range MaxKeys + 1 {
		fmt.Fprintf(&wide, "  k%d: 1\n", i)
	}
	deep.WriteString(validYAML + "extra:\n")
	for i := range MaxDepth + 5 {
		fmt.Fprintf(&deep, "%sk%d:\n", strings.Repeat(" ", i+1), i)
	}
	deep.WriteString(strings.Repeat(" ", MaxDepth+6) + "v: 1\n")
	flow := validYAML + "extra: " + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + "\n"
	big := validYAML + "# " + strings.Repeat("x", MaxFileBytes) + "\n"
	for _, c := range []struct{ name, body, want string }{
		{"a mapping of too many keys", wide.String(), "config.yaml:18:3: this mapping has 1001 keys, more than the limit of 1000"},
		{"a mapping at the limit", strings.Replace(wide.String(), "  k1000: 1\n", "", 1), `config.yaml: extra: unknown key "extra" (known here: site, release, output, exports, assets, base_url, languages, strict, data, labels, vocabularies, interface, dashboards, limits)`},
		{"nested too deep", deep.String(), "config.yaml:48:32: nested more than 32 levels deep; a config file needs a few levels"},
		{"flow nesting", flow, "config.yaml:17: the file is not valid YAML: exceeded max depth of 10000"},
		{"too large", big, "config.yaml: the file is 1 MB, more than the limit of 1 MB; a config file holds settings and labels, not data; move long lists into the CSV files"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			p := filepath.Join(dir, "config.yaml")
			if err := os.WriteFile(p, []byte(c.body), 0o644); err != nil {
				t.Fatal(err)
			}
			got := strings.ReplaceAll(loadErr(t, p), filepath.ToSlash(dir)+"/", "")
			if got != c.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, c.want)
			}
		})
	}
}
