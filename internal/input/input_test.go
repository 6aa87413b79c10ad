package input

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/dashgen/dashgen/internal/diag"
)

var big = Limit{Bytes: 1 << 30}

// readWithin runs ReadFile and fails the test, instead of hanging it, when
// the read has not returned after a generous deadline: a regression that
// blocks on a named pipe or reads /dev/zero for ever.
func readWithin(t *testing.T, path string, limit Limit) ([]byte, error) {
	t.Helper()
	type result struct {
		b   []byte
		err error
	}
	done := make(chan result, 1)
	go func() {
		b, err := ReadFile(path, limit)
		done <- result{b, err}
	}()
	select {
	case r := <-done:
		return r.b, r.err
	case <-time.After(60 * time.Second):
		t.Fatalf("ReadFile(%s) has not returned after 60 s", path)
		return nil, nil
	}
}

func wantProblem(t *testing.T, err error, code diag.Code, msg string) {
	t.Helper()
	var p *Problem
	if !errors.As(err, &p) {
		t.Fatalf("error %v (%T), want a *Problem", err, err)
	}
	if p.Code != code || p.Msg != msg {
		t.Errorf("problem %s %q\nwant      %s %q", p.Code, p.Msg, code, msg)
	}
}

const notRegularMsg = ", not a regular file; dashgen reads only regular files (a symbolic link to one is fine)"

func TestReadFileFollowsLinksToRegularFiles(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "real.csv")
	if err := os.WriteFile(p, []byte("id\n1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.csv")
	if err := os.Symlink(p, link); err != nil {
		t.Fatal(err)
	}
	b, err := readWithin(t, link, big)
	if err != nil || string(b) != "id\n1\n" {
		t.Errorf("ReadFile through a link = %q, %v", b, err)
	}
}

func TestReadFileLimit(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f.csv")
	if err := os.WriteFile(p, bytes.Repeat([]byte("a"), 1500), 0o600); err != nil {
		t.Fatal(err)
	}
	if b, err := ReadFile(p, Limit{Bytes: 1500}); err != nil || len(b) != 1500 {
		t.Errorf("a file of exactly the limit: %d bytes, %v", len(b), err)
	}
	_, err := ReadFile(p, Limit{Bytes: 1499, Raise: "raise it"})
	wantProblem(t, err, diag.LimitExceeded, "the file is 1.5 KB, more than the limit of 1.5 KB; raise it")
	_, err = ReadFile(p, Limit{Bytes: 1000})
	wantProblem(t, err, diag.LimitExceeded, "the file is 1.5 KB, more than the limit of 1 KB")

	// Through a file system too, where the size is not trusted: the
	// reading stops at the limit.
	fsys := fstest.MapFS{"f.csv": {Data: bytes.Repeat([]byte("a"), 1500)}}
	_, err = ReadFS(fsys, "f.csv", Limit{Bytes: 1000})
	wantProblem(t, err, diag.LimitExceeded, "the file is 1.5 KB, more than the limit of 1 KB")
	if b, err := ReadFS(fsys, "f.csv", big); err != nil || len(b) != 1500 {
		t.Errorf("ReadFS = %d bytes, %v", len(b), err)
	}
}

// TestReadFileChanged changes the file between reading it and checking it
// again, as another program saving it would.
func TestReadFileChanged(t *testing.T) {
	const changed = "the file changed while dashgen read it (another program is writing it?); wait until it is saved and run dashgen again"
	for _, size := range []int{100, 2*part + 10} { // read whole, and in parts
		for name, change := range map[string]func(p string) error{
			"appended": func(p string) error {
				f, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
				if err != nil {
					return err
				}
				_, err = f.WriteString("more,rows\n")
				return errors.Join(err, f.Close())
			},
			"truncated": func(p string) error { return os.Truncate(p, 10) },
			"rewritten, same size": func(p string) error {
				// The same size, a later modification time.
				if err := os.WriteFile(p, bytes.Repeat([]byte("b"), size), 0o600); err != nil {
					return err
				}
				later := time.Now().Add(time.Hour)
				return os.Chtimes(p, later, later)
			},
		} {
			t.Run(name, func(t *testing.T) {
				p := filepath.Join(t.TempDir(), "f.csv")
				if err := os.WriteFile(p, bytes.Repeat([]byte("a"), size), 0o600); err != nil {
					t.Fatal(err)
				}
				afterRead = func() {
					if err := change(p); err != nil {
						t.Error(err)
					}
				}
				defer func() { afterRead = nil }()
				_, err := ReadFile(p, big)
				wantProblem(t, err, diag.FileChanged, changed)
			})
		}
	}
	// Unchanged, in parts: the bytes as written.
	p := filepath.Join(t.TempDir(), "f.csv")
	want := bytes.Repeat([]byte("0123456789abcdef"), (2*part+10)/16)
	if err := os.WriteFile(p, want, 0o600); err != nil {
		t.Fatal(err)
	}
	if b, err := ReadFile(p, big); err != nil || !bytes.Equal(b, want) {
		t.Errorf("large file read in parts: %d bytes, equal %v, %v", len(b), bytes.Equal(b, want), err)
	}
}

func TestSize(t *testing.T) {
	for n, want := range map[int64]string{
		0: "0 bytes", 1: "1 byte", 999: "999 bytes", 1000: "1 KB", 1500: "1.5 KB", 64_000: "64 KB",
		1_000_000: "1 MB", 5_242_880: "5.2 MB", 512_000_000: "512 MB", 24_000_000_000: "24 GB",
	} {
		if got := Size(n); got != want {
			t.Errorf("Size(%d) = %q, want %q", n, got, want)
		}
	}
	if !strings.HasSuffix(Size(1_049_999), "MB") {
		t.Errorf("Size(1049999) = %q", Size(1_049_999))
	}
}
