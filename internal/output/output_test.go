package output

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteReplacesWholeFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "output")
	if _, err := Write(dir, []File{{Path: "a.html", Data: []byte("a")}, {Path: "embed/b.html", Data: []byte("b")}}); err != nil {
		t.Fatal(err)
	}
	n, err := Write(dir, []File{{Path: "c.html", Data: []byte("cc")}})
	if err != nil || n != 2 {
		t.Fatalf("second write: %d %v", n, err)
	}
	files, _ := Read(dir)
	if len(files) != 1 || files[0].Path != "c.html" {
		t.Fatalf("stale files kept: %+v", files)
	}
	entries, _ := os.ReadDir(filepath.Dir(dir))
	if len(entries) != 1 {
		t.Fatalf("temporary folders left: %v", entries)
	}
}

func TestWriteRefusesBadPathsAndKeepsOldOutput(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "output")
	if _, err := Write(dir, []File{{Path: "index.html", Data: []byte("old")}}); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"../escape.html", "/abs.html", "a/../../b", "", "a\\b", "dup.html"} {
		files := []File{{Path: bad, Data: []byte("x")}}
		if bad == "dup.html" {
			files = append(files, File{Path: "dup.html"})
		}
		if _, err := Write(dir, files); err == nil {
			t.Errorf("path %q accepted", bad)
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil || string(b) != "old" {
		t.Fatalf("old output changed: %q %v", b, err)
	}
	entries, _ := os.ReadDir(filepath.Dir(dir))
	if len(entries) != 1 {
		t.Fatalf("temporary folders left: %v", entries)
	}
}

func TestWriteFailureKeepsOldOutput(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "output")
	Write(dir, []File{{Path: "index.html", Data: []byte("old")}})
	// "a" is a file, so "a/b.html" cannot be created: the write fails
	// midway, after other files were already written to the temp folder.
	_, err := Write(dir, []File{{Path: "a", Data: []byte("x")}, {Path: "a/b.html", Data: []byte("y")}})
	if err == nil || !strings.Contains(err.Error(), "cannot write") {
		t.Fatalf("want a write error, got %v", err)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "index.html"))
	if string(b) != "old" {
		t.Fatalf("old output changed: %q", b)
	}
	entries, _ := os.ReadDir(filepath.Dir(dir))
	if len(entries) != 1 {
		t.Fatalf("temporary folders left: %v", entries)
	}
}

func TestOutputThatIsAFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "output")
	os.WriteFile(p, []byte("keep"), 0o644)
	if _, err := Write(p, []File{{Path: "a.html"}}); err == nil || !strings.Contains(err.Error(), "not a folder") {
		t.Fatalf("got %v", err)
	}
	if b, _ := os.ReadFile(p); string(b) != "keep" {
		t.Fatal("file clobbered")
	}
}
