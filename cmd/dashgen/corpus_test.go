package main

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/dashgen/dashgen/internal/testcorpus"
)

var update = flag.Bool("update", false, "rewrite each corpus case's want and code lines from what dashgen prints")

// TestErrorCorpus runs every bad input of testdata/errors through the real
// binary, over a project whose output folder holds a good build. Each case
// must exit 1, print exactly its want section, leave the previous output
// byte-identical with no temporary files beside it, and give the same
// problems with their codes through validate --format json.
func TestErrorCorpus(t *testing.T) {
	t.Parallel()
	exe := binary(t)
	cases, err := testcorpus.Read(testcorpus.Dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) < 40 {
		t.Fatalf("the corpus has %d cases; it must cover at least 40 failure classes", len(cases))
	}
	base, err := testcorpus.Base(testcorpus.Dir)
	if err != nil {
		t.Fatal(err)
	}
	good := t.TempDir()
	writeTree(t, good, base)
	if r := run(t, exe, good, "build"); r.code != 0 || r.stderr != "" {
		t.Fatalf("the base project must build cleanly: exit %d\n%s", r.code, r.stderr)
	}
	goodOutput := snapshot(t, filepath.Join(good, "output"))

	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			project := c.Project(base)
			writeTree(t, dir, project)
			outFiles := map[string][]byte{}
			for p, body := range goodOutput {
				outFiles[filepath.ToSlash(filepath.Join("output", p))] = []byte(body)
			}
			writeTree(t, dir, outFiles)

			r := run(t, exe, dir, c.Args...)
			if r.code != 1 {
				t.Errorf("exit code %d, want 1\nstderr:\n%s", r.code, r.stderr)
			}
			if r.stdout != "" {
				t.Errorf("printed on standard output:\n%s", r.stdout)
			}
			codes := jsonCodes(t, exe, dir, c.Args)
			if *update {
				rewriteCase(t, c.Name, r.stderr, codes)
				return
			}
			if r.stderr != c.Want {
				t.Errorf("standard error:\n%s\nwant:\n%s", r.stderr, c.Want)
			}
			if !slices.Equal(codes, c.Codes) {
				t.Errorf("codes %v, want %v", codes, c.Codes)
			}
			if got := snapshot(t, filepath.Join(dir, "output")); !equalTrees(got, goodOutput) {
				t.Errorf("the previous output was changed")
			}
			// Nothing but the project and its output: no temporary files.
			for _, p := range fileNames(t, dir) {
				if _, ok := project[p]; !ok && !strings.HasPrefix(p, "output/") {
					t.Errorf("left behind %s", p)
				}
			}
		})
	}
}

// jsonCodes runs the case's command as validate --format json and returns
// the codes of its errors, checking that the document is well formed and
// that every error carries a place.
// wholeFile are the codes of problems with a file as a whole, which have
// no line.
var wholeFile = map[string]bool{"file-missing": true, "file-unreadable": true, "not-regular-file": true, "file-changed": true, "limit-exceeded": true,
	"not-a-release": true, "hash-mismatch": true}

func jsonCodes(t *testing.T, exe, dir string, args []string) []string {
	t.Helper()
	vargs := append([]string{"validate", "--format", "json"}, args[1:]...)
	r := run(t, exe, dir, vargs...)
	if r.code != 1 {
		t.Errorf("validate --format json: exit %d, want 1\n%s%s", r.code, r.stdout, r.stderr)
	}
	var rep struct {
		OK          bool
		Errors      int
		Diagnostics []struct {
			File, Key, Code, Severity, Message string
			Line, Column                       int
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("validate --format json printed no JSON: %v\n%s", err, r.stdout)
	}
	if rep.OK || rep.Errors == 0 {
		t.Errorf("validate --format json says ok with %d errors", rep.Errors)
	}
	var codes []string
	for _, d := range rep.Diagnostics {
		if d.Severity != "error" {
			continue
		}
		codes = append(codes, d.Code)
		placed := d.Key != "" || d.Line >= 1 || wholeFile[d.Code]
		if d.File == "" || d.Code == "" || d.Message == "" || !placed {
			t.Errorf("diagnostic without file, place, code or message: %+v", d)
		}
	}
	return codes
}

var wantSection = regexp.MustCompile(`(?s)\n-- want --\n.*$`)
var codeLine = regexp.MustCompile(`(?m)^code:.*$`)

// rewriteCase stores what dashgen printed as the case's expectation; the
// diff is then read by a person before it is committed.
func rewriteCase(t *testing.T, name, stderr string, codes []string) {
	p := filepath.Join(testcorpus.Dir, name+".txtar")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	s := wantSection.ReplaceAllLiteralString(string(b), "\n-- want --\n"+stderr)
	s = codeLine.ReplaceAllLiteralString(s, "code: "+strings.Join(codes, " "))
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func writeTree(t *testing.T, dir string, files map[string][]byte) {
	t.Helper()
	for p, body := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, body, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func equalTrees(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || v != w {
			return false
		}
	}
	return true
}

// fileNames lists the files under dir, relative to it, with slashes,
// without reading them.
func fileNames(t *testing.T, dir string) []string {
	t.Helper()
	var names []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, err := filepath.Rel(dir, p)
			if err != nil {
				return err
			}
			names = append(names, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return names
}
