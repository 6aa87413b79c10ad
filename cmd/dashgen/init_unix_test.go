//go:build unix

package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestInitNoPermission: init into a folder it may not write says so, names
// the path, exits 1 and leaves nothing. Root may write anywhere, so as root
// the binary runs as the user nobody, which the folder does not admit.
func TestInitNoPermission(t *testing.T) {
	t.Parallel()
	exe := binary(t)
	// Everything nobody needs to reach (the binary, the working folder) is
	// in a folder anyone may read; the project's parent is read-only.
	base, err := os.MkdirTemp("", "dashgen-init-perm-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(filepath.Join(base, "locked"), 0o755); os.RemoveAll(base) })
	os.Chmod(base, 0o755)
	b, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	exe = filepath.Join(base, "dashgen")
	if err := os.WriteFile(exe, b, 0o755); err != nil {
		t.Fatal(err)
	}
	locked := filepath.Join(base, "locked")
	os.Mkdir(locked, 0o755)
	os.Chmod(locked, 0o555)

	var stdout, stderr bytes.Buffer
	// The copy was just written: a parallel test's fork can still hold it
	// open for writing until that child execs, and running it then fails
	// with "text file busy" (golang/go#22315). That passes; try again.
	for try := 0; ; try++ {
		cmd := exec.Command(exe, "init", "p")
		cmd.Dir = locked
		cmd.Env = []string{"PATH=/usr/bin:/bin", "HOME=" + base}
		if os.Geteuid() == 0 {
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
		}
		stdout.Reset()
		stderr.Reset()
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err = cmd.Run(); !errors.Is(err, syscall.ETXTBSY) || try == 50 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	want := "dashgen: cannot write p: permission denied; nothing was written\n"
	if code != 1 || stderr.String() != want || stdout.Len() != 0 {
		t.Errorf("exit %d, stdout %q, stderr %q; want exit 1, stderr %q", code, stdout.String(), stderr.String(), want)
	}
	if entries, _ := os.ReadDir(locked); len(entries) != 0 {
		t.Errorf("init wrote into the read-only folder: %v", entries)
	}
}
