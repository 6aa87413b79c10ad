package build

import (
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/dashgen/dashgen/internal/config"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

func defaultConfig(t testing.TB) *config.Config {
	t.Helper()
	cfg, err := config.Load("../../config.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// echartsScript, pageScript and pageStyle match the static parts inlined in
// every page (the vendored library, our page.js and page.css); goldens hold
// the pages without them, so they stay small and show only what the data
// and config made.
var (
	pageStyle     = regexp.MustCompile(`(?s)<style>.*?</style>`)
	echartsScript = regexp.MustCompile(`(?s)<script>\s*/\*\s*\n\* Licensed to the Apache Software Foundation.*?</script>`)
	pageScript    = regexp.MustCompile(`(?s)<script>// dashgen page script.*?</script>`)
	echartsBlock  = regexp.MustCompile(`<script type="application/octet-stream" id="dashgen-echarts">[A-Za-z0-9+/=]*</script>`)
	loaderScript  = regexp.MustCompile(`(?s)<script>// dashgen loader.*?</script>`)
	// The policy's hashes follow those static files; internal/site's tests
	// check that they match the page.
	cspHash = regexp.MustCompile(`'sha256-[A-Za-z0-9+/=]+'`)
)

// TestGoldenPages compares every generated file with testdata/golden.
// Run `go test ./internal/build -update` after an intended change and
// review the diff.
func TestGoldenPages(t *testing.T) {
	res, err := Build(context.Background(), defaultConfig(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Files {
		got := f.Data
		if strings.HasSuffix(f.Path, ".html") {
			got = echartsScript.ReplaceAll(got, []byte("<script>/* vendored ECharts */</script>"))
			got = pageScript.ReplaceAll(got, []byte("<script>/* page.js */</script>"))
			got = echartsBlock.ReplaceAll(got, []byte(`<script type="application/octet-stream" id="dashgen-echarts">/* vendored ECharts, gzip, base64 */</script>`))
			got = loaderScript.ReplaceAll(got, []byte("<script>/* loader.js */</script>"))
			got = pageStyle.ReplaceAll(got, []byte("<style>/* page.css */</style>"))
			got = cspHash.ReplaceAll(got, []byte("'sha256-…'"))
		}
		golden := filepath.Join("testdata", "golden", filepath.FromSlash(f.Path))
		if *update {
			os.MkdirAll(filepath.Dir(golden), 0o755)
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Errorf("%s: no golden file (run go test ./internal/build -update): %v", f.Path, err)
			continue
		}
		if string(want) != string(got) {
			t.Errorf("%s differs from %s (run go test ./internal/build -update and review the diff)", f.Path, golden)
		}
	}
}

func TestBuildIsDeterministic(t *testing.T) {
	a, err := Build(context.Background(), defaultConfig(t))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Build(context.Background(), defaultConfig(t))
	for i := range a.Files {
		if string(a.Files[i].Data) != string(b.Files[i].Data) {
			t.Errorf("%s differs between two builds", a.Files[i].Path)
		}
	}
}

// TestPieOnOverlapIsAnError: drawing overlapping groups as slices of a
// whole would mislead, so it stops the build and names the chart.
func TestPieOnOverlapIsAnError(t *testing.T) {
	cfg := defaultConfig(t)
	cfg.Dashboards[0].Charts[1].Type = "pie" // killed by group: overlap
	_, err := Build(context.Background(), cfg)
	if err == nil || !strings.Contains(err.Error(), `dashboards[0].charts[1].type: chart "killed-by-group": a pie cannot show groups that overlap`) {
		t.Fatalf("got %v", err)
	}
}

func TestQueryErrorsNameTheKey(t *testing.T) {
	cfg := defaultConfig(t)
	q := &cfg.Dashboards[0].Charts[1].Queries[0]
	q.GroupBy = "grop"
	q.Dataset = "casualties"
	_, err := Build(context.Background(), cfg)
	if err == nil || !strings.Contains(err.Error(), `dashboards[0].charts[1].query.group_by: the dataset "casualties" has no column "grop"`) {
		t.Fatalf("got %v", err)
	}
	cfg = defaultConfig(t)
	cfg.Dashboards[0].Charts[1].Queries[0].Dataset = "casualtys"
	if _, err := Build(context.Background(), cfg); err == nil || !strings.Contains(err.Error(), `query.dataset: unknown dataset "casualtys"`) {
		t.Fatalf("got %v", err)
	}
}

// TestPackageBoundaries keeps each dependency in the one package that owns
// it: go-echarts in charts, gocsv in internal/dataset, cobra in
// internal/cli, viper in internal/config.
func TestPackageBoundaries(t *testing.T) {
	owners := map[string][]string{
		"github.com/go-echarts/go-echarts": {"github.com/dashgen/dashgen/charts"},
		"github.com/gocarina/gocsv":        {"github.com/dashgen/dashgen/internal/dataset"},
		"github.com/spf13/cobra":           {"github.com/dashgen/dashgen/internal/cli"},
		"github.com/spf13/viper":           {"github.com/dashgen/dashgen/internal/config"},
	}
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Imports " "}}`, "github.com/dashgen/dashgen/...").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg := fields[0]
		for _, imp := range fields[1:] {
			for dep, allowed := range owners {
				if strings.HasPrefix(imp, dep) && !contains(allowed, pkg) {
					t.Errorf("%s imports %s; only %v may", pkg, imp, allowed)
				}
			}
			if strings.HasPrefix(imp, "os") && imp == "os" && pkg == "github.com/dashgen/dashgen/internal/site" {
				t.Errorf("internal/site must not touch the disk")
			}
		}
	}
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}
