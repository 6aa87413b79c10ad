// Package testcorpus reads the error corpus in testdata/errors: a small
// project that builds cleanly (base/) and one case per failure class, each a
// txtar file (golang.org/x/tools/txtar) that replaces some of the base project's files and says
// exactly what dashgen must print. The end-to-end test runs every case; the
// fuzz targets of the CSV and config loaders use the files as seeds.
package testcorpus

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/tools/txtar"
)

// Case is one bad input.
type Case struct {
	Name string // file name without .txtar
	// Comment is the case's description: the text before the first file.
	Comment string
	// Args are the command's arguments ("build" unless an args: line says).
	Args []string
	// Codes are the diagnostic codes the case must produce, in order
	// (a code: line, space separated).
	Codes []string
	// Remove lists base files the case deletes (remove: lines).
	Remove []string
	// Files replace or add files of the base project, by slash path.
	Files map[string][]byte
	// Want is the exact standard error of the command.
	Want string
}

// Dir is the corpus folder relative to a package two levels below the
// module root (internal/x, cmd/x).
const Dir = "../../testdata/errors"

// Read reads every case in dir, sorted by name.
func Read(dir string) ([]Case, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.txtar"))
	if err != nil {
		return nil, err
	}
	sort.Strings(paths)
	var cases []Case
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		c, err := parse(strings.TrimSuffix(filepath.Base(p), ".txtar"), b)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		cases = append(cases, c)
	}
	if len(cases) == 0 {
		return nil, fmt.Errorf("no cases in %s", dir)
	}
	return cases, nil
}

// parse reads a case: the txtar archive's comment holds the args:, code:
// and remove: lines, and its files replace the base project's, but for
// the one named "want", the expected output.
func parse(name string, b []byte) (Case, error) {
	c := Case{Name: name, Args: []string{"build"}, Files: map[string][]byte{}}
	a := txtar.Parse(b)
	for _, line := range strings.Split(string(a.Comment), "\n") {
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		val = strings.TrimSpace(val)
		switch key {
		case "args":
			c.Args = strings.Fields(val)
		case "code":
			c.Codes = strings.Fields(val)
		case "remove":
			c.Remove = append(c.Remove, val)
		}
	}
	c.Comment = strings.TrimSpace(string(a.Comment))
	for _, f := range a.Files {
		if f.Name == "want" {
			c.Want = string(f.Data)
			continue
		}
		if _, dup := c.Files[f.Name]; dup {
			return c, fmt.Errorf("file %s appears twice", f.Name)
		}
		c.Files[f.Name] = f.Data
	}
	if c.Want == "" {
		return c, fmt.Errorf("no want section")
	}
	if len(c.Codes) == 0 {
		return c, fmt.Errorf("no code: line")
	}
	return c, nil
}

// Base reads the files of the base project by slash path.
func Base(dir string) (map[string][]byte, error) {
	files := map[string][]byte{}
	root := filepath.Join(dir, "base")
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		b, err := os.ReadFile(p)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	return files, err
}

// Project returns the base project's files with the case applied.
func (c Case) Project(base map[string][]byte) map[string][]byte {
	files := map[string][]byte{}
	for k, v := range base {
		files[k] = v
	}
	for _, r := range c.Remove {
		delete(files, r)
	}
	for k, v := range c.Files {
		files[k] = v
	}
	return files
}
