package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestInitThenBuildAnywhere follows a new user: dashgen init, then build,
// validate and export's sibling commands from the project folder and from
// elsewhere, with the binary run outside the repository (it must need
// nothing from the source tree).
func TestInitThenBuildAnywhere(t *testing.T) {
	t.Parallel()
	exe := binary(t)
	home := t.TempDir()
	elsewhere := t.TempDir()

	r := run(t, exe, home, "init", "my-project")
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("init: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	wantOut := `wrote a new project into my-project: config.yaml, 4 files in data/
next:
  cd my-project
  dashgen build     # writes the site into output/; open output/index.html
  dashgen serve     # or preview it at http://127.0.0.1:8000/, rebuilt as you save
then replace the rows marked PLACEHOLDER in data/ and the titles in config.yaml with your own.
`
	if r.stdout != wantOut {
		t.Errorf("init printed:\n%s\nwant:\n%s", r.stdout, wantOut)
	}
	dir := filepath.Join(home, "my-project")

	// From the project folder: zero warnings.
	r = run(t, exe, dir, "build")
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("build in the project: exit %d, stderr (want none):\n%s", r.code, r.stderr)
	}
	if !strings.HasPrefix(r.stdout, "built 1 dashboard, 5 charts, ") {
		t.Errorf("build summary: %q", r.stdout)
	}
	inProject := snapshot(t, filepath.Join(dir, "output"))

	// From elsewhere, by folder: the same site, byte for byte (paths in the
	// config resolve from its folder).
	os.RemoveAll(filepath.Join(dir, "output"))
	r = run(t, exe, elsewhere, "build", dir)
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("build %s: exit %d\n%s", dir, r.code, r.stderr)
	}
	fromElsewhere := snapshot(t, filepath.Join(dir, "output"))
	if len(fromElsewhere) != len(inProject) {
		t.Errorf("build from elsewhere wrote %d files, from the project %d", len(fromElsewhere), len(inProject))
	}
	for p, b := range inProject {
		if fromElsewhere[p] != b {
			t.Errorf("%s differs when built from another folder", p)
		}
	}
	if entries, _ := os.ReadDir(elsewhere); len(entries) != 0 {
		t.Errorf("build from another folder wrote into it: %v", entries)
	}
	// Relative folder, and --config naming a file inside the folder.
	if r := run(t, exe, home, "validate", "my-project"); r.code != 0 || r.stderr != "" || !strings.Contains(r.stdout, "nothing written") {
		t.Errorf("validate my-project: exit %d %s%s", r.code, r.stdout, r.stderr)
	}
	os.Rename(filepath.Join(dir, "config.yaml"), filepath.Join(dir, "site.yaml"))
	if r := run(t, exe, home, "validate", "my-project", "--config", "site.yaml"); r.code != 0 {
		t.Errorf("validate my-project --config site.yaml: exit %d %s", r.code, r.stderr)
	}
	if r := run(t, exe, elsewhere, "validate", "--config", filepath.Join(dir, "site.yaml")); r.code != 0 {
		t.Errorf("validate --config <abs>: exit %d %s", r.code, r.stderr)
	}
	os.Rename(filepath.Join(dir, "site.yaml"), filepath.Join(dir, "config.yaml"))

	// The version: from the build info, the same in `version`, the pages
	// and the manifest.
	r = run(t, exe, elsewhere, "version")
	m := regexp.MustCompile(`^dashgen (v\S+|\(devel\)(?: [0-9a-f]{12}(?:\+dirty)?)?) \(ECharts \S+\)\n$`).FindStringSubmatch(r.stdout)
	if m == nil {
		t.Fatalf("version printed %q", r.stdout)
	}
	var manifest struct {
		Generator string `json:"generator"`
	}
	raw := fromElsewhere["manifest.json"]
	if err := json.Unmarshal([]byte(raw), &manifest); err != nil {
		t.Fatalf("manifest.json: %v", err)
	}
	if !strings.Contains(raw, `"dashgen `+m[1]+`"`) || strings.Contains(raw, "dashgen dev") {
		t.Errorf("manifest does not name version %q:\n%.300s", m[1], raw)
	}
	if !strings.Contains(fromElsewhere["index.html"], `<meta name="generator" content="dashgen `+m[1]+`">`) {
		t.Errorf("index.html does not name version %q", m[1])
	}

	// --example: the full default project, building with its 4 dashboards.
	r = run(t, exe, home, "init", "--example", "example")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "wrote the example project into example: config.yaml, ") {
		t.Fatalf("init --example: exit %d %s%s", r.code, r.stdout, r.stderr)
	}
	if r := run(t, exe, elsewhere, "build", filepath.Join(home, "example")); r.code != 0 || !strings.HasPrefix(r.stdout, "built 4 dashboards") {
		t.Errorf("build of the example: exit %d %s%s", r.code, r.stdout, r.stderr)
	}
}

// TestInitAndFolderBadInput: every way to call init or name a project
// folder wrongly gets its exact message and exit code, and changes nothing.
func TestInitAndFolderBadInput(t *testing.T) {
	t.Parallel()
	exe := binary(t)
	home := t.TempDir()
	os.WriteFile(filepath.Join(home, "a-file"), []byte("x"), 0o644)
	os.Mkdir(filepath.Join(home, "empty"), 0o755)
	if r := run(t, exe, home, "init", "p"); r.code != 0 {
		t.Fatalf("init p: exit %d %s", r.code, r.stderr)
	}
	os.WriteFile(filepath.Join(home, "p", "data", "counts.csv"), []byte("mine\n"), 0o644)
	before := snapshot(t, home)

	for _, tc := range []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"init", "p"}, 1, "p/config.yaml: already exists (and 4 more files dashgen init would write); dashgen init replaces no file: choose a new folder, or add --force to replace them\ndashgen: 1 error; nothing was written\n"},
		{[]string{"init", "--example", "p"}, 1, "p/config.yaml: already exists (and 3 more files dashgen init would write); dashgen init replaces no file: choose a new folder, or add --force to replace them\ndashgen: 1 error; nothing was written\n"},
		{[]string{"init", "a-file"}, 1, "a-file: is a file, not a folder; name a new folder, or an existing folder, for the project\ndashgen: 1 error; nothing was written\n"},
		{[]string{"init", "a-file/p"}, 1, "a-file: is a file, where dashgen init would make a folder; move it away, or choose another folder\ndashgen: 1 error; nothing was written\n"},
		{[]string{"init", "p", "q"}, 2, "dashgen: init takes at most one argument, the folder of the new project; got 2: [\"p\" \"q\"]\nRun 'dashgen --help' for usage.\n"},
		{[]string{"init", "--forse", "p"}, 2, "dashgen: unknown flag: --forse\nRun 'dashgen --help' for usage.\n"},
		{[]string{"build", "p", "q"}, 2, "dashgen: build takes at most one argument, the project folder; got 2: [\"p\" \"q\"]\nRun 'dashgen --help' for usage.\n"},
		{[]string{"build", "a-file"}, 2, "dashgen: \"a-file\" is a file, not a project folder; pass the folder that holds config.yaml, or the file with --config\nRun 'dashgen --help' for usage.\n"},
		{[]string{"validate", "nowhere"}, 1, "nowhere: the project folder does not exist; dashgen init nowhere creates a new project there\ndashgen: 1 error; nothing was written\n"},
		{[]string{"serve", "empty"}, 1, "empty/config.yaml: the config file does not exist, so empty is not a dashgen project; dashgen init empty creates one\ndashgen: 1 error; nothing was written\n"},
		{[]string{"export", "empty", "--chrome", exe}, 1, "empty/config.yaml: the config file does not exist, so empty is not a dashgen project; dashgen init empty creates one\ndashgen: 1 error; nothing was written\n"},
	} {
		r := run(t, exe, home, tc.args...)
		if r.code != tc.code || r.stderr != tc.stderr || r.stdout != "" {
			t.Errorf("dashgen %s: exit %d, stdout %q, stderr:\n%s\nwant exit %d, stderr:\n%s", strings.Join(tc.args, " "), r.code, r.stdout, r.stderr, tc.code, tc.stderr)
		}
		after := snapshot(t, home)
		if len(after) != len(before) {
			t.Errorf("dashgen %s changed the files: %d before, %d after", strings.Join(tc.args, " "), len(before), len(after))
		}
		for p, b := range before {
			if after[p] != b {
				t.Errorf("dashgen %s changed %s", strings.Join(tc.args, " "), p)
			}
		}
	}

	// --force replaces the files init writes, and only those.
	os.WriteFile(filepath.Join(home, "p", "data", "mine.csv"), []byte("mine\n"), 0o644)
	if r := run(t, exe, home, "init", "--force", "p"); r.code != 0 {
		t.Fatalf("init --force: exit %d %s", r.code, r.stderr)
	}
	if b, _ := os.ReadFile(filepath.Join(home, "p", "data", "mine.csv")); string(b) != "mine\n" {
		t.Errorf("init --force touched a file it does not write")
	}
	if b, _ := os.ReadFile(filepath.Join(home, "p", "data", "counts.csv")); strings.HasPrefix(string(b), "mine") {
		t.Errorf("init --force did not replace data/counts.csv")
	}
}
