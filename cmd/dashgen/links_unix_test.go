//go:build unix

package main

import (
	"bytes"
	"os/exec"
	"syscall"
	"testing"
	"time"
)

// Ctrl+C while links waits for a server stops it at once: exit 130, one
// line, no half report.
func TestLinksInterruptedBinary(t *testing.T) {
	t.Parallel()
	exe := binary(t)
	site := newLinkSite(t)
	dir := linksProject(t, exe,
		"example-source,Example report,,ngo,2020,"+site.URL+"/report,,,,,",
		"slow,A page that never answers,,media,,"+site.URL+"/slow,,,,,",
	)
	cmd := exec.Command(exe, "links", "--timeout", "10m")
	cmd.Dir = dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-site.arrived:
	case err := <-done:
		t.Fatalf("links ended before its request arrived: %v\n%s", err, errb.String())
	case <-time.After(interruptDeadline):
		cmd.Process.Kill()
		t.Fatal("the request to /slow never arrived")
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case <-done:
	case <-time.After(interruptDeadline):
		cmd.Process.Kill()
		t.Fatal("links did not stop after Ctrl+C")
	}
	if code := cmd.ProcessState.ExitCode(); code != 130 || out.String() != "" || errb.String() != "dashgen: interrupted; the check did not finish\n" {
		t.Errorf("exit %d, stdout %q, stderr %q; want exit 130, no report and one line", code, out.String(), errb.String())
	}
}
