package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dashgen/dashgen/internal/benchdata"
)

// interruptDeadline only guards against a hang: no test here waits on a
// time to decide anything.
const interruptDeadline = 60 * time.Second

// bigProject is the default project grown by rows generated figures in
// data/generated.csv (benchdata.ScaleProject), citing sources no chart
// filters on, with its output built once.
func bigProject(t testing.TB, exe string, rows int) string {
	t.Helper()
	dir := t.TempDir()
	if err := benchdata.ScaleProject("../..", dir, rows, "khojaly-1992", []string{"hrw-1993", "hrw-1994", "neftchi", "wikiwand-ru"}); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runTB(t, exe, dir, "build"); code != 0 {
		t.Fatalf("first build: exit %d\n%s", code, stderr)
	}
	return dir
}

// setHeadline rewrites the 613 of data/casualties.csv as value, so that
// a build that went through would change the output.
func setHeadline(t testing.TB, dir string, value int) {
	t.Helper()
	path := filepath.Join(dir, "data", "casualties.csv")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(b), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "statement-killed,") {
			f := strings.Split(l, ",")
			f[6] = fmt.Sprint(value)
			lines[i] = strings.Join(f, ",")
			if err := os.WriteFile(path, []byte(strings.Join(lines, "")), 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
	}
	t.Fatal("data/casualties.csv has no statement-killed row")
}

// progressLine reports whether line is one --progress prints.
func progressLine(line string) bool {
	for _, p := range []string{"dashgen: signal received (", "dashgen: reading ", "dashgen: running queries and building charts ", "dashgen: building charts ", "dashgen: rendering pages", "dashgen: writing ", "dashgen: exporting "} {
		if strings.HasPrefix(line, p) {
			return true
		}
	}
	return false
}

// withoutProgress is stderr without the lines of --progress.
func withoutProgress(stderr string) string {
	var keep []string
	for _, l := range strings.SplitAfter(stderr, "\n") {
		if l != "" && !progressLine(l) {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "")
}

// leftovers lists the temporary output folders left in dir.
func leftovers(t testing.TB, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".output.tmp-") || strings.HasSuffix(e.Name(), ".old") {
			names = append(names, e.Name())
		}
	}
	return names
}

// readingStarted reports whether the process has started reading the
// generated file (for the n-th time): the build is under way, with the
// large file, the queries, the rendering and the writing still to do.
func readingStarted(n int) func(stdout, stderr string) bool {
	return func(_, stderr string) bool {
		return strings.Count(stderr, "/generated.csv\n") >= n
	}
}

// TestInterruptMidBuild sends SIGINT or SIGTERM to build and validate on
// a project of 10^5 generated rows once the process says (--progress) it
// has started reading the large file. It then checks the exit code, the
// one line on stderr, that output/ is byte for byte as it was (although
// the data changed, so a build that went through would have changed it)
// and that no temporary folder is left.
//
// The signal is sent once the build is verifiably under way, but it could
// still reach its last stage before the signal is handled, on a machine
// fast enough: with --progress the process says when it handles a signal
// ("signal received"), so a run that finished is a failure only when that
// line came before the last stage's; otherwise it is tried again, and the
// test is skipped if no run was interrupted.
func TestInterruptMidBuild(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("no signals to send on Windows")
	}
	exe := binary(t)
	dir := bigProject(t, exe, 100_000)
	out := filepath.Join(dir, "output")
	value := 700
	for _, c := range []struct {
		args []string
		line string
		// last is the last stage's progress line: a signal handled before
		// it is printed must stop the command.
		last string
	}{
		{[]string{"build"}, "dashgen: interrupted; nothing was written\n", "dashgen: writing "},
		{[]string{"validate"}, "dashgen: interrupted; the check did not finish\n", "dashgen: rendering pages"},
		{[]string{"validate", "--format", "json"}, "dashgen: interrupted; the check did not finish\n", "dashgen: rendering pages"},
	} {
		for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
			t.Run(strings.Join(c.args, " ")+" "+sig.String(), func(t *testing.T) {
				for attempt := 1; attempt <= 3; attempt++ {
					value++
					setHeadline(t, dir, value)
					before := snapshot(t, out)
					p := startProc(t, exe, dir, append(c.args, "--progress")...)
					p.waitFor(t, "the generated file being read", readingStarted(1))
					if err := p.cmd.Process.Signal(sig); err != nil {
						t.Fatal(err)
					}
					code := p.wait(t, interruptDeadline)
					stdout, stderr := p.output()
					if code == 0 {
						// The process says when it handles the signal: before
						// its last stage starts, it must not finish.
						got, last := strings.Index(stderr, "dashgen: signal received ("), strings.Index(stderr, c.last)
						if got >= 0 && (last < 0 || got < last) {
							t.Fatalf("the signal was handled before the last stage, yet %s finished (exit 0)\nstderr:\n%s", c.args[0], stderr)
						}
						t.Logf("attempt %d: %s reached its last stage before the signal was handled; trying again", attempt, c.args[0])
						continue
					}
					if want := 128 + int(sig); code != want {
						t.Errorf("exit %d, want %d\nstderr:\n%s", code, want, stderr)
					}
					if got := withoutProgress(stderr); got != c.line {
						t.Errorf("stderr without progress lines:\n%q\nwant %q", got, c.line)
					}
					if stdout != "" {
						t.Errorf("stdout: %q, want nothing", stdout)
					}
					if after := snapshot(t, out); !equalTrees(before, after) {
						t.Error("output/ changed")
					}
					if left := leftovers(t, dir); len(left) > 0 {
						t.Errorf("left behind: %q", left)
					}
					return
				}
				t.Skip("every run finished before its signal was handled")
			})
		}
	}
}

// TestSecondInterruptExitsAtOnce sends two SIGINTs, one right after the
// other, to a build under way: it exits 130 with one line (the first
// signal's, or the second's if the build had not stopped yet) and leaves
// output/ as it was.
func TestSecondInterruptExitsAtOnce(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("no signals to send on Windows")
	}
	exe := binary(t)
	dir := bigProject(t, exe, 100_000)
	out := filepath.Join(dir, "output")
	setHeadline(t, dir, 777)
	before := snapshot(t, out)
	p := startProc(t, exe, dir, "build", "--progress")
	p.waitFor(t, "the generated file being read", readingStarted(1))
	for range 2 {
		if err := p.cmd.Process.Signal(syscall.SIGINT); err != nil && !strings.Contains(err.Error(), "process already finished") {
			t.Fatal(err)
		}
	}
	code := p.wait(t, interruptDeadline)
	stdout, stderr := p.output()
	if code == 0 {
		t.Skip("the build finished before the signals were handled")
	}
	if code != 130 {
		t.Errorf("exit %d, want 130\nstderr:\n%s", code, stderr)
	}
	got := withoutProgress(stderr)
	if !slices.Contains([]string{"dashgen: interrupted; nothing was written\n", "dashgen: interrupted again; stopped at once\n"}, got) {
		t.Errorf("stderr without progress lines: %q, want one interrupt line", got)
	}
	if stdout != "" {
		t.Errorf("stdout: %q", stdout)
	}
	if after := snapshot(t, out); !equalTrees(before, after) {
		t.Error("output/ changed")
	}
}

// TestServeStopsDuringRebuild interrupts serve while it rebuilds the
// project of 10^5 generated rows after a change: it stops with exit 130,
// says "stopped", and does not wait for the rebuild.
func TestServeStopsDuringRebuild(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("no signals to send on Windows")
	}
	exe := binary(t)
	dir := bigProject(t, exe, 100_000)
	p, _ := startServe(t, exe, dir, "--addr", "127.0.0.1:0", "--progress")
	setHeadline(t, dir, 800)
	p.waitFor(t, "a rebuild reading the generated file", readingStarted(2))
	if err := p.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	if code := p.wait(t, interruptDeadline); code != 130 {
		_, stderr := p.output()
		t.Errorf("exit %d after SIGINT, want 130\nstderr:\n%s", code, stderr)
	}
	stdout, stderr := p.output()
	if !strings.HasSuffix(stdout, "stopped\n") {
		t.Errorf("stdout does not end with \"stopped\":\n%s", stdout)
	}
	// Warnings of the first build may come before the progress lines.
	if strings.Contains(stderr, "interrupted") || strings.Contains(stderr, "error") {
		t.Errorf("stderr:\n%s", stderr)
	}
}
