//go:build unix

package config

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func TestConfigSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "config.yaml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no named pipes:", err)
	}
	want := dir + "/config.yaml: is a named pipe (FIFO), not a regular file; dashgen reads only regular files (a symbolic link to one is fine)"
	if got := loadErr(t, fifo); got != filepath.ToSlash(want) {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	// A translation that is a device, through a link.
	p := write(t, validYAML)
	cfg, err := Load(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	tr := cfg.TranslationPath("az")
	if err := os.MkdirAll(filepath.Dir(tr), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(os.DevNull, tr); err != nil {
		t.Fatal(err)
	}
	_, err = cfg.LoadTranslation("az")
	want = filepath.ToSlash(tr) + ": is a device, not a regular file; dashgen reads only regular files (a symbolic link to one is fine)"
	if err == nil || err.Error() != want {
		t.Errorf("translation: %v\nwant: %s", err, want)
	}
}
