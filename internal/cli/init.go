package cli

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dashgen/dashgen/internal/diag"
	"github.com/dashgen/dashgen/internal/output"
	"github.com/dashgen/dashgen/internal/scaffold"
)

const initLong = `Init writes a new project into FOLDER (the working folder when none is
given; the folder is made if needed): a commented config.yaml, and data/ with
every CSV file dashgen reads, each with its header and a few example rows
marked PLACEHOLDER, and one dashboard with a chart of each kind. It builds at
once, with no warning. With --example it writes the full example project
dashgen ships with instead.

Init never replaces a file: if one of the files it would write exists, it
names it and writes nothing. --force replaces those files (and only those);
init deletes nothing.

From an empty folder to your own dashboard:

  dashgen init my-project       # write the starter project
  cd my-project
  dashgen build                 # the site, in output/: open output/index.html
  dashgen serve                 # or preview at http://127.0.0.1:8000/, live

Then, with the preview open, replace the PLACEHOLDER rows: your event in
data/events.csv, your documents in data/sources.csv, each figure as a source
states it in data/counts.csv, and the titles in config.yaml. Every save
rebuilds; a mistake is shown with its file, line and column.`

// InitOptions are what dashgen init runs from.
type InitOptions struct {
	IO *Factory
	// Dir is the folder of the new project.
	Dir string
	// Example writes the example project; Force replaces files init writes.
	Example, Force bool
}

// NewCmdInit is dashgen init; runF replaces its work (nil: runInit).
func NewCmdInit(f *Factory, runF func(*InitOptions) error) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "init [folder]",
		Short: "Write a new project (config.yaml and data/) that builds at once",
		Long:  initLong,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usageError{fmt.Errorf("init takes at most one argument, the folder of the new project; got %d: %q", len(args), args)}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			o, err := initOptions(f, cmd, args)
			if err != nil {
				return err
			}
			if runF != nil {
				return runF(o)
			}
			return runInit(o)
		},
	}
	cmd.Flags().Bool("example", false, "write the full example project dashgen ships with, instead of the starter")
	cmd.Flags().Bool("force", false, "replace the files init writes if they exist (init deletes nothing)")
	return cmd
}

// initOptions reads init's flags and arguments.
func initOptions(f *Factory, cmd *cobra.Command, args []string) (*InitOptions, error) {
	o := &InitOptions{IO: f, Dir: "."}
	if len(args) == 1 {
		o.Dir = args[0]
	}
	if strings.TrimSpace(o.Dir) == "" {
		return nil, usageError{fmt.Errorf("init: the folder name is empty")}
	}
	var err error
	if o.Example, err = cmd.Flags().GetBool("example"); err != nil {
		return nil, err
	}
	if o.Force, err = cmd.Flags().GetBool("force"); err != nil {
		return nil, err
	}
	return o, nil
}

// runInit writes the project and says what to do next.
func runInit(o *InitOptions) error {
	project, what := scaffold.Template(), "a new project"
	if o.Example {
		project, what = scaffold.Example(), "the example project"
	}
	files, err := output.Create(o.Dir, project, o.Force)
	if err != nil {
		return err
	}
	fmt.Fprint(o.IO.Out, nextSteps(o.Dir, what, files, o.Example))
	return nil
}

// nextSteps is what init prints: what it wrote, and what to do next.
func nextSteps(dir, what string, files []string, example bool) string {
	var b strings.Builder
	where := filepath.ToSlash(dir)
	fmt.Fprintf(&b, "wrote %s into %s: %s\n", what, where, summarizeFiles(files))
	b.WriteString("next:\n")
	if filepath.Clean(dir) != "." {
		fmt.Fprintf(&b, "  cd %s\n", shellQuote(where))
	}
	b.WriteString("  dashgen build     # writes the site into output/; open output/index.html\n")
	b.WriteString("  dashgen serve     # or preview it at http://127.0.0.1:8000/, rebuilt as you save\n")
	if !example {
		b.WriteString("then replace the rows marked PLACEHOLDER in data/ and the titles in config.yaml with your own.\n")
	}
	return b.String()
}

// summarizeFiles names the top-level files and counts those in folders:
// "config.yaml, 5 files in data/".
func summarizeFiles(files []string) string {
	var top []string
	inDir := map[string]int{}
	var dirs []string
	for _, f := range files {
		first, _, nested := strings.Cut(f, "/")
		if !nested {
			top = append(top, f)
			continue
		}
		if inDir[first] == 0 {
			dirs = append(dirs, first)
		}
		inDir[first]++
	}
	for _, d := range dirs {
		top = append(top, fmt.Sprintf("%d %s in %s/", inDir[d], diag.Plural(inDir[d], "file", "files"), d))
	}
	return strings.Join(top, ", ")
}

// shellQuote quotes a folder name for the cd line when the shell needs it.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./~", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
