package cli

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/dashgen/dashgen/internal/build"
	"github.com/dashgen/dashgen/internal/diag"
	"github.com/dashgen/dashgen/internal/i18n"
	"github.com/dashgen/dashgen/internal/serve"
)

// reporter writes the terminal lines build, validate, watch, serve and
// export share, each one way: the stages of the work (with --progress), a
// build's warnings or errors, and the summary of what it built.
type reporter struct {
	out, err io.Writer
	progress bool
}

// Stage says, with --progress, what the command starts doing.
func (r *reporter) Stage(stage string) {
	if r.progress {
		fmt.Fprintf(r.err, "dashgen: %s\n", stage)
	}
}

// stageFunc is Stage for build.Options: nil without --progress.
func (r *reporter) stageFunc() func(string) {
	if !r.progress {
		return nil
	}
	return r.Stage
}

// Warnings prints a build's warnings as file:line:col lines.
func (r *reporter) Warnings(ws []diag.Diagnostic) {
	for _, line := range diag.Format(ws) {
		fmt.Fprintln(r.err, line)
	}
}

// Warning prints a warning that is no diagnostic of the inputs (a
// leftover a write could not remove, a public address).
func (r *reporter) Warning(format string, args ...any) {
	fmt.Fprintf(r.err, "dashgen: warning: "+format+"\n", args...)
}

// written is what a build put on disk, for its summary.
type written struct {
	files int
	bytes int64
	into  string
}

// Built is the summary of a good build: "built 4 dashboards, 12 charts",
// then, when it was written, the files, bytes and folder, then the time.
func (r *reporter) Built(res *build.Result, w *written, took time.Duration) {
	line := "built " + counts(res)
	if w != nil {
		line += fmt.Sprintf(", %d files, %s bytes into %s", w.files, groupDigits(w.bytes), w.into)
	}
	fmt.Fprintf(r.out, "%s in %d ms\n", line, took.Milliseconds())
}

// Checked is validate's summary: what a build would make.
func (r *reporter) Checked(res *build.Result) {
	fmt.Fprintf(r.out, "ok: %s; nothing written\n", counts(res))
}

// Result prints what one build of a watch or serve loop found: its errors,
// with what happens next (what), or its warnings.
func (r *reporter) Result(res serve.Result, what string) {
	var de *diag.Errors
	switch {
	case errors.As(res.Err, &de):
		for _, line := range diag.Format(de.Items) {
			fmt.Fprintln(r.err, line)
		}
		fmt.Fprintln(r.err, diag.Summary(de.Items, what))
	case res.Err != nil:
		fmt.Fprintf(r.err, "dashgen: %v; %s\n", res.Err, what)
	default:
		r.Warnings(res.Build.Warnings)
	}
}

// counts is "4 dashboards, 12 charts".
func counts(res *build.Result) string {
	return fmt.Sprintf("%d %s, %d %s",
		res.Dashboards, diag.Plural(res.Dashboards, "dashboard", "dashboards"),
		res.Charts, diag.Plural(res.Charts, "chart", "charts"))
}

// groupDigits writes n as the terminal's messages do, in English: 1,275.
func groupDigits(n int64) string {
	en, err := i18n.Load("en", nil)
	if err != nil {
		panic(err) // en.yaml is embedded: a bug
	}
	return en.Int(n)
}
