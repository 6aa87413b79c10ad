//go:build unix

package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
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

	cmd := exec.Command(exe, "init", "p")
	cmd.Dir = locked
	cmd.Env = []string{"PATH=/usr/bin:/bin", "HOME=" + base}
	if os.Geteuid() == 0 {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
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
