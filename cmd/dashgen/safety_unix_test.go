//go:build unix

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// A second build of an output that another is writing fails at once and
// clearly; the output stays as it was. The test holds the lock itself, as
// a running build does.
func TestOutputLock(t *testing.T) {
	t.Parallel()
	exe := binary(t)
	dir := project(t)
	if r := run(t, exe, dir, "build"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	before := snapshot(t, filepath.Join(dir, "output"))
	f, err := os.OpenFile(filepath.Join(dir, ".output.dashgen-lock"), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(f, "%d\n", os.Getpid())
	r := run(t, exe, dir, "build", "--title", "Another title")
	want := fmt.Sprintf("dashgen: another dashgen (process %d) is writing the output \"output\" now; wait until it is done, then build again\n", os.Getpid())
	if r.code != 1 || r.stderr != want || r.stdout != "" {
		t.Fatalf("exit %d\nstderr:\n%s\nwant:\n%s", r.code, r.stderr, want)
	}
	if !equalTrees(snapshot(t, filepath.Join(dir, "output")), before) {
		t.Fatal("the output changed while another build held it")
	}
	// Once the lock is let go, the build runs, and takes its lock file away.
	syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	if r := run(t, exe, dir, "build"); r.code != 0 || r.stderr != "" {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	if got := names(t, dir); got != "config.yaml data output" {
		t.Fatalf("project folder: %s", got)
	}
}
