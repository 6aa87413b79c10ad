//go:build unix

package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// runWithin is run with a deadline: a command that blocks on a named pipe
// or reads /dev/zero for ever fails the test after 60 s instead of hanging
// it. The deadline only guards against a hang; no test depends on speed.
func runWithin(t *testing.T, exe, dir string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, exe, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "DASHGEN_CONFIG=", "DASHGEN_OUTPUT=", "DASHGEN_SITE_TITLE=")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("dashgen %s has not finished after 60 s", strings.Join(args, " "))
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return result{ee.ExitCode(), out.String(), errb.String()}
	}
	if err != nil {
		t.Fatal(err)
	}
	return result{0, out.String(), errb.String()}
}

const notRegular = ", not a regular file; dashgen reads only regular files (a symbolic link to one is fine)"

// TestInputsWithinLimits: inputs that are not regular files, or that are
// larger than any real project's, are refused at once with one clear
// message, and nothing is written.
func TestInputsWithinLimits(t *testing.T) {
	t.Parallel()
	exe := binary(t)
	replace := func(dir, name string, make func(p string) error) {
		p := filepath.Join(dir, name)
		if err := os.Remove(p); err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		if err := make(p); err != nil {
			t.Fatal(err)
		}
	}
	appendTo := func(dir, name, text string) {
		f, err := os.OpenFile(filepath.Join(dir, name), os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.WriteString(text); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}
	const row = "x%d,khojaly-1992,wounded,all,,,%s,exact,,,persons,2016,statement-2016,,,%s\n"
	for _, c := range []struct {
		name    string
		setup   func(dir string)
		want    string // standard error, exactly
		maxErr  int    // or, when want is "", its most bytes
		command string
	}{
		{name: "named pipe", setup: func(dir string) {
			replace(dir, "data/wounded.csv", func(p string) error { return syscall.Mkfifo(p, 0o600) })
		}, want: "data/wounded.csv: is a named pipe (FIFO)" + notRegular},
		{name: "named pipe, validate", command: "validate", setup: func(dir string) {
			replace(dir, "data/wounded.csv", func(p string) error { return syscall.Mkfifo(p, 0o600) })
		}, want: "data/wounded.csv: is a named pipe (FIFO)" + notRegular},
		{name: "link to /dev/zero", setup: func(dir string) {
			replace(dir, "data/wounded.csv", func(p string) error { return os.Symlink("/dev/zero", p) })
		}, want: "data/wounded.csv: is a device" + notRegular},
		{name: "folder named like the file", setup: func(dir string) {
			replace(dir, "data/wounded.csv", func(p string) error { return os.Mkdir(p, 0o755) })
		}, want: "data/wounded.csv: is a folder, not a file"},
		{name: "config is a named pipe", setup: func(dir string) {
			replace(dir, "config.yaml", func(p string) error { return syscall.Mkfifo(p, 0o600) })
		}, want: "config.yaml: is a named pipe (FIFO)" + notRegular},
		{name: "translation is a link to /dev/zero", setup: func(dir string) {
			replace(dir, "data/translations/az.yaml", func(p string) error { return os.Symlink("/dev/zero", p) })
		}, want: "data/translations/az.yaml: is a device" + notRegular},
		{name: "file over limits.file_size_mb", setup: func(dir string) {
			appendTo(dir, "config.yaml", "\nlimits:\n  file_size_mb: 1\n")
			var b strings.Builder
			for i := 0; b.Len() < 1_100_000; i++ {
				fmt.Fprintf(&b, row, i, "5", "a note long enough to make the file large in a few thousand rows")
			}
			appendTo(dir, "data/wounded.csv", b.String())
		}, want: "data/wounded.csv: the file is 1.1 MB, more than the limit of 1 MB; if the file is right, raise limits.file_size_mb in config.yaml"},
		{name: "cell over the default limit", setup: func(dir string) {
			appendTo(dir, "data/wounded.csv", fmt.Sprintf(row, 1, "5", strings.Repeat("n", 100_000)))
		}, want: `data/wounded.csv:6:71: column "note": the value is 100 KB, more than the limit of 64 KB for one cell; if it is right, raise limits.cell_size_kb in config.yaml`},
		{name: "row of too many fields", setup: func(dir string) {
			appendTo(dir, "data/wounded.csv", strings.Repeat(",", 1_000_000)+"\n")
		}, want: "data/wounded.csv:6:1: row has more than 1000 fields but the header has 16 (a comma inside a value needs the value in double quotes)"},
		{name: "config over the size limit", setup: func(dir string) {
			appendTo(dir, "config.yaml", "# "+strings.Repeat("x", 1_100_000)+"\n")
		}, want: "config.yaml: the file is 1.1 MB, more than the limit of 1 MB; a config file holds settings and labels, not data; move long lists into the CSV files"},
		{name: "config mapping of too many keys", setup: func(dir string) {
			var b strings.Builder
			b.WriteString("\nextra:\n")
			for i := range 50_000 {
				fmt.Fprintf(&b, "  k%d: 1\n", i)
			}
			appendTo(dir, "config.yaml", b.String())
		}, maxErr: 200},
		{name: "config nested 2000 deep", setup: func(dir string) {
			var b strings.Builder
			b.WriteString("\nextra:\n")
			for i := range 2000 {
				fmt.Fprintf(&b, "%sk:\n", strings.Repeat(" ", i+1))
			}
			appendTo(dir, "config.yaml", b.String())
		}, maxErr: 200},
		{name: "twenty huge bad cells", setup: func(dir string) {
			appendTo(dir, "config.yaml", "\nlimits:\n  cell_size_kb: 6000\n")
			var b strings.Builder
			big := strings.Repeat("z", 5_000_000)
			for i := range 20 {
				fmt.Fprintf(&b, row, i, big, "")
			}
			appendTo(dir, "data/wounded.csv", b.String())
		}, maxErr: 20 * 300},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := project(t)
			c.setup(dir)
			cmd := c.command
			if cmd == "" {
				cmd = "build"
			}
			r := runWithin(t, exe, dir, cmd)
			if r.code != 1 {
				t.Errorf("exit code %d, want 1\nstderr:\n%.2000s", r.code, r.stderr)
			}
			if c.want != "" {
				if want := c.want + "\ndashgen: 1 error; nothing was written\n"; r.stderr != want {
					t.Errorf("stderr:\n%.2000s\nwant:\n%s", r.stderr, want)
				}
			} else if len(r.stderr) > c.maxErr || !strings.HasSuffix(r.stderr, "; nothing was written\n") {
				t.Errorf("stderr of %d bytes (at most %d):\n%.2000s", len(r.stderr), c.maxErr, r.stderr)
			}
			if _, err := os.Stat(filepath.Join(dir, "output")); !os.IsNotExist(err) {
				t.Errorf("an output folder was written (%v)", err)
			}
		})
	}
}
