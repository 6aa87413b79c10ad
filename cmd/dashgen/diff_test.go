package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
)

// replaceIn rewrites one file of a project, failing when old is not in it.
func replaceIn(t *testing.T, file, old, new string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s has no %q", file, old)
	}
	if err := os.WriteFile(file, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// diffJSON is what diff --format json prints.
type diffJSON struct {
	Old, New struct {
		Version, Date, Path string
		Problems            *int
	}
	Counts      struct{ Added, Removed, Changed int }
	Unexplained int
	Changes     []struct {
		Table, File, ID, Kind string
		Fields                []struct{ Name, Old, New string }
		Explained             bool
	}
}

// TestDiffAndPrevious is issue 20's scenario: release 1.0.0 is built;
// one figure of a copy of the project changes and the release becomes
// 1.0.1. Without a log entry, diff lists the change as not logged, build
// --previous warns about it, and --strict fails and writes nothing; with
// the entry, diff lists exactly that change as logged and the build is
// clean even with --strict.
func TestDiffAndPrevious(t *testing.T) {
	t.Parallel()
	exe := binary(t)
	tmp := t.TempDir()
	out1 := filepath.Join(tmp, "out1")
	if r := run(t, exe, project(t), "build", "--out", out1); r.code != 0 {
		t.Fatalf("build 1.0.0: exit %d\n%s", r.code, r.stderr)
	}
	dir := project(t)
	replaceIn(t, filepath.Join(dir, "data", "casualties.csv"), "\nstatement-killed,khojaly-1992,killed,all,,,613,", "\nstatement-killed,khojaly-1992,killed,all,,,614,")
	replaceIn(t, filepath.Join(dir, "config.yaml"), "version: 1.0.0", "version: 1.0.1")
	replaceIn(t, filepath.Join(dir, "config.yaml"), "date: 2026-11-29", "date: 2026-12-01")
	old := filepath.ToSlash(out1)
	diffText := func() string {
		t.Helper()
		r := run(t, exe, dir, "diff", out1)
		if r.code != 0 || r.stderr != "" {
			t.Fatalf("diff: exit %d\n%s", r.code, r.stderr)
		}
		return strings.ReplaceAll(r.stdout, old, "OUT1")
	}
	diffDoc := func() diffJSON {
		t.Helper()
		r := run(t, exe, dir, "diff", out1+"/datapackage.json", "--format", "json")
		if r.code != 0 || r.stderr != "" {
			t.Fatalf("diff --format json: exit %d\n%s", r.code, r.stderr)
		}
		var d diffJSON
		if err := json.Unmarshal([]byte(r.stdout), &d); err != nil {
			t.Fatalf("diff --format json: %v\n%s", err, r.stdout)
		}
		return d
	}
	checkDoc := func(d diffJSON, explained bool) {
		t.Helper()
		if d.Old.Version != "1.0.0" || d.Old.Date != "2026-11-29" || d.Old.Path != old+"/datapackage.json" || d.Old.Problems == nil || *d.Old.Problems != 0 ||
			d.New.Version != "1.0.1" || d.New.Date != "2026-12-01" || d.New.Path != "config.yaml" {
			t.Errorf("releases %+v → %+v", d.Old, d.New)
		}
		if len(d.Changes) != 1 || d.Counts.Changed != 1 || d.Counts.Added != 0 || d.Counts.Removed != 0 {
			t.Fatalf("changes %+v, counts %+v; want exactly one", d.Changes, d.Counts)
		}
		c := d.Changes[0]
		if c.Table != "figures" || c.File != "casualties.csv" || c.ID != "statement-killed" || c.Kind != "changed" ||
			len(c.Fields) != 1 || c.Fields[0].Name != "value" || c.Fields[0].Old != "613" || c.Fields[0].New != "614" || c.Explained != explained {
			t.Errorf("change %+v", c)
		}
		if want := map[bool]int{false: 1, true: 0}[explained]; d.Unexplained != want {
			t.Errorf("unexplained %d, want %d", d.Unexplained, want)
		}
	}

	// Not logged.
	want := "release 1.0.0 (OUT1/datapackage.json) → release 1.0.1 (config.yaml)\n\n" +
		"changed  figure statement-killed (casualties.csv): value 613 → 614  [not logged]\n\n" +
		"1 changed, 0 added, 0 removed; 1 change not logged: no entry of release 1.0.1 in data/corrections.csv explains it\n"
	if got := diffText(); got != want {
		t.Errorf("diff:\n%s\nwant:\n%s", got, want)
	}
	checkDoc(diffDoc(), false)
	warning := "data/casualties.csv:2:44: warning: figure \"statement-killed\" changed since release 1.0.0 (value 613 → 614), and data/corrections.csv has no entry of release 1.0.1 for it; log it there: 1.0.1,2026-12-01,statement-killed,corrected,REASON,SOURCE\n"
	outA := filepath.Join(tmp, "a")
	r := run(t, exe, dir, "build", "--previous", out1, "--out", outA)
	if r.code != 0 || r.stderr != warning {
		t.Errorf("build --previous: exit %d, stderr\n%s\nwant\n%s", r.code, r.stderr, warning)
	}
	if _, err := os.Stat(filepath.Join(outA, "datapackage.json")); err != nil {
		t.Errorf("build --previous with a warning wrote no output: %v", err)
	}
	outB := filepath.Join(tmp, "b")
	r = run(t, exe, dir, "build", "--previous", out1, "--strict", "--out", outB)
	wantErr := strings.Replace(warning, "warning: ", "", 1) + "dashgen: 1 error; nothing was written\n"
	if r.code != 1 || r.stderr != wantErr || r.stdout != "" {
		t.Errorf("build --previous --strict: exit %d, stderr\n%s\nwant exit 1 and\n%s", r.code, r.stderr, wantErr)
	}
	if _, err := os.Stat(outB); !os.IsNotExist(err) {
		t.Errorf("build --previous --strict wrote %s: %v", outB, err)
	}

	// Logged as 1.0.1.
	log := "version,date,ids,change,reason,source\n" +
		"1.0.1,2026-12-01,statement-killed,corrected,The statement was read again: 614,statement-2016\n"
	if err := os.WriteFile(filepath.Join(dir, "data", "corrections.csv"), []byte(log), 0o644); err != nil {
		t.Fatal(err)
	}
	want = "release 1.0.0 (OUT1/datapackage.json) → release 1.0.1 (config.yaml)\n\n" +
		"changed  figure statement-killed (casualties.csv): value 613 → 614\n\n" +
		"1 changed, 0 added, 0 removed\n"
	if got := diffText(); got != want {
		t.Errorf("diff:\n%s\nwant:\n%s", got, want)
	}
	checkDoc(diffDoc(), true)
	outC := filepath.Join(tmp, "c")
	if r := run(t, exe, dir, "build", "--previous", out1, "--strict", "--out", outC); r.code != 0 || r.stderr != "" {
		t.Errorf("build --previous --strict with the change logged: exit %d\n%s", r.code, r.stderr)
	}
	// The new release compared with itself: nothing changed.
	r = run(t, exe, dir, "diff", outC)
	if want := "release 1.0.1 (" + filepath.ToSlash(outC) + "/datapackage.json) → release 1.0.1 (config.yaml)\nno changes since release 1.0.1\n"; r.code != 0 || r.stdout != want {
		t.Errorf("diff with its own build: exit %d\n%s%s\nwant\n%s", r.code, r.stdout, r.stderr, want)
	}
	// The previous release may be the output folder the build replaces:
	// it is read before.
	if r := run(t, exe, dir, "build", "--previous", outC, "--strict", "--out", outC); r.code != 0 || r.stderr != "" {
		t.Errorf("build --previous OUT --out OUT: exit %d\n%s", r.code, r.stderr)
	}
}

// TestDiffErrors: diff with a release it cannot read, or data that fails
// its checks, exits 1 and prints the problem, and nothing on standard
// output.
func TestDiffErrors(t *testing.T) {
	t.Parallel()
	exe := binary(t)
	dir := project(t)
	if r := run(t, exe, dir, "build"); r.code != 0 {
		t.Fatalf("build: exit %d\n%s", r.code, r.stderr)
	}
	for _, tc := range []struct {
		name  string
		setup func()
		args  []string
		want  string
	}{
		{"missing", nil, []string{"diff", "published/1.0.0"},
			"published/1.0.0: does not exist; give the output folder of a previous build, or its datapackage.json\ndashgen: 1 error; nothing was compared\n"},
		{"not a release", nil, []string{"diff", "data"},
			"data: has no datapackage.json; give the output folder of a build by dashgen (every build writes one), or the datapackage.json itself\ndashgen: 1 error; nothing was compared\n"},
		{"bad data today", func() {
			replaceIn(t, filepath.Join(dir, "data", "casualties.csv"), ",613,exact,", ",61x,exact,")
		}, []string{"diff", "output"},
			"data/casualties.csv:2:"},
		{"tampered", func() {
			replaceIn(t, filepath.Join(dir, "data", "casualties.csv"), ",61x,exact,", ",613,exact,")
			replaceIn(t, filepath.Join(dir, "output", "package", "events.csv"), "7000", "7001")
		}, []string{"diff", "output", "--format", "json"},
			"output/package/events.csv: has SHA-256 sha256:"},
	} {
		if tc.setup != nil {
			tc.setup()
		}
		r := run(t, exe, dir, tc.args...)
		if r.code != 1 || r.stdout != "" || !strings.HasPrefix(r.stderr, tc.want) {
			t.Errorf("%s: exit %d, stdout %q, stderr\n%s\nwant exit 1 and\n%s", tc.name, r.code, r.stdout, r.stderr, tc.want)
		}
	}
}

// TestInterruptDiff: SIGINT while diff reads a project of 10^5 generated
// rows stops it with exit 130, one line, and nothing on standard output.
// As in TestInterruptMidBuild, a run that reached its last stage
// (comparing) before the signal was handled is tried again.
func TestInterruptDiff(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("a project of 10^5 rows")
	}
	if runtime.GOOS == "windows" {
		t.Skip("no signals to send on Windows")
	}
	exe := binary(t)
	dir := bigProject(t, exe, 100_000)
	for attempt := 1; attempt <= 3; attempt++ {
		p := startProc(t, exe, dir, "diff", "output", "--progress")
		p.waitFor(t, "the generated file being read", readingStarted(1))
		if err := p.cmd.Process.Signal(syscall.SIGINT); err != nil {
			t.Fatal(err)
		}
		code := p.wait(t, interruptDeadline)
		stdout, stderr := p.output()
		if code == 0 {
			got, last := strings.Index(stderr, "dashgen: signal received ("), strings.Index(stderr, "dashgen: comparing")
			if got >= 0 && (last < 0 || got < last) {
				t.Fatalf("the signal was handled before the comparison, yet diff finished\nstderr:\n%s", stderr)
			}
			continue
		}
		if code != 130 {
			t.Errorf("exit %d, want 130\nstderr:\n%s", code, stderr)
		}
		if got, want := withoutProgress(stderr), "dashgen: interrupted; the comparison did not finish\n"; got != want {
			t.Errorf("stderr without progress lines:\n%q\nwant %q", got, want)
		}
		if stdout != "" {
			t.Errorf("stdout: %q, want nothing", stdout)
		}
		return
	}
	t.Skip("every run finished before its signal was handled")
}
