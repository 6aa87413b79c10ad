package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/dashgen/dashgen/internal/diag"
)

// Create writes the files of project into dir (for dashgen init), making dir and its
// subfolders as needed. It first checks every file it would write: a file
// that exists already is refused (a *diag.Errors naming the first one)
// unless force is set, and a folder where a file should go, or a file where
// a folder should go, is always refused. Then it writes. If a write fails,
// it removes what it created before returning the error, so a failed Write
// leaves the folder as it found it, but for the files force replaced. It
// never deletes a file it did not create. It
// returns the files written, as slash paths relative to dir.
func Create(dir string, project fs.FS, force bool) ([]string, error) {
	files, err := projectFiles(project)
	if err != nil {
		return nil, err
	}
	if err := checkCreate(dir, files, force); err != nil {
		return nil, err
	}
	var created []string // files and folders made here, to undo a failed write
	undo := func() {
		for i := len(created) - 1; i >= 0; i-- {
			os.Remove(created[i]) // a folder is removed only while empty
		}
	}
	mkdir := func(p string) error {
		var missing []string
		for q := p; ; q = filepath.Dir(q) {
			if _, err := os.Lstat(q); err == nil {
				break
			}
			missing = append(missing, q)
			if filepath.Dir(q) == q {
				break
			}
		}
		for i := len(missing) - 1; i >= 0; i-- {
			err := os.Mkdir(missing[i], 0o755)
			if err == nil {
				created = append(created, missing[i])
			} else if !errors.Is(err, fs.ErrExist) {
				return err
			}
		}
		return nil
	}
	for _, f := range files {
		target := filepath.Join(dir, filepath.FromSlash(f))
		b, err := fs.ReadFile(project, f)
		if err != nil {
			undo()
			return nil, err
		}
		if err := mkdir(filepath.Dir(target)); err != nil {
			undo()
			return nil, createError(err)
		}
		isNew, err := createFile(target, b, force)
		if isNew {
			created = append(created, target)
		}
		if err != nil {
			undo()
			return nil, createError(err)
		}
	}
	return files, nil
}

// createError names the path that could not be written.
func createError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("cannot write %s: %v; nothing was written", filepath.ToSlash(pe.Path), pe.Err)
	}
	return fmt.Errorf("%v; nothing was written", err)
}

// createFile writes a new file, refusing one that exists; with force it
// replaces an existing file by renaming a new one over it, which replaces a
// symbolic link rather than writing through it. isNew says whether the
// file did not exist before (and so may be removed to undo).
func createFile(target string, b []byte, force bool) (isNew bool, err error) {
	f, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err == nil {
		_, werr := f.Write(b)
		cerr := f.Close()
		if werr == nil {
			werr = cerr
		}
		return true, werr
	}
	if !errors.Is(err, fs.ErrExist) || !force {
		return false, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".tmp-*")
	if err != nil {
		return false, err
	}
	_, werr := tmp.Write(b)
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(tmp.Name(), 0o644)
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), target)
	}
	if werr != nil {
		os.Remove(tmp.Name())
	}
	return false, werr
}

// checkCreate refuses to write where a file exists (unless force), where a
// folder stands in for a file, or a file for a folder.
func checkCreate(dir string, files []string, force bool) error {
	shown := func(rel string) string {
		return path.Join(filepath.ToSlash(dir), rel)
	}
	l := &diag.List{}
	// The folder, or a folder above it that init would make, is a file.
	for q := filepath.Clean(dir); ; q = filepath.Dir(q) {
		if fi, err := os.Stat(q); err == nil {
			if fi.IsDir() {
				break
			}
			if q == filepath.Clean(dir) {
				l.Errorf(diag.FileExists, filepath.ToSlash(dir), 0, 0, "is a file, not a folder; name a new folder, or an existing folder, for the project")
			} else {
				l.Errorf(diag.FileExists, filepath.ToSlash(q), 0, 0, "is a file, where dashgen init would make a folder; move it away, or choose another folder")
			}
			return l.Err()
		}
		if filepath.Dir(q) == q {
			break
		}
	}
	var exist []string
	for _, f := range files {
		// A file where a folder of the project should be (data).
		parts := strings.Split(f, "/")
		for i := 1; i < len(parts); i++ {
			p := strings.Join(parts[:i], "/")
			if fi, err := os.Stat(filepath.Join(dir, filepath.FromSlash(p))); err == nil && !fi.IsDir() {
				l.Errorf(diag.FileExists, shown(p), 0, 0, "is a file, where dashgen init would make a folder; move it away, or choose another folder")
				return l.Err()
			}
		}
		fi, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(f)))
		switch {
		case err != nil:
			continue
		case fi.IsDir():
			l.Errorf(diag.FileExists, shown(f), 0, 0, "is a folder, where dashgen init would write a file; move it away, or choose another folder")
			return l.Err()
		default:
			exist = append(exist, f)
		}
	}
	if len(exist) == 0 || force {
		return nil
	}
	more, them := "", "them"
	if len(exist) == 1 {
		them = "it"
	}
	if n := len(exist) - 1; n == 1 {
		more = " (and 1 more file dashgen init would write)"
	} else if n > 1 {
		more = fmt.Sprintf(" (and %d more files dashgen init would write)", n)
	}
	l.Errorf(diag.FileExists, shown(exist[0]), 0, 0, "already exists%s; dashgen init replaces no file: choose a new folder, or add --force to replace %s", more, them)
	return l.Err()
}

// projectFiles lists the files of a project, in the order they are
// written.
func projectFiles(project fs.FS) ([]string, error) {
	var files []string
	err := fs.WalkDir(project, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	return files, err
}
