package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dashgen/dashgen/internal/build"
	"github.com/dashgen/dashgen/internal/dataset"
	"github.com/dashgen/dashgen/internal/diag"
	"github.com/dashgen/dashgen/internal/diff"
)

// DiffOptions are what dashgen diff runs from.
type DiffOptions struct {
	ProjectOptions
	// Old is the previous release: its output folder or datapackage.json.
	Old string
	// Format is text or json.
	Format string
}

const diffLong = `Diff compares a previous release of the data with the project's data today and
lists, per figure or record, what was added, removed or changed: each changed
column by name, old value → new value. OLD is the output folder of a previous
build (every build writes datapackage.json and a copy of every data file
under package/), or that datapackage.json; each copy is checked against the
size and SHA-256 the descriptor states, so a release changed after it was
published is not compared. The project is read as build reads it (the
config in the working folder, or in the folder given).

A change that no entry of the corrections log (data/corrections.csv) explains
for the release config.yaml states is marked "not logged": an entry of that
version naming the id, with change added (for a record added), removed (for
one removed), or corrected or method (for one changed).

With --format json it prints one JSON document on standard output:
{"old": {"version", "date", "path", "problems"}, "new": {"version", "date",
"path"}, "counts": {"added", "removed", "changed"}, "unexplained": n,
"changes": [{"table", "file", "id", "kind", "fields": [{"name", "old",
"new"}], "explained"}]}. table is figures, recognitions, events or sources;
kind is added, removed or changed; old and new are the cells as written.

Diff exits 0 whether or not the data changed (dashgen build --previous
--strict is the check that fails on a change not logged), 1 when OLD or the
project cannot be read, 2 on bad usage.`

// NewCmdDiff is dashgen diff; runF replaces its work (nil: runDiff).
func NewCmdDiff(f *Factory, runF func(*DiffOptions) error) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "diff OLD [folder]",
		Short: "List what changed in the data since a previous release",
		Long:  diffLong,
		Example: `  dashgen diff published/1.0.0
  dashgen diff published/1.0.0/datapackage.json --format json`,
		Args: diffArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o, err := diffOptions(f, cmd, args)
			if err != nil {
				return err
			}
			if runF != nil {
				return runF(o)
			}
			return runDiff(o)
		},
	}
	addSettingFlags(cmd.Flags(), cmd.Name())
	cmd.Flags().String("format", "text", "output format: text or json")
	return cmd
}

// diffArgs accepts OLD and at most one project folder.
func diffArgs(cmd *cobra.Command, args []string) error {
	switch {
	case len(args) == 0:
		return usageError{fmt.Errorf("diff needs OLD, a previous build's output folder or its datapackage.json: dashgen diff OLD [folder]")}
	case len(args) > 2:
		return usageError{fmt.Errorf("diff takes OLD and at most one project folder; got %d arguments: %q", len(args), args)}
	case args[0] == "":
		return usageError{fmt.Errorf("diff needs OLD, a previous build's output folder or its datapackage.json; got an empty argument")}
	}
	return nil
}

// diffOptions reads diff's flags and arguments.
func diffOptions(f *Factory, cmd *cobra.Command, args []string) (*DiffOptions, error) {
	p, err := projectOptions(f, cmd, args[1:])
	if err != nil {
		return nil, err
	}
	o := &DiffOptions{ProjectOptions: p, Old: args[0]}
	if o.Format, err = cmd.Flags().GetString("format"); err != nil {
		return nil, err
	}
	if o.Format != "text" && o.Format != "json" {
		return nil, usageError{fmt.Errorf("--format must be text or json, not %q", o.Format)}
	}
	return o, nil
}

// previousFlag reads --previous: a path, when given.
func previousFlag(cmd *cobra.Command) (string, error) {
	fs := cmd.Flags()
	p, err := fs.GetString("previous")
	if err != nil {
		return "", err
	}
	if fs.Changed("previous") && strings.TrimSpace(p) == "" {
		return "", usageError{fmt.Errorf("--previous needs a previous release: its output folder or its datapackage.json")}
	}
	return p, nil
}

// loadPrevious reads the previous release at path (nil for ""), and
// warns when today's checks find problems in its data: it is compared as
// it was published.
func loadPrevious(ctx context.Context, rep *reporter, path string) (*diff.Release, error) {
	if path == "" {
		return nil, nil
	}
	rep.Stage("reading the previous release " + path)
	prev, err := diff.Load(ctx, path)
	if err != nil {
		return nil, err
	}
	if n := len(prev.Problems); n > 0 {
		rep.Warning("%s: %s breaks %s of today's checks, the first: %s; it is compared as it was published",
			prev.Path, releaseName(prev.Version), diag.Plural(n, "one", fmt.Sprint(n)), prev.Problems[0])
	}
	return prev, nil
}

// releaseName is "release 1.0.0", or "the release" when no version is
// stated.
func releaseName(version string) string {
	if version == "" {
		return "the release (no version stated)"
	}
	return "release " + version
}

// runDiff compares the previous release with the project's data and
// prints the changes.
func runDiff(o *DiffOptions) error {
	ctx := o.ctx
	rep := o.reporter()
	prev, err := loadPrevious(ctx, rep, o.Old)
	if err != nil {
		return outcomeError{err, "nothing was compared"}
	}
	rep.Stage("reading the config")
	cfg, err := o.loadConfig()
	if err != nil {
		return outcomeError{err, "nothing was compared"}
	}
	opts := o.buildOptions(rep)
	data, _, err := build.LoadWith(ctx, cfg, opts)
	if err != nil {
		return outcomeError{err, "nothing was compared"}
	}
	rep.Stage("comparing")
	changes := diff.Compare(prev.Data, data)
	version := cfg.Release.Version
	explained := make([]bool, len(changes))
	unexplained := 0
	for i, c := range changes {
		if explained[i] = diff.Explained(c, data.Corrections, version); !explained[i] {
			unexplained++
		}
	}
	if o.Format == "json" {
		return writeDiffJSON(o.IO.Out, prev, cfg.Release.Version, cfg.Release.Date, cfg.Path, changes, explained, unexplained)
	}
	logFile := path.Join(build.ShownData(cfg, opts), dataset.CorrectionsFile)
	writeDiffText(o.IO.Out, prev, version, cfg.Path, logFile, changes, explained, unexplained)
	return nil
}

// writeDiffText writes the changes for people: the two releases, the
// changes grouped by kind of file, one a line, and a summary.
func writeDiffText(w io.Writer, prev *diff.Release, version, config, logFile string, changes []diff.Change, explained []bool, unexplained int) {
	fmt.Fprintf(w, "%s (%s) → %s (%s)\n", releaseName(prev.Version), diff.CellText(prev.Path), releaseName(version), diff.CellText(config))
	if len(changes) == 0 {
		fmt.Fprintf(w, "no changes since %s\n", releaseName(prev.Version))
		return
	}
	for i, c := range changes {
		if i == 0 || changes[i-1].Table != c.Table {
			fmt.Fprintln(w)
		}
		line := fmt.Sprintf("%-8s %s %s (%s)", c.Kind, diff.Noun(c.Table), diff.CellText(c.ID), diff.CellText(c.File))
		if len(c.Fields) > 0 {
			line += ": " + diff.FieldsText(c.Fields)
		}
		if version != "" && !explained[i] {
			line += "  [not logged]"
		}
		fmt.Fprintln(w, line)
	}
	n := diff.Counts(changes)
	summary := fmt.Sprintf("%d changed, %d added, %d removed", n.Changed, n.Added, n.Removed)
	if version != "" && unexplained > 0 {
		summary += fmt.Sprintf("; %s not logged: no entry of release %s in %s explains %s",
			diag.Plural(unexplained, "1 change", fmt.Sprintf("%d changes", unexplained)), version, logFile,
			diag.Plural(unexplained, "it", "them"))
	}
	fmt.Fprintf(w, "\n%s\n", summary)
}

// diffRelease is one side of diff --format json.
type diffRelease struct {
	Version  string `json:"version"`
	Date     string `json:"date"`
	Path     string `json:"path"`
	Problems *int   `json:"problems,omitempty"`
}

// diffChange is one change of diff --format json.
type diffChange struct {
	diff.Change
	Explained bool `json:"explained"`
}

// writeDiffJSON writes the changes as one JSON document.
func writeDiffJSON(w io.Writer, prev *diff.Release, version, date, config string, changes []diff.Change, explained []bool, unexplained int) error {
	problems := len(prev.Problems)
	doc := struct {
		Old         diffRelease  `json:"old"`
		New         diffRelease  `json:"new"`
		Counts      diff.Count   `json:"counts"`
		Unexplained int          `json:"unexplained"`
		Changes     []diffChange `json:"changes"`
	}{
		Old:         diffRelease{Version: prev.Version, Date: prev.Date, Path: prev.Path, Problems: &problems},
		New:         diffRelease{Version: version, Date: date, Path: config},
		Counts:      diff.Counts(changes),
		Unexplained: unexplained,
		Changes:     make([]diffChange, len(changes)),
	}
	for i, c := range changes {
		doc.Changes[i] = diffChange{Change: c, Explained: explained[i]}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}
