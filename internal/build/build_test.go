package build

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
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
	loaderScript  = regexp.MustCompile(`(?s)<script>// dashgen loader.*?</script>`)
	// The policy's hashes follow those static files; internal/site's tests
	// check that they match the page.
	cspHash = regexp.MustCompile(`'sha256-[A-Za-z0-9+/=]+'`)
)

// echartsBlockStart starts the vendored ECharts, gzip, as base64.
const echartsBlockStart = `<script type="application/octet-stream" id="dashgen-echarts">`

// replaceBase64Block replaces the base64 of every block that starts with
// echartsBlockStart and holds only base64 up to </script> by a
// placeholder. It does what the regular expression
// <script type="application/octet-stream" id="dashgen-echarts">[A-Za-z0-9+/=]*</script>
// did, without running one over half a megabyte of base64 per page, which
// took a minute and a half over all the pages with -race.
func replaceBase64Block(page []byte) []byte {
	var out []byte
	for {
		i := bytes.Index(page, []byte(echartsBlockStart))
		if i < 0 {
			return append(out, page...)
		}
		body := page[i+len(echartsBlockStart):]
		j := bytes.Index(body, []byte("</script>"))
		if j < 0 || len(bytes.Trim(body[:j], "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")) > 0 {
			// Not only base64: keep it as it is.
			out = append(out, page[:i+len(echartsBlockStart)]...)
			page = body
			continue
		}
		out = append(out, page[:i]...)
		out = append(out, echartsBlockStart+"/* vendored ECharts, gzip, base64 */</script>"...)
		page = body[j+len("</script>"):]
	}
}

// TestGoldenPages compares every generated file with testdata/golden.
// Run `go test ./internal/build -update` after an intended change and
// review the diff.
func TestGoldenPages(t *testing.T) {
	res := defaultBuild(t)
	for _, f := range res.Files {
		got := f.Data
		if strings.HasSuffix(f.Path, ".html") {
			got = echartsScript.ReplaceAll(got, []byte("<script>/* vendored ECharts */</script>"))
			got = pageScript.ReplaceAll(got, []byte("<script>/* page.js */</script>"))
			got = replaceBase64Block(got)
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

// defaultBuilt is the build of the default project that TestGoldenPages
// and TestBuildIsDeterministic share: a build costs seconds under -race.
// Its files are only read.
var defaultBuilt struct {
	once sync.Once
	res  *Result
	err  error
}

// defaultBuild returns the build of the default project, built on the
// first call of the test process only.
func defaultBuild(t *testing.T) *Result {
	t.Helper()
	defaultBuilt.once.Do(func() {
		cfg, err := config.Load("../../config.yaml", nil)
		if err != nil {
			defaultBuilt.err = err
			return
		}
		defaultBuilt.res, defaultBuilt.err = Build(context.Background(), cfg)
	})
	if defaultBuilt.err != nil {
		t.Fatal(defaultBuilt.err)
	}
	return defaultBuilt.res
}

// TestBuildIsDeterministic: two builds of the same inputs give the same
// files, in the same order, byte for byte.
func TestBuildIsDeterministic(t *testing.T) {
	a := defaultBuild(t)
	b, err := Build(context.Background(), defaultConfig(t))
	if err != nil {
		t.Fatalf("the second build: %v", err)
	}
	paths := func(r *Result) []string {
		var ps []string
		for _, f := range r.Files {
			ps = append(ps, f.Path)
		}
		return ps
	}
	if pa, pb := paths(a), paths(b); !slices.Equal(pa, pb) {
		t.Fatalf("the two builds wrote different files:\n\tfirst (%d): %s\n\tsecond (%d): %s",
			len(pa), strings.Join(pa, " "), len(pb), strings.Join(pb, " "))
	}
	if len(a.Files) == 0 {
		t.Fatal("the build wrote no file")
	}
	for i := range a.Files {
		if !bytes.Equal(a.Files[i].Data, b.Files[i].Data) {
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
// it (go-echarts in charts, gocsv in internal/dataset, cobra in
// internal/cli, viper in internal/config), and the pipeline's direction
// (DESIGN.md §2): a package imports only packages of a lower stage, so
// dataset never imports aggregate, charts never imports site, and nothing
// but the command imports cli.
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
	imports := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg := fields[0]
		imports[pkg] = fields[1:]
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
	if problems := stageProblems(imports); len(problems) > 0 {
		t.Error(strings.Join(problems, "\n"))
	}
	// The check itself: a graph that breaks the direction is refused.
	for _, bad := range []struct{ pkg, imp string }{
		{"internal/dataset", "internal/aggregate"},
		{"charts", "internal/site"},
		{"internal/build", "internal/cli"},
		{"internal/diag", "internal/config"},
		{"internal/site", "internal/build"},
	} {
		g := map[string][]string{module + bad.pkg: {module + bad.imp}}
		if len(stageProblems(g)) == 0 {
			t.Errorf("stageProblems accepts %s importing %s", bad.pkg, bad.imp)
		}
	}
}

const module = "github.com/dashgen/dashgen/"

// stages are the packages of the module by stage, lowest first
// (DESIGN.md §2). A package may import packages of lower stages only; the
// leaves (diagnostics, words and formats) import only leaves. output sits
// below site because a page is an output.File; serve and export both
// reuse build and do not import each other.
var stages = map[string]int{
	"internal/diag":       0,
	"internal/i18n":       0,
	"internal/format":     0,
	"internal/testcorpus": 0,
	"internal/benchdata":  0, // generated projects for benchmarks and tests
	"internal/input":      0, // opening a user's file safely: the readers' leaf
	"internal/csvfast":    0, // the fast CSV record reader: the loader's reading machinery
	"internal/idindex":    0, // the sharded index of records by id
	"internal/arena":      0, // blocks of small values for records to point to
	"internal/release":    0, // release versions: checked and ordered by one rule for the config and the corrections log
	"internal/geo":        0, // boundary data and ISO 3166 codes: what maps draw and codes are checked against
	"internal/cite":       0, // citations as BibTeX and CSL-JSON: formats, no page or language
	"internal/config":     1,
	"internal/dataset":    2,
	"internal/aggregate":  3,
	"internal/diff":       3, // two releases' records → what changed between them
	"charts":              4,
	"internal/output":     4,
	"internal/site":       5,
	"internal/build":      6,
	"internal/serve":      7,
	"internal/export":     7,
	"internal/scaffold":   7, // the files of dashgen init
	"internal/links":      7, // dashgen links: the sources' addresses over the network; never part of a build
	"internal/cli":        8,
	"cmd/dashgen":         9,
}

// stageProblems lists the imports of the module's packages (imports, by
// importing package) that go against the direction of the pipeline, and
// the packages that have no stage.
func stageProblems(imports map[string][]string) []string {
	var problems []string
	for pkg, imps := range imports {
		name, ok := strings.CutPrefix(pkg, module)
		if !ok {
			continue
		}
		stage, ok := stages[name]
		if !ok {
			problems = append(problems, fmt.Sprintf("%s has no stage: add it to stages in internal/build/build_test.go, where DESIGN.md §2 puts it", name))
			continue
		}
		for _, imp := range imps {
			dep, ok := strings.CutPrefix(imp, module)
			if !ok {
				continue
			}
			depStage, known := stages[dep]
			switch {
			case !known:
				// Reported as the importing package of its own line.
			case stage == 0 && depStage == 0:
				// Leaves may use leaves.
			case depStage >= stage:
				problems = append(problems, fmt.Sprintf("%s (stage %d) imports %s (stage %d): a package imports only lower stages (DESIGN.md §2)", name, stage, dep, depStage))
			}
		}
	}
	sort.Strings(problems)
	return problems
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}
