// Package output is the only package that writes to disk. It writes a whole
// site atomically: the files go into a temporary folder beside the output
// folder, which is then swapped into place, so a failed build leaves the
// previous output exactly as it was and no temporary files behind. It
// replaces only a folder that is absent, empty or a site dashgen built
// (guard.go), one build at a time (a lock beside the output folder).
package output

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
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
	Tool    string `json:"tool"`
	ECharts string `json:"echarts"`
	// Release is the data release the project states; absent when none.
	Release *Release          `json:"release,omitempty"`
	Inputs  map[string]string `json:"inputs"`
	Outputs map[string]string `json:"outputs"`
}

// Release is a release of the project's data, as the manifest states it.
type Release struct {
	Version string `json:"version"`
	Date    string `json:"date"`
}

// NewManifest hashes inputs (path → bytes) and files into a manifest file,
// with the data release rel (nil: the project states none).
func NewManifest(tool, echarts string, rel *Release, inputs map[string][]byte, files []File) File {
	m := Manifest{Tool: tool, ECharts: echarts, Release: rel, Inputs: map[string]string{}, Outputs: map[string]string{}}
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

// Written is what Write did.
type Written struct {
	Bytes int64 // the bytes of the files written
	// Warnings are problems that did not stop the write, once the new
	// site was in place: something left over that could not be removed.
	Warnings []string
}

// BusyError says another dashgen process is writing the same output.
type BusyError struct {
	Dir string
	PID int // 0 when unknown
}

func (e *BusyError) Error() string {
	who := "another dashgen"
	if e.PID > 0 {
		who = fmt.Sprintf("another dashgen (process %d)", e.PID)
	}
	return fmt.Sprintf("%s is writing the output %q now; wait until it is done, then build again", who, e.Dir)
}

var errBusy = errors.New("locked by another process")

// removeAll removes a folder; tests replace it to make a removal fail,
// which no permission can do for root.
var removeAll = os.RemoveAll

// The temporary folder of a build is .<output>.tmp-<random>, beside the
// output folder. Its first file is the marker, which tells a later build
// that the folder is dashgen's own, left by a build that stopped; the
// site is written into its site/ folder, and at the swap the previous
// output moves into its old/ folder.
const (
	markerName = ".dashgen-temporary"
	markerText = "This folder is a dashgen build in progress, or one that stopped before it finished; the next build of the same output removes it.\n"
)

func tmpPrefix(base string) string { return "." + base + ".tmp-" }

// Write replaces the folder dir with exactly files, atomically: the files
// are written beside it, then swapped in with two renames. It refuses,
// as a *RefusedError, a dir that is not absent, empty or a site dashgen
// built, and the places checkPlace protects; the caller checks the
// project's own folders first with Check. Only one Write at a time may
// write dir: another gets a *BusyError. Temporary folders of earlier
// builds are removed first. When ctx ends before the swap,
// Write removes what it wrote, leaves dir as it was and returns ctx.Err().
func Write(ctx context.Context, dir string, files []File) (Written, error) {
	return write(ctx, dir, files, checkOwned)
}

// write is Write, with owned saying whether the folder in place may be
// replaced.
func write(ctx context.Context, dir string, files []File, owned func(string) error) (Written, error) {
	var w Written
	if err := ctx.Err(); err != nil {
		return w, err
	}
	if err := checkPaths(files); err != nil {
		return w, err
	}
	shown := filepath.Clean(dir)
	dir, err := outputPath(dir)
	if err != nil {
		return w, fmt.Errorf("cannot find the output %s: %w", shown, err)
	}
	if err := checkPlace(dir); err != nil {
		return w, shownAs(shown, err)
	}
	parent, base := filepath.Dir(dir), filepath.Base(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return w, fmt.Errorf("cannot create the folder %s: %w", parent, err)
	}
	unlock, err := lockOutput(parent, base, shown)
	if err != nil {
		return w, err
	}
	defer unlock()
	w.Warnings = removeStale(parent, base, dir)
	if err := owned(dir); err != nil {
		return w, shownAs(shown, err)
	}
	if err := ctx.Err(); err != nil {
		return w, err
	}
	tmp, err := os.MkdirTemp(parent, tmpPrefix(base))
	if err != nil {
		return w, fmt.Errorf("cannot create a temporary folder beside %s: %w", dir, err)
	}
	swapped := false
	defer func() {
		if !swapped {
			_ = removeAll(tmp)
		}
	}()
	if err := os.WriteFile(filepath.Join(tmp, markerName), []byte(markerText), 0o644); err != nil {
		return w, fmt.Errorf("cannot write into the temporary folder %s: %w", tmp, err)
	}
	site := filepath.Join(tmp, "site")
	if err := os.Mkdir(site, 0o755); err != nil {
		return w, fmt.Errorf("cannot write into the temporary folder %s: %w", tmp, err)
	}
	sorted := append([]File(nil), files...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Path < sorted[j].Path })
	for _, f := range sorted {
		if err := ctx.Err(); err != nil {
			return Written{}, err
		}
		p := filepath.Join(site, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return Written{}, fmt.Errorf("cannot write %s: %w", f.Path, err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			return Written{}, fmt.Errorf("cannot write %s: %w", f.Path, err)
		}
		w.Bytes += int64(len(f.Data))
	}
	if err := ctx.Err(); err != nil {
		return Written{}, err
	}
	// Swap: move the old output aside into the temporary folder, move the
	// new one in. If the second rename fails, the old output is put back.
	old := ""
	if _, err := os.Lstat(dir); err == nil {
		old = filepath.Join(tmp, "old")
		if err := os.Rename(dir, old); err != nil {
			return Written{}, fmt.Errorf("cannot replace %s: %w", dir, err)
		}
	}
	if err := os.Rename(site, dir); err != nil {
		if old != "" {
			if err2 := os.Rename(old, dir); err2 != nil {
				swapped = true // keep tmp: it holds the previous output
				return Written{}, fmt.Errorf("cannot move the new site into %s: %w; the previous output is in %s", dir, err, old)
			}
		}
		return Written{}, fmt.Errorf("cannot move the new site into %s: %w", dir, err)
	}
	swapped = true
	// The previous output goes first and the marker last, so a folder
	// that could not be removed whole still carries the marker.
	if old != "" {
		if err := removeAll(old); err != nil {
			w.Warnings = append(w.Warnings, fmt.Sprintf("the new site is in %s, but the previous output could not be removed from %s: %v; the next build removes it, or delete it yourself", shown, old, unwrapPath(err)))
			return w, nil
		}
	}
	if err := removeAll(tmp); err != nil {
		w.Warnings = append(w.Warnings, fmt.Sprintf("the new site is in %s, but the temporary folder %s could not be removed: %v; the next build removes it, or delete it yourself", shown, tmp, unwrapPath(err)))
	}
	return w, nil
}

// isTemp reports whether p is a temporary folder of a dashgen build: a
// folder (not a link) whose marker file holds exactly the marker text.
func isTemp(p string) bool {
	info, err := os.Lstat(p)
	if err != nil || !info.IsDir() {
		return false
	}
	m, err := os.Lstat(filepath.Join(p, markerName))
	if err != nil || !m.Mode().IsRegular() || m.Size() != int64(len(markerText)) {
		return false
	}
	b, err := os.ReadFile(filepath.Join(p, markerName))
	return err == nil && string(b) == markerText
}

// barelyStarted reports whether p is a temporary folder of a build that
// stopped before its marker was written whole: empty, or holding only a
// start of the marker. Removing it loses nothing.
func barelyStarted(p string) bool {
	entries, err := os.ReadDir(p)
	if err != nil || len(entries) > 1 {
		return false
	}
	if len(entries) == 0 {
		return true
	}
	m, err := os.Lstat(filepath.Join(p, markerName))
	if err != nil || !m.Mode().IsRegular() || m.Size() >= int64(len(markerText)) {
		return false
	}
	b, err := os.ReadFile(filepath.Join(p, markerName))
	return err == nil && strings.HasPrefix(markerText, string(b))
}

// removeStale removes the temporary folders that earlier builds of dir
// left when they stopped; the caller holds dir's lock, so no build is
// using them. Only folders with dashgen's marker are touched. A build
// stopped between its two renames left no output and the previous one in
// its old/ folder: that output is put back first.
func removeStale(parent, base, dir string) []string {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return nil
	}
	var warnings []string
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), tmpPrefix(base)) || !e.IsDir() {
			continue
		}
		p := filepath.Join(parent, e.Name())
		if barelyStarted(p) {
			// Stopped before its marker was whole: nothing else in it.
			if err := removeAll(p); err != nil {
				warnings = append(warnings, fmt.Sprintf("could not remove %s, left by an earlier build: %v; delete it yourself", p, unwrapPath(err)))
			}
			continue
		}
		if !isTemp(p) {
			// Versions before the marker left a whole site here (a build
			// stopped before its swap, or the previous output after it):
			// dashgen's by its manifest.
			if mine, _ := isManifest(filepath.Join(p, manifestName)); mine {
				if err := removeAll(p); err != nil {
					warnings = append(warnings, fmt.Sprintf("could not remove %s, left by an earlier build: %v; delete it yourself", p, unwrapPath(err)))
				}
			}
			continue
		}
		old := filepath.Join(p, "old")
		if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
			if info, err := os.Lstat(old); err == nil && info.IsDir() {
				_ = os.Rename(old, dir)
			}
		}
		err := removeAll(old)
		if err == nil {
			err = removeAll(p)
		}
		if err != nil {
			warnings = append(warnings, fmt.Sprintf("could not remove %s, left by an earlier build: %v; delete it yourself", p, unwrapPath(err)))
		}
	}
	return warnings
}

// lockOutput takes the lock of the output dir: the file
// .<base>.dashgen-lock beside it, holding the process id, locked while
// the build writes and removed after. The lock is the kernel's, so it
// ends with the process however it ends. A file of that name that holds
// anything else is not dashgen's, and is left alone.
func lockOutput(parent, base, dir string) (unlock func(), err error) {
	p := filepath.Join(parent, "."+base+".dashgen-lock")
	for range 100 {
		f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, fmt.Errorf("cannot create the lock file %s: %w", p, err)
		}
		if err := tryLock(f); err != nil {
			f.Close()
			if errors.Is(err, errBusy) {
				return nil, &BusyError{Dir: dir, PID: readPID(p)}
			}
			return nil, fmt.Errorf("cannot lock %s: %w", p, err)
		}
		// The file locked must still be the one at p: a build that
		// finished meanwhile removes its lock file, and another build
		// may have made a new one.
		fi, err1 := f.Stat()
		pi, err2 := os.Lstat(p)
		if err1 != nil || err2 != nil || !os.SameFile(fi, pi) {
			f.Close()
			continue
		}
		if pi.Size() > 0 && readPID(p) == 0 {
			f.Close()
			return nil, fmt.Errorf("cannot lock the output %q: %s is not a lock file of dashgen; move it away", dir, p)
		}
		_ = f.Truncate(0)
		_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
		return func() {
			if runtime.GOOS == "windows" {
				f.Close()
				_ = os.Remove(p)
				return
			}
			// Removed while still locked, so no one locks a file that is
			// about to go.
			_ = os.Remove(p)
			f.Close()
		}, nil
	}
	return nil, fmt.Errorf("cannot lock %s: it keeps being replaced", p)
}

func readPID(p string) int {
	b, err := os.ReadFile(p)
	if err != nil || len(b) > 32 {
		return 0
	}
	n, err := strconv.Atoi(strings.TrimSuffix(string(b), "\n"))
	if err != nil || n <= 0 {
		return 0
	}
	return n
}
