package output

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
)

// Exports (the PNG, SVG and PDF files of dashgen export) live in a folder
// of their own beside the output, which a build never touches. Each
// language's exports are one folder, <exports>/<lang>/, that an export
// replaces whole and atomically, like Write replaces the output; unlike the
// output, it is replaced only when every file in it is one dashgen wrote
// there: listed in its manifest.json with the same bytes. A file a person
// put there or changed is never deleted.

// ExportsGuard names the folders an exports folder must never be, hold or
// sit inside.
type ExportsGuard struct {
	Project string // the config file's folder
	Data    string // the data folder
	Output  string // the output folder, which a build replaces whole
}

const ownExports = "choose a folder of its own for the exports, such as exports"

// CheckExports reports, as a *RefusedError, why dir may not hold the
// exports of the project g describes; nil when it may. It only reads the
// disk.
func CheckExports(dir string, g ExportsGuard) error {
	abs, err := outputPath(dir)
	if err != nil {
		return &RefusedError{dir, fmt.Sprintf("cannot be checked: %v", err)}
	}
	if err := checkSystem(abs, ownExports); err != nil {
		return shownAs(dir, err)
	}
	real, err := resolve(abs)
	if err != nil {
		return &RefusedError{dir, fmt.Sprintf("cannot be checked: %v", unwrapPath(err))}
	}
	if info, err := os.Stat(abs); err == nil && !info.IsDir() {
		return &RefusedError{dir, "is a file, not a folder; " + ownExports}
	}
	named := []struct{ path, name string }{
		{g.Project, "the project folder"}, {g.Data, "the data folder"}, {g.Output, "the output folder"},
	}
	if home, err := os.UserHomeDir(); err == nil && home != "" {
		named = append(named, struct{ path, name string }{home, "the home folder"})
	}
	if wd, err := os.Getwd(); err == nil {
		named = append(named, struct{ path, name string }{wd, "the working folder"})
	}
	for _, p := range named {
		if p.path == "" {
			continue
		}
		other, err := resolve(p.path)
		if err != nil {
			continue
		}
		if within(real, other) {
			why := ownExports
			if p.name == "the output folder" {
				why = "a build replaces the output whole, so the exports need a folder beside it, such as exports"
			}
			return &RefusedError{dir, fmt.Sprintf("is %s or contains it%s; %s", p.name, through(dir, real, p.path, other), why)}
		}
		switch p.name {
		case "the output folder":
			if within(other, real) {
				return &RefusedError{dir, fmt.Sprintf("is inside the output folder%s, which a build replaces whole; choose a folder beside it, such as exports", through(dir, real, p.path, other))}
			}
		case "the data folder":
			if within(other, real) {
				return &RefusedError{dir, fmt.Sprintf("is inside the data folder%s; %s", through(dir, real, p.path, other), ownExports)}
			}
		}
	}
	return nil
}

// WriteExports replaces dir, one language's exports, with exactly files
// (which should include their manifest.json, see ExportManifest), as Write
// does: atomically, one writer at a time, leaving dir as it was when ctx
// ends or a write fails. It refuses, as a *RefusedError, a dir that holds
// anything dashgen did not write there (see checkExportsOwned).
func WriteExports(ctx context.Context, dir string, files []File) (Written, error) {
	return write(ctx, dir, files, checkExportsOwned)
}

// ExportManifest is the manifest.json of a language's exports: the tool,
// ECharts and inputs of the build they were made from (its manifest), and
// the hash of every exported file.
func ExportManifest(build []byte, files []File) (File, error) {
	var m Manifest
	if err := json.Unmarshal(build, &m); err != nil {
		return File{}, fmt.Errorf("reading the build's manifest: %w", err)
	}
	m.Outputs = map[string]string{}
	for _, f := range files {
		m.Outputs[f.Path] = hash(f.Data)
	}
	b, _ := json.MarshalIndent(m, "", "  ")
	return File{Path: manifestName, Data: append(b, '\n')}, nil
}

const moveAway = "move it away, then export again"

// checkExportsOwned refuses dir unless it is absent, an empty folder, or
// a folder holding only what its manifest.json (one dashgen wrote) lists,
// each file with the hash listed: an export replaces it whole, so a file
// added or changed by hand would be lost.
func checkExportsOwned(dir string) error {
	entries, err := folderEntries(dir,
		"is a symbolic link (to %s), not a folder dashgen made; "+moveAway,
		"is a file, not a folder dashgen made; "+moveAway)
	if len(entries) == 0 || err != nil {
		return err
	}
	mp := filepath.Join(dir, manifestName)
	mine, err := isManifest(mp)
	if !mine || err != nil {
		names := make([]string, len(entries))
		for i, e := range entries {
			names[i] = e.Name()
		}
		sort.Strings(names)
		return &RefusedError{dir, fmt.Sprintf("holds %q but no manifest.json of dashgen's exports, so it is not a folder dashgen made; an export replaces it whole, so move its files away, then export again", names[0])}
	}
	b, err := os.ReadFile(mp)
	if err != nil {
		return &RefusedError{dir, fmt.Sprintf("cannot be checked: %v", unwrapPath(err))}
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return &RefusedError{dir, "has a manifest.json that is not dashgen's; " + moveAway}
	}
	return checkListed(dir, m, true, moveAway)
}

// checkListed refuses dir when it holds an entry that m does not list as
// an output (a file added by hand, a link, a socket), or, with hashes, a
// listed file whose content changed since dashgen wrote it; advice ends
// each message.
func checkListed(dir string, m Manifest, hashes bool, advice string) error {
	var refused error
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		switch {
		case rel == "." || rel == manifestName:
			return nil
		case d.Type()&fs.ModeSymlink != 0:
			refused = &RefusedError{dir, fmt.Sprintf("holds %q, a symbolic link dashgen did not make; %s", rel, advice)}
		case d.IsDir():
			return nil
		case !d.Type().IsRegular():
			refused = &RefusedError{dir, fmt.Sprintf("holds %q, which dashgen did not write; %s", rel, advice)}
		default:
			want, listed := m.Outputs[rel]
			if !listed {
				refused = &RefusedError{dir, fmt.Sprintf("holds %q, which dashgen did not write (its manifest.json does not list it); %s", rel, advice)}
				break
			}
			if !hashes {
				break
			}
			if got, err := hashFile(p); err != nil {
				return err
			} else if got != want {
				refused = &RefusedError{dir, fmt.Sprintf("holds %q, changed since dashgen wrote it; %s", rel, advice)}
			}
		}
		if refused != nil {
			return filepath.SkipAll
		}
		return nil
	})
	if err != nil {
		return &RefusedError{dir, fmt.Sprintf("cannot be checked: %v", unwrapPath(err))}
	}
	return refused
}

func hashFile(p string) (string, error) {
	f, err := os.Open(p)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil)), nil
}

// CheckExportsFolder reports, as a *RefusedError, why an export may not
// replace dir, one language's folder of exports; nil when it may. It only
// reads the disk; WriteExports checks again under its lock.
func CheckExportsFolder(dir string) error {
	p, err := outputPath(dir)
	if err != nil {
		return &RefusedError{dir, fmt.Sprintf("cannot be checked: %v", err)}
	}
	return shownAs(dir, checkExportsOwned(p))
}
