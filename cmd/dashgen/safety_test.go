package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The probes of issue 12 that lost a user's files, rerun through the real
// binary: each is refused with a message, and nothing is lost.

// runEnv is run with extra environment variables.
func runEnv(t *testing.T, exe, dir string, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(exe, args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "DASHGEN_CONFIG=", "DASHGEN_OUTPUT=", "DASHGEN_SITE_TITLE="), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{code, out.String(), errb.String()}
}

func names(t *testing.T, dir string) string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var n []string
	for _, e := range es {
		n = append(n, e.Name())
	}
	return strings.Join(n, " ")
}

// refusedOutput checks a run that must exit 1 with exactly want and the
// summary line, and write nothing.
func refusedOutput(t *testing.T, r result, want string) {
	t.Helper()
	if r.code != 1 || r.stdout != "" || r.stderr != want+"\ndashgen: 1 error; nothing was written\n" {
		t.Fatalf("exit %d\nstdout: %s\nstderr:\n%s\nwant:\n%s", r.code, r.stdout, r.stderr, want)
	}
}

const ownFolder = "a build replaces the output folder whole, so choose a folder of its own such as output"

func TestOutputSafety(t *testing.T) {
	t.Parallel()
	exe := binary(t)

	t.Run("a folder of someone else's files is refused by build and validate", func(t *testing.T) {
		dir := project(t)
		os.Mkdir(filepath.Join(dir, "victim"), 0o755)
		os.WriteFile(filepath.Join(dir, "victim", "thesis.txt"), []byte("years of work"), 0o644)
		want := `config.yaml: output: "victim" is not a site dashgen built (it holds "thesis.txt" but no manifest.json of a dashgen build); a build replaces the output folder whole, so choose another folder, or empty this one yourself`
		refusedOutput(t, run(t, exe, dir, "build", "--out", "victim"), want)
		refusedOutput(t, run(t, exe, dir, "validate", "--out", "victim"), want)
		if b, _ := os.ReadFile(filepath.Join(dir, "victim", "thesis.txt")); string(b) != "years of work" {
			t.Fatal("thesis.txt lost")
		}
		if got := names(t, dir); got != "config.yaml data victim" {
			t.Fatalf("project folder: %s", got)
		}
	})

	t.Run("an empty folder and dashgen's own output are replaced", func(t *testing.T) {
		dir := project(t)
		os.Mkdir(filepath.Join(dir, "empty"), 0o755)
		for _, args := range [][]string{{"build", "--out", "empty"}, {"build"}, {"build"}, {"validate"}} {
			if r := run(t, exe, dir, args...); r.code != 0 || r.stderr != "" {
				t.Fatalf("%v: exit %d\n%s", args, r.code, r.stderr)
			}
		}
		if _, err := os.Stat(filepath.Join(dir, "empty", "manifest.json")); err != nil {
			t.Fatal(err)
		}
		if got := names(t, dir); got != "config.yaml data empty output" {
			t.Fatalf("project folder: %s", got)
		}
	})

	t.Run("the home folder is refused", func(t *testing.T) {
		dir := project(t)
		home := filepath.Join(t.TempDir(), "users", "me")
		os.MkdirAll(home, 0o755)
		os.WriteFile(filepath.Join(home, ".profile"), []byte("mine"), 0o644)
		env := []string{"HOME=" + home, "USERPROFILE=" + home}
		refusedOutput(t, runEnv(t, exe, dir, env, "build", "--out", home),
			fmt.Sprintf("config.yaml: output: %q is the home folder or contains it; %s", home, ownFolder))
		refusedOutput(t, runEnv(t, exe, dir, env, "validate", "--out", filepath.Dir(home)),
			fmt.Sprintf("config.yaml: output: %q is the home folder or contains it; %s", filepath.Dir(home), ownFolder))
		if got := names(t, home); got != ".profile" {
			t.Fatalf("home: %s", got)
		}
	})

	t.Run("the data is a symbolic link into the output's parent", func(t *testing.T) {
		base, _ := filepath.EvalSymlinks(t.TempDir())
		dir := project(t)
		shared := filepath.Join(base, "shared")
		os.Mkdir(shared, 0o755)
		if err := os.Rename(filepath.Join(dir, "data"), filepath.Join(shared, "data")); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(filepath.Join(shared, "data"), filepath.Join(dir, "data")); err != nil {
			t.Skip("no symbolic links here:", err)
		}
		before := snapshot(t, filepath.Join(shared, "data"))
		refusedOutput(t, run(t, exe, dir, "build", "--out", shared), fmt.Sprintf(
			"config.yaml: output: %q is the data folder or contains it (following symbolic links: the output is %s, and data is %s); a build replaces the output folder whole, so it must not hold the data",
			shared, shared, filepath.Join(shared, "data")))
		if got := snapshot(t, filepath.Join(shared, "data")); !equalTrees(got, before) {
			t.Fatal("the data changed")
		}
		// The data is all there: the next build works.
		if r := run(t, exe, dir, "build"); r.code != 0 {
			t.Fatalf("exit %d\n%s", r.code, r.stderr)
		}
	})

	t.Run("a config reached through a linked project path, the output naming the real one", func(t *testing.T) {
		base, _ := filepath.EvalSymlinks(t.TempDir())
		real := filepath.Join(base, "real")
		os.Mkdir(real, 0o755)
		if err := os.Rename(project(t), filepath.Join(real, "proj")); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(real, filepath.Join(base, "link")); err != nil {
			t.Skip("no symbolic links here:", err)
		}
		proj := filepath.Join(real, "proj")
		before := snapshot(t, proj)
		refusedOutput(t, run(t, exe, base, "build", "--config", "link/proj/config.yaml", "--out", proj), fmt.Sprintf(
			"link/proj/config.yaml: output: %q is the project folder or contains it (following symbolic links: the output is %s, and link/proj is %s); %s",
			proj, proj, proj, ownFolder))
		if got := snapshot(t, proj); !equalTrees(got, before) {
			t.Fatal("the project changed")
		}
	})

	t.Run("stale temporary folders: dashgen's are removed, look-alikes kept", func(t *testing.T) {
		dir := project(t)
		if r := run(t, exe, dir, "build"); r.code != 0 {
			t.Fatal(r.stderr)
		}
		// As a build killed while writing leaves it.
		stale := filepath.Join(dir, ".output.tmp-1234")
		os.MkdirAll(filepath.Join(stale, "site"), 0o755)
		os.WriteFile(filepath.Join(stale, ".dashgen-temporary"), []byte("This folder is a dashgen build in progress, or one that stopped before it finished; the next build of the same output removes it.\n"), 0o644)
		os.WriteFile(filepath.Join(stale, "site", "index.html"), bytes.Repeat([]byte("x"), 1<<20), 0o644)
		foreign := filepath.Join(dir, ".output.tmp-mine")
		os.Mkdir(foreign, 0o755)
		os.WriteFile(filepath.Join(foreign, "thesis.txt"), []byte("mine"), 0o644)
		if r := run(t, exe, dir, "build"); r.code != 0 || r.stderr != "" {
			t.Fatalf("exit %d\n%s", r.code, r.stderr)
		}
		if got := names(t, dir); got != ".output.tmp-mine config.yaml data output" {
			t.Fatalf("project folder: %s", got)
		}
		if b, _ := os.ReadFile(filepath.Join(foreign, "thesis.txt")); string(b) != "mine" {
			t.Fatal("the look-alike's file was lost")
		}
	})
}

// The preview answers its own names and those --allow-host adds; a page
// that points its own name at this machine gets 421, and the terminal
// says which name was refused. Pages carry their policy as a header.
func TestServeHostNames(t *testing.T) {
	t.Parallel()
	exe := binary(t)
	dir := project(t)
	p, base := startServe(t, exe, dir, "--addr", "127.0.0.1:0", "--allow-host", "dashboards.test")
	get := func(path, host string) (int, http.Header, string) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, base+path, nil)
		req.Host = host
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header, string(b)
	}
	bound := strings.TrimPrefix(base, "http://")
	for _, host := range []string{bound, "localhost:8000", "[::1]:8000", "dashboards.test:8000"} {
		code, h, body := get("/", host)
		if code != 200 || !strings.Contains(body, "<html") {
			t.Errorf("Host %s: %d", host, code)
		}
		csp := h.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'sha256-") || !strings.HasSuffix(csp, "; frame-ancestors 'self'") {
			t.Errorf("Host %s: policy header %q", host, csp)
		}
	}
	for _, path := range []string{"/", "/overview.html", "/manifest.json", "/_dashgen/events"} {
		code, _, body := get(path, "evil.com")
		if code != http.StatusMisdirectedRequest || strings.Contains(body, "<html") {
			t.Errorf("evil.com %s: %d %q", path, code, body)
		}
	}
	p.waitFor(t, "the refusal on stderr", func(_, stderr string) bool {
		return strings.Contains(stderr, `dashgen: refused a request for the host "evil.com" (421); if that is a name of this machine, add --allow-host evil.com`+"\n")
	})
	if _, stderr := p.output(); strings.Count(stderr, "evil.com (421)")+strings.Count(stderr, `"evil.com" (421)`) != 1 {
		t.Errorf("the refusal is told more than once:\n%s", stderr)
	}
}
