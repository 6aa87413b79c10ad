package main

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"
)

// secondProject is a small project for a fictional event, made with
// `dashgen init` and edited only through its files: its own vocabulary, one
// language, no recognitions.
const secondProject = "../../testdata/varnholm-flood"

// TestSecondProject builds the second project from another folder, with no
// warning, and opens every page in Chromium: each must load and draw, and
// no raw id may show where a label belongs.
func TestSecondProject(t *testing.T) {
	t.Parallel()
	exe := binary(t)
	project, err := filepath.Abs(secondProject)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "site")
	r := run(t, exe, t.TempDir(), "build", project, "--out", out)
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("build %s: exit %d, stderr (want none):\n%s", secondProject, r.code, r.stderr)
	}
	checkProjectPages(t, project, out)
}

// TestReadmeStartANewProject runs the commands of the README's "Start a new
// project" section, and of its install block, as a new user would, so the
// README cannot drift from what dashgen does.
func TestReadmeStartANewProject(t *testing.T) {
	t.Parallel()
	exe := binary(t)
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	gomod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	module := regexp.MustCompile(`(?m)^module (\S+)$`).FindSubmatch(gomod)
	if module == nil {
		t.Fatal("go.mod names no module")
	}
	blocks := shellBlocks(string(readme))
	if len(blocks) == 0 {
		t.Fatal("the README has no sh block")
	}

	// The first block builds the example and runs the suite (CI runs its
	// test command); the second installs, then runs init && cd && build
	// on one line.
	if len(blocks) < 2 || len(blocks[0]) != 2 || !strings.HasPrefix(blocks[0][0], "go run ./cmd/dashgen build ") || !strings.HasPrefix(blocks[0][1], "go test -race ./... ") {
		t.Fatalf("the README's first block must build the example and run the suite: %q", blocks[0])
	}
	install := blocks[1]
	wantInstall := "go install " + string(module[1]) + "/cmd/dashgen@latest"
	if len(install) < 2 || !strings.HasPrefix(install[0], wantInstall+" ") {
		t.Fatalf("the README's second block does not start with %q: %q", wantInstall, install)
	}
	runShellLines(t, exe, t.TempDir(), install[1:])

	// The section's block.
	section := string(readme)
	i := strings.Index(section, "\n## Start a new project\n")
	if i < 0 {
		t.Fatal(`the README has no "## Start a new project" section`)
	}
	section = section[i+1:]
	if j := strings.Index(section[3:], "\n## "); j >= 0 {
		section = section[:j+3]
	}
	sblocks := shellBlocks(section)
	if len(sblocks) != 1 {
		t.Fatalf("the section has %d sh blocks, want 1", len(sblocks))
	}
	home := t.TempDir()
	dir := runShellLines(t, exe, home, sblocks[0])
	out := filepath.Join(dir, "output")
	if _, err := os.Stat(filepath.Join(out, "index.html")); err != nil {
		t.Fatalf("the section's commands wrote no output/index.html: %v", err)
	}
	checkProjectPages(t, dir, out)
}

// shellBlocks returns the lines of each ```sh block of a Markdown text.
func shellBlocks(md string) [][]string {
	var blocks [][]string
	var cur []string
	in := false
	for _, line := range strings.Split(md, "\n") {
		switch {
		case !in && strings.TrimSpace(line) == "```sh":
			in, cur = true, nil
		case in && strings.TrimSpace(line) == "```":
			in = false
			blocks = append(blocks, cur)
		case in:
			cur = append(cur, line)
		}
	}
	return blocks
}

// runShellLines runs README lines in dir: "cd X", "dashgen …" (the binary
// under test) and "a && b". Builds must give no warning; serve is started
// on a free port, its page fetched, then stopped. It returns the folder the
// lines ended in.
func runShellLines(t *testing.T, exe, dir string, lines []string) string {
	t.Helper()
	for _, line := range lines {
		if k := strings.Index(line, "#"); k >= 0 {
			line = line[:k]
		}
		for _, cmd := range strings.Split(line, "&&") {
			f := strings.Fields(cmd)
			switch {
			case len(f) == 0:
			case f[0] == "cd" && len(f) == 2:
				dir = filepath.Join(dir, f[1])
				if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
					t.Fatalf("%q: no such folder (%v)", strings.TrimSpace(cmd), err)
				}
			case f[0] == "dashgen" && len(f) > 1 && f[1] == "serve":
				if runtime.GOOS == "windows" {
					continue
				}
				p, base := startServe(t, exe, dir, append(f[2:], "--addr", "127.0.0.1:0")...)
				if page := fetch(t, base+"/"); !strings.Contains(page, "<html") {
					t.Errorf("%s/ served no page", base)
				}
				if err := p.cmd.Process.Signal(os.Interrupt); err != nil {
					t.Fatal(err)
				}
				if code := p.wait(t, serveDeadline); code != 130 {
					t.Errorf("%q exited %d after an interrupt, want 130", strings.TrimSpace(cmd), code)
				}
				if _, stderr := p.output(); stderr != "" {
					t.Errorf("%q printed on stderr (want nothing):\n%s", strings.TrimSpace(cmd), stderr)
				}
			case f[0] == "dashgen":
				r := run(t, exe, dir, f[1:]...)
				if r.code != 0 || r.stderr != "" {
					t.Fatalf("%q: exit %d, stderr (want none):\n%s", strings.TrimSpace(cmd), r.code, r.stderr)
				}
			default:
				t.Fatalf("the README runs %q, which this test does not know how to run", strings.TrimSpace(cmd))
			}
		}
	}
	return dir
}

// checkProjectPages opens every page of the site in out in Chromium, at a
// phone's width and a laptop's: each must load and draw its charts with no
// error (openPage's checks), and its text must show no id of the project
// (a value of a vocabulary column, a source or an event) where a label
// belongs. Ids of one plain word (women) may be ordinary words of a page,
// so the check covers the ids a reader could not mistake for words: those
// with "_" or "-" in them.
func checkProjectPages(t *testing.T, project, out string) {
	browser := findBrowser(t)
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	ids := projectIDs(t, filepath.Join(project, "data"))
	if len(ids) == 0 {
		t.Fatal("found no ids in the project's data")
	}
	pages, err := filepath.Glob(filepath.Join(out, "*.html"))
	if err != nil || len(pages) == 0 {
		t.Fatalf("no pages in %s (%v)", out, err)
	}
	sort.Strings(pages)
	browserCtx := startBrowser(ctx, t, browser)
	for _, path := range pages {
		t.Run(filepath.Base(path), func(t *testing.T) {
			for _, vp := range []struct {
				width, height int64
				mobile        bool
			}{{375, 800, true}, {1280, 800, false}} {
				_, st, done := openPage(browserCtx, t, path, vp.width, vp.height, vp.mobile, false)
				checkWidth(t, st, vp.width, vp.height)
				// The sources page names each source's id on purpose, as
				// "id: …", for those who cite it.
				text := regexp.MustCompile(`\bid: [\w-]+`).ReplaceAllString(st.Text, "id: …")
				for _, id := range ids {
					if m := regexp.MustCompile(`(^|[^\w-])` + regexp.QuoteMeta(id) + `($|[^\w-])`).FindStringIndex(text); m != nil {
						lo, hi := max(0, m[0]-60), min(len(text), m[1]+60)
						t.Errorf("%d px: the page shows the raw id %q: …%s…", vp.width, id, text[lo:hi])
					}
				}
				done()
			}
		})
	}
}

// projectIDs collects the ids a page must not show raw: the values of the
// vocabulary columns, and the ids of sources and events, that have "_" or
// "-" in them.
func projectIDs(t *testing.T, data string) []string {
	t.Helper()
	vocab := map[string]bool{"measure": true, "group": true, "unit": true, "level": true, "term": true,
		"status": true, "kind": true, "qualifier": true, "breakdown": true, "event": true, "source": true}
	seen := map[string]bool{}
	files, _ := filepath.Glob(filepath.Join(data, "*.csv"))
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(fh).ReadAll()
		fh.Close()
		if err != nil || len(rows) == 0 {
			t.Fatalf("%s: %v", f, err)
		}
		base := filepath.Base(f)
		for _, row := range rows[1:] {
			for i, col := range rows[0] {
				if i >= len(row) {
					continue
				}
				isID := vocab[col] || (col == "id" && (base == "sources.csv" || base == "events.csv"))
				if !isID {
					continue
				}
				for _, v := range strings.Split(row[i], ";") {
					if v = strings.TrimSpace(v); strings.ContainsAny(v, "_-") {
						seen[v] = true
					}
				}
			}
		}
	}
	var ids []string
	for id := range seen {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}
