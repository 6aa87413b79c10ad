package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/dashgen/dashgen/internal/benchdata"
)

// TestMain builds dashgen once for the whole test binary (see binary) and
// stops the shared browsers (see sharedBrowser) after the last test.
func TestMain(m *testing.M) {
	flag.Parse()
	defaultParallel()
	code := m.Run()
	stopBrowsers()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// defaultParallel sets how many tests of this package run at once, when
// go test's -parallel does not: twice GOMAXPROCS, at most 4 (never fewer
// than GOMAXPROCS). The parallel tests here mostly wait for another
// process (the dashgen binary, a tab of the shared Chromium), so go test's
// default of GOMAXPROCS leaves the cores idle; 4 tabs at once is what a
// small machine's browser takes without starving itself.
func defaultParallel() {
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "test.parallel" })
	if set {
		return
	}
	n := runtime.GOMAXPROCS(0)
	flag.Set("test.parallel", strconv.Itoa(max(n, min(4, 2*n))))
}

// built is the dashgen binary of this test process: built once, on first
// use, into a folder TestMain removes.
var built struct {
	once sync.Once
	dir  string
	exe  string
	err  error
}

// binary returns the path of a dashgen built from this package, building it
// on the first call of the test process only.
func binary(t *testing.T) string {
	t.Helper()
	exe, err := buildDashgen()
	if err != nil {
		t.Fatal(err)
	}
	return exe
}

// buildDashgen builds dashgen once per test process; binary and the
// benchmarks call it.
func buildDashgen() (string, error) {
	built.once.Do(func() {
		dir, err := os.MkdirTemp("", "dashgen-test-bin-")
		if err != nil {
			built.err = err
			return
		}
		built.dir = dir
		exe := filepath.Join(dir, "dashgen")
		if runtime.GOOS == "windows" {
			exe += ".exe"
		}
		cmd := exec.Command("go", "build", "-o", exe, ".")
		if out, err := cmd.CombinedOutput(); err != nil {
			built.err = fmt.Errorf("go build: %v\n%s", err, out)
			return
		}
		built.exe = exe
	})
	return built.exe, built.err
}

// project copies the default project (config.yaml and data/) to a temp
// folder, so tests can break it without touching the repository.
func project(t *testing.T) string {
	t.Helper()
	return copyProject(t)
}

// copyProject is project for a test or a benchmark.
func copyProject(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	if err := benchdata.CopyProject("../..", dir); err != nil {
		t.Fatal(err)
	}
	return dir
}

func copyFile(t testing.TB, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

type result struct {
	code           int
	stdout, stderr string
}

func run(t *testing.T, exe, dir string, args ...string) result {
	t.Helper()
	code, stdout, stderr := runTB(t, exe, dir, args...)
	return result{code, stdout, stderr}
}

// runTB is run for a test or a benchmark.
func runTB(t testing.TB, exe, dir string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	cmd := exec.Command(exe, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "DASHGEN_CONFIG=", "DASHGEN_OUTPUT=", "DASHGEN_SITE_TITLE=")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, out.String(), errb.String()
}

// snapshot reads every file under dir, by relative path.
func snapshot(t testing.TB, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		if !d.IsDir() {
			b, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			files[rel] = string(b)
		}
		return nil
	})
	return files
}

func TestEndToEnd(t *testing.T) {
	t.Parallel()
	exe := binary(t)
	dir := project(t)
	out := filepath.Join(dir, "output")

	r := run(t, exe, dir, "build")
	if r.code != 0 {
		t.Fatalf("build: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stdout, "built 4 dashboards") {
		t.Errorf("summary line: %q", r.stdout)
	}
	first := snapshot(t, out)
	for _, page := range []string{"index.html", "overview.html", "sources-compared.html", "families-and-children.html", "recognitions.html", "sources.html", "manifest.json"} {
		if _, ok := first[page]; !ok {
			t.Errorf("missing %s", page)
		}
	}
	// The 2016 statement's figures, exactly, in the pages' text or data.
	overview := first["overview.html"]
	for _, want := range []string{">613<", ">1,275<", ">487<", ">150<", `"106 · 17% of 613`, `"76 · 16% of 487`, "of 7,000 inhabitants"} {
		if !strings.Contains(strings.ReplaceAll(overview, `\n`, " · "), want) {
			t.Errorf("overview.html lacks %q", want)
		}
	}
	compared := first["sources-compared.html"]
	for _, want := range []string{`"at least 161"`, `"about 800"`, `"more than 200"`, `"500–1,000"`, `"485"`, `"613"`} {
		if !strings.Contains(compared, want) {
			t.Errorf("sources-compared.html lacks %s", want)
		}
	}
	if !strings.Contains(first["recognitions.html"], `"more than 10"`) || !strings.Contains(first["recognitions.html"], "without a date are not on this timeline") {
		t.Errorf("recognitions.html lacks the claim or the undated note")
	}

	// A rebuild is byte-identical.
	if r := run(t, exe, dir, "build"); r.code != 0 {
		t.Fatalf("rebuild: exit %d %s", r.code, r.stderr)
	}
	second := snapshot(t, out)
	if len(first) != len(second) {
		t.Fatalf("rebuild wrote %d files, first build %d", len(second), len(first))
	}
	for p, b := range first {
		if second[p] != b {
			t.Errorf("rebuild changed %s", p)
		}
	}

	// Bad data: exit 1, file:line:column on stderr, output untouched, no
	// temporary folder left beside it.
	casualties := filepath.Join(dir, "data", "casualties.csv")
	orig, _ := os.ReadFile(casualties)
	bad := strings.Replace(string(orig), ",613,exact,", ",6x,exact,", 1)
	os.WriteFile(casualties, []byte(bad), 0o644)
	r = run(t, exe, dir, "build")
	if r.code != 1 {
		t.Fatalf("bad data: exit %d, want 1\n%s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, `data/casualties.csv:2:44: column "value": "6x" is not a whole number`) {
		t.Errorf("bad data message: %s", r.stderr)
	}
	after := snapshot(t, out)
	for p, b := range first {
		if after[p] != b {
			t.Errorf("failed build changed %s", p)
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".output") {
			t.Errorf("temporary folder left behind: %s", e.Name())
		}
	}

	// validate: checks only, writes nothing.
	os.WriteFile(casualties, orig, 0o644)
	os.RemoveAll(out)
	if r := run(t, exe, dir, "validate"); r.code != 0 || !strings.Contains(r.stdout, "nothing written") {
		t.Fatalf("validate: exit %d %s %s", r.code, r.stdout, r.stderr)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("validate wrote the output folder")
	}

	// Usage errors exit 2; --out and DASHGEN_ variables override config.
	if r := run(t, exe, dir, "build", "--nope"); r.code != 2 {
		t.Errorf("unknown flag: exit %d, want 2", r.code)
	}
	if r := run(t, exe, dir, "frobnicate"); r.code != 2 {
		t.Errorf("unknown command: exit %d, want 2 (%s)", r.code, r.stderr)
	}
	if r := run(t, exe, dir, "build", "--out", "site", "--title", "Other title"); r.code != 0 {
		t.Fatalf("--out: exit %d %s", r.code, r.stderr)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "site", "index.html")); err != nil || !strings.Contains(string(b), "<title>Other title</title>") {
		t.Errorf("--out/--title not applied: %v", err)
	}
	cmd := exec.Command(exe, "build")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "DASHGEN_OUTPUT=envsite")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("DASHGEN_OUTPUT: %v %s", err, b)
	}
	if _, err := os.Stat(filepath.Join(dir, "envsite", "index.html")); err != nil {
		t.Errorf("DASHGEN_OUTPUT not applied: %v", err)
	}
	// Refuses to clobber the project or the data.
	if r := run(t, exe, dir, "build", "--out", "."); r.code != 1 || !strings.Contains(r.stderr, "output") {
		t.Errorf("--out . : exit %d %s", r.code, r.stderr)
	}
	if r := run(t, exe, dir, "build", "--out", "data"); r.code != 1 {
		t.Errorf("--out data: exit %d", r.code)
	}
	if _, err := os.Stat(filepath.Join(dir, "data", "casualties.csv")); err != nil {
		t.Fatalf("data was clobbered: %v", err)
	}
}
