//go:build unix

package input

import (
	"errors"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/dashgen/dashgen/internal/diag"
)

func TestReadFileRefusesSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	t.Run("named pipe", func(t *testing.T) {
		p := filepath.Join(dir, "pipe.csv")
		if err := syscall.Mkfifo(p, 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := readWithin(t, p, big)
		wantProblem(t, err, diag.NotRegularFile, "is a named pipe (FIFO)"+notRegularMsg)
	})
	t.Run("device through a symbolic link", func(t *testing.T) {
		p := filepath.Join(dir, "zero.csv")
		if err := os.Symlink("/dev/zero", p); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat("/dev/zero"); err != nil {
			t.Skip("no /dev/zero")
		}
		_, err := readWithin(t, p, big)
		wantProblem(t, err, diag.NotRegularFile, "is a device"+notRegularMsg)
	})
	t.Run("folder", func(t *testing.T) {
		p := filepath.Join(dir, "x.csv")
		if err := os.Mkdir(p, 0o700); err != nil {
			t.Fatal(err)
		}
		_, err := readWithin(t, p, big)
		wantProblem(t, err, diag.NotRegularFile, "is a folder, not a file")
	})
	t.Run("socket", func(t *testing.T) {
		// A short folder: socket paths are limited to about 100 bytes.
		sdir, err := os.MkdirTemp("", "sock")
		if err != nil {
			t.Fatal(err)
		}
		defer os.RemoveAll(sdir)
		p := filepath.Join(sdir, "s.csv")
		ln, err := net.Listen("unix", p)
		if err != nil {
			t.Skip("no unix sockets:", err)
		}
		defer ln.Close()
		_, err = readWithin(t, p, big)
		wantProblem(t, err, diag.NotRegularFile, "is a socket"+notRegularMsg)
	})
	t.Run("missing", func(t *testing.T) {
		_, err := readWithin(t, filepath.Join(dir, "none.csv"), big)
		if !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("error %v, want one that is fs.ErrNotExist", err)
		}
	})
}
