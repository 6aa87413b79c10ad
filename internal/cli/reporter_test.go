package cli

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/dashgen/dashgen/internal/build"
	"github.com/dashgen/dashgen/internal/diag"
	"github.com/dashgen/dashgen/internal/serve"
)

// The lines build, watch, serve and validate share come from one reporter,
// each written one way.
func TestReporterLines(t *testing.T) {
	var out, errb bytes.Buffer
	r := &reporter{out: &out, err: &errb}
	one := &build.Result{Dashboards: 1, Charts: 1}
	many := &build.Result{Dashboards: 4, Charts: 19}
	r.Built(many, &written{files: 31, bytes: 1275042, into: "site/output"}, 1234*time.Millisecond)
	r.Built(one, nil, 5*time.Millisecond)
	r.Checked(many)
	want := "built 4 dashboards, 19 charts, 31 files, 1,275,042 bytes into site/output in 1234 ms\n" +
		"built 1 dashboard, 1 chart in 5 ms\n" +
		"ok: 4 dashboards, 19 charts; nothing written\n"
	if out.String() != want || errb.String() != "" {
		t.Errorf("stdout\n%s\nwant\n%s\nstderr %q", out.String(), want, errb.String())
	}

	out.Reset()
	l := &diag.List{}
	l.Errorf(diag.InvalidValue, "data/a.csv", 2, 3, "bad")
	warn := diag.Diagnostic{File: "data/b.csv", Line: 4, Column: 1, Code: diag.InvalidValue, Severity: diag.Warning, Message: "odd"}
	r.Result(serve.Result{Err: l.Err()}, "still serving the last good build")
	r.Result(serve.Result{Err: errors.New("cannot watch")}, "nothing was written")
	r.Result(serve.Result{Build: &build.Result{Warnings: []diag.Diagnostic{warn}}}, "")
	r.Warning("serving on %s: other machines on the network can read these pages", "0.0.0.0:8000")
	r.Stage("not said without --progress")
	wantErr := "data/a.csv:2:3: bad\n" +
		"dashgen: 1 error; still serving the last good build\n" +
		"dashgen: cannot watch; nothing was written\n" +
		diag.Format([]diag.Diagnostic{warn})[0] + "\n" +
		"dashgen: warning: serving on 0.0.0.0:8000: other machines on the network can read these pages\n"
	if errb.String() != wantErr || out.String() != "" {
		t.Errorf("stderr\n%s\nwant\n%s\nstdout %q", errb.String(), wantErr, out.String())
	}
	if r.stageFunc() != nil {
		t.Errorf("a stage function without --progress")
	}
	errb.Reset()
	r.progress = true
	r.stageFunc()("reading the config")
	if errb.String() != "dashgen: reading the config\n" {
		t.Errorf("stage: %q", errb.String())
	}
}
