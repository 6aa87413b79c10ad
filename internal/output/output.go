// Package output is the only package that writes to disk. It writes a whole
// site atomically: the files go into a temporary folder beside the output
// folder, which is then swapped into place, so a failed build leaves the
// previous output exactly as it was and no temporary files behind.
package output

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
)

// File is one generated file: a slash-separated path inside the output
// folder and its bytes.
type File struct {
	Path string
	Data []byte
}

// Manifest lists the inputs and outputs of a build with their hashes, so a
// reader can tell what a site was built from.
type Manifest struct {
	Tool    string            `json:"tool"`
	ECharts string            `json:"echarts"`
	Inputs  map[string]string `json:"inputs"`
	Outputs map[string]string `json:"outputs"`
}

// NewManifest hashes inputs (path → bytes) and files into a manifest file.
func NewManifest(tool, echarts string, inputs map[string][]byte, files []File) File {
	m := Manifest{Tool: tool, ECharts: echarts, Inputs: map[string]string{}, Outputs: map[string]string{}}
	for p, b := range inputs {
		m.Inputs[p] = hash(b)
	}
	// Tens of megabytes of pages: hashed on every core.
	sums := make([]string, len(files))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				sums[i] = hash(files[i].Data)
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, f := range files {
		m.Outputs[f.Path] = sums[i]
	}
	b, _ := json.MarshalIndent(m, "", "  ") // maps marshal in key order: deterministic
	return File{Path: "manifest.json", Data: append(b, '\n')}
}

func hash(b []byte) string {
	s := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(s[:])
}

// Write replaces the folder dir with exactly files. It returns the number
// of bytes written.
func Write(dir string, files []File) (int64, error) {
	if err := checkPaths(files); err != nil {
		return 0, err
	}
	dir = filepath.Clean(dir)
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return 0, fmt.Errorf("cannot create the folder %s: %w", parent, err)
	}
	if info, err := os.Lstat(dir); err == nil && !info.IsDir() {
		return 0, fmt.Errorf("the output %s exists and is not a folder; remove it or choose another output", dir)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".tmp-")
	if err != nil {
		return 0, fmt.Errorf("cannot create a temporary folder beside %s: %w", dir, err)
	}
	ok := false
	defer func() {
		if !ok {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return 0, err
	}
	var total int64
	sorted := append([]File(nil), files...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Path < sorted[j].Path })
	for _, f := range sorted {
		p := filepath.Join(tmp, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return 0, fmt.Errorf("cannot write %s: %w", f.Path, err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			return 0, fmt.Errorf("cannot write %s: %w", f.Path, err)
		}
		total += int64(len(f.Data))
	}
	// Swap: move the old output aside, move the new one in, then delete
	// the old. If the second rename fails, the old output is put back.
	old := ""
	if _, err := os.Lstat(dir); err == nil {
		old = tmp + ".old"
		if err := os.Rename(dir, old); err != nil {
			return 0, fmt.Errorf("cannot replace %s: %w", dir, err)
		}
	}
	if err := os.Rename(tmp, dir); err != nil {
		if old != "" {
			_ = os.Rename(old, dir)
		}
		return 0, fmt.Errorf("cannot move the new site into %s: %w", dir, err)
	}
	ok = true
	if old != "" {
		if err := os.RemoveAll(old); err != nil {
			return total, fmt.Errorf("the site is written, but the previous output could not be removed from %s: %w", old, err)
		}
	}
	return total, nil
}

// checkPaths refuses paths that would leave the output folder or collide.
func checkPaths(files []File) error {
	seen := map[string]bool{}
	for _, f := range files {
		clean := path.Clean(f.Path)
		if f.Path == "" || clean != f.Path || path.IsAbs(f.Path) || clean == "." || strings.HasPrefix(clean, "../") || clean == ".." || strings.Contains(f.Path, "\\") {
			return fmt.Errorf("refusing to write %q: not a clean relative path", f.Path)
		}
		if seen[clean] {
			return fmt.Errorf("two generated files have the path %q", clean)
		}
		seen[clean] = true
	}
	return nil
}

// Read returns every file under dir as Files, for comparisons in tests and
// for tools that check a built site.
func Read(dir string) ([]File, error) {
	var files []File
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files = append(files, File{Path: filepath.ToSlash(rel), Data: b})
		return nil
	})
	return files, err
}
