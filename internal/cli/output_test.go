package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dashgen/dashgen/internal/benchdata"
	"github.com/dashgen/dashgen/internal/output"
)

// project copies the default project into a temp folder.
func project(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := benchdata.CopyProject("../..", dir); err != nil {
		t.Fatal(err)
	}
	return dir
}

// A clean-up that fails after the new site is in place is a warning: the
// build exits 0 and says what is left over.
func TestBuildCleanupFailureIsAWarning(t *testing.T) {
	dir := project(t)
	const leftover = "the new site is in X, but the previous output could not be removed from Y: operation not permitted; the next build removes it, or delete it yourself"
	write = func(ctx context.Context, dir string, files []output.File) (output.Written, error) {
		w, err := output.Write(ctx, dir, files)
		w.Warnings = append(w.Warnings, leftover)
		return w, err
	}
	defer func() { write = output.Write }()
	var stdout, stderr bytes.Buffer
	code := Run(context.Background(), []string{"build", "--config", filepath.Join(dir, "config.yaml")}, &stdout, &stderr)
	if code != ExitOK {
		t.Fatalf("exit %d\n%s", code, stderr.String())
	}
	if stderr.String() != "dashgen: warning: "+leftover+"\n" {
		t.Fatalf("stderr: %q", stderr.String())
	}
	if !strings.HasPrefix(stdout.String(), "built ") {
		t.Fatalf("stdout: %q", stdout.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "output", "manifest.json")); err != nil {
		t.Fatal(err)
	}
}

// A refusal that only Write sees (the folder changed after the check) is
// reported like Check's, as the output key, with its code.
func TestWriteRefusalIsAnOutputError(t *testing.T) {
	dir := project(t)
	write = func(ctx context.Context, d string, files []output.File) (output.Written, error) {
		return output.Written{}, &output.RefusedError{Dir: d, Reason: "is not a site dashgen built (test)"}
	}
	defer func() { write = output.Write }()
	var stdout, stderr bytes.Buffer
	code := Run(context.Background(), []string{"build", "--config", filepath.Join(dir, "config.yaml")}, &stdout, &stderr)
	want := filepath.ToSlash(filepath.Join(dir, "config.yaml")) + `: output: "output" is not a site dashgen built (test)` + "\ndashgen: 1 error; nothing was written\n"
	if code != ExitData || stderr.String() != want {
		t.Fatalf("exit %d\n%s\nwant:\n%s", code, stderr.String(), want)
	}
}

func TestServeAllowHostFlag(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := Run(context.Background(), []string{"serve", "--allow-host", "dash.local,http://evil.com/"}, &stdout, &stderr)
	want := "dashgen: --allow-host \"http://evil.com/\": give a host name or an IP address, such as dashboards.local or 192.168.1.20\nRun 'dashgen --help' for usage.\n"
	if code != ExitUsage || stderr.String() != want {
		t.Fatalf("exit %d\n%s", code, stderr.String())
	}
	stderr.Reset()
	Run(context.Background(), []string{"serve", "--help"}, &stdout, &stderr)
	if !strings.Contains(stdout.String(), "--allow-host") || !strings.Contains(stdout.String(), "421 Misdirected Request") {
		t.Fatalf("help does not explain --allow-host:\n%s", stdout.String())
	}
}
