// Package cli is the command line: cobra commands that read the config and
// call the pipeline. It holds no logic of its own beyond wiring and output.
//
// Each command follows one pattern: NewCmdX(f, runF) makes the cobra
// command; its flags and arguments become an XOptions in one function
// (xOptions), which checks every value and says what is wrong with it; and
// runF, which tests may replace, does the work from the options alone.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	dashcharts "github.com/dashgen/dashgen/charts"
	"github.com/dashgen/dashgen/internal/build"
	"github.com/dashgen/dashgen/internal/config"
	"github.com/dashgen/dashgen/internal/diag"
	"github.com/dashgen/dashgen/internal/export"
)

// Exit codes.
const (
	ExitOK    = 0
	ExitData  = 1 // bad data or config, or a failed write
	ExitUsage = 2 // bad flags or arguments
	// A command stopped by a signal exits 128 plus its number: 130 for
	// SIGINT (Ctrl+C), 143 for SIGTERM. See InterruptCode.
)

// usageError marks errors in how the command was called.
type usageError struct{ error }

// Factory is what the commands take from the process: where they write,
// the folder they run in, and the environment. Tests make their own.
type Factory struct {
	Out, Err io.Writer
	// WorkDir is the absolute folder the command runs in: messages name
	// data files relative to it. Empty names them as the config resolves
	// them.
	WorkDir string
	// Getenv looks up an environment variable (DASHGEN_…); nil reads none.
	Getenv func(string) string
}

func (f *Factory) getenv(key string) string {
	if f.Getenv == nil {
		return ""
	}
	return f.Getenv(key)
}

// Run runs the command line and returns the exit code.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	wd, err := os.Getwd()
	if err != nil {
		wd = ""
	}
	return RunWith(ctx, &Factory{Out: stdout, Err: stderr, WorkDir: wd, Getenv: os.Getenv}, args)
}

// RunWith is Run with what the commands take from the process given.
func RunWith(ctx context.Context, f *Factory, args []string) int {
	return execute(ctx, f, newRoot(f), args)
}

// execute runs root with args and turns what it returns into an exit code
// and the lines that explain it.
func execute(ctx context.Context, f *Factory, root *cobra.Command, args []string) int {
	interruptLine.Lock()
	interruptLine.said = false
	interruptLine.Unlock()
	root.SetArgs(args)
	root.SetOut(f.Out)
	root.SetErr(f.Err)
	runCtx, endRun := context.WithCancel(ctx)
	cmd, err := root.ExecuteContextC(runCtx)
	endRun()
	if sig, ok := interruption(ctx); ok && (err != nil || watching(cmd)) {
		// A signal stopped the command before its end: it wrote nothing
		// (serve and build --watch said "stopped" themselves).
		if err != nil {
			sayOnce(f.Err, stoppedLine(cmd))
		}
		return InterruptCode(sig)
	}
	if err == nil {
		return ExitOK
	}
	var de *diag.Errors
	var ue usageError
	var ec exitCode
	switch {
	case errors.As(err, &ec):
		return ec.code
	case errors.As(err, &reported{}):
		return ExitData
	case errors.As(err, &de):
		for _, line := range diag.Format(de.Items) {
			fmt.Fprintln(f.Err, line)
		}
		outcome := "nothing was written"
		if oe := (outcomeError{}); errors.As(err, &oe) {
			outcome = oe.outcome
		}
		fmt.Fprintln(f.Err, diag.Summary(de.Items, outcome))
		return ExitData
	case errors.As(err, &ue):
		fmt.Fprintf(f.Err, "dashgen: %v\nRun 'dashgen --help' for usage.\n", ue.error)
		return ExitUsage
	case cmd != nil && !cmd.Runnable():
		// A command with no work of its own (the root) fails only in
		// cobra's search for the command named: an unknown command.
		fmt.Fprintf(f.Err, "dashgen: %v\nRun 'dashgen --help' for usage.\n", err)
		return ExitUsage
	default:
		fmt.Fprintf(f.Err, "dashgen: %v\n", err)
		return ExitData
	}
}

// newRoot is the dashgen command with every command under it.
func newRoot(f *Factory) *cobra.Command {
	root := newRootOnly(f)
	root.AddCommand(NewCmdBuild(f, nil), NewCmdValidate(f, nil), NewCmdServe(f, nil),
		NewCmdExport(f, nil), NewCmdDiff(f, nil), NewCmdVersion(f, nil), NewCmdInit(f, nil), NewCmdLinks(f, nil))
	return root
}

// newRootOnly is the dashgen command and its own flags, without commands.
func newRootOnly(f *Factory) *cobra.Command {
	root := &cobra.Command{
		Use:   "dashgen",
		Short: "Turn CSV datasets into standalone HTML chart dashboards",
		Long: `dashgen turns the CSV files of a project (data/*.csv, declared in config.yaml)
into standalone HTML dashboards that work offline. Every figure keeps its
source and its qualifier; a build with bad data writes nothing and says which
file, line and column is wrong.

Exit codes: 0 success, 1 bad data or config (nothing is written), 2 bad
usage, 3 no network (dashgen links), 130 interrupted by Ctrl+C (SIGINT),
143 stopped by SIGTERM. An
interrupted command stops within about a second and writes nothing; a
second Ctrl+C exits at once.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	// Every error pflag finds in the flags (unknown, missing value, not a
	// number) is one of usage: cobra hands it here, on every command.
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageError{err} })
	root.PersistentPreRunE = func(cmd *cobra.Command, args []string) error {
		// With --progress, say when a signal arrives: what the command
		// does after it shows where it stopped.
		on, err := cmd.Flags().GetBool("progress")
		if err != nil {
			return err
		}
		if on {
			rep := &reporter{err: f.Err, progress: true}
			ctx := cmd.Context()
			go func() {
				<-ctx.Done()
				if sig, ok := interruption(ctx); ok {
					rep.Stage("signal received (" + sig.String() + "); stopping")
				}
			}()
		}
		return nil
	}
	config := f.getenv("DASHGEN_CONFIG")
	if config == "" {
		config = "config.yaml"
	}
	root.PersistentFlags().String("config", config, "config file (env DASHGEN_CONFIG)")
	root.PersistentFlags().Bool("progress", false, "print each stage of the work on standard error as it starts")
	return root
}

// addSettingFlags adds a flag for every setting the command uses: the
// exports folder is export's only, export's --lang picks the languages
// to export instead of setting site.lang (see projectOptions), and links
// reads the data folder only.
func addSettingFlags(fs *pflag.FlagSet, command string) {
	for _, s := range config.Settings {
		if !isSettingFlag(command, s.Flag) {
			continue
		}
		fs.String(s.Flag, "", s.Usage+" (overrides config key "+s.Key+")")
	}
	fs.Bool("strict", false, "treat warnings as errors (or set strict: true in the config)")
}

// isSettingFlag says whether the command's flag of that name sets a config
// setting.
func isSettingFlag(command, flag string) bool {
	switch {
	case flag == "exports" && command != "export":
		return false
	case flag == "lang" && command == "export":
		return false
	case command == "links":
		// links reads the data only: no page, output or language.
		return flag == "data"
	}
	return true
}

// noArgs refuses any argument, as a usage error.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageError{fmt.Errorf("%s takes no arguments, got %q", cmd.Name(), args)}
	}
	return nil
}

// ProjectOptions are what every command that reads a project takes from
// the command line: which config, the settings its flags override, and
// how much to say.
type ProjectOptions struct {
	IO *Factory
	// ctx is the command's context: it ends on Ctrl+C.
	ctx context.Context
	// Folder is the project folder argument, "" when none was given.
	Folder string
	// Config is --config (or DASHGEN_CONFIG, or config.yaml); ConfigSet
	// says whether --config was given.
	Config    string
	ConfigSet bool
	// Settings are the setting flags that were set, by flag name.
	Settings map[string]string
	// Strict is --strict (warnings are errors); Progress is --progress.
	Strict   bool
	Progress bool
}

// projectOptions reads the options every project command shares.
func projectOptions(f *Factory, cmd *cobra.Command, args []string) (ProjectOptions, error) {
	o := ProjectOptions{IO: f, ctx: cmd.Context(), Settings: map[string]string{}}
	if len(args) > 0 {
		o.Folder = args[0]
	}
	var err error
	fs := cmd.Flags()
	if o.Config, err = fs.GetString("config"); err != nil {
		return o, err
	}
	o.ConfigSet = fs.Changed("config")
	if o.Strict, err = fs.GetBool("strict"); err != nil {
		return o, err
	}
	if o.Progress, err = fs.GetBool("progress"); err != nil {
		return o, err
	}
	for _, s := range config.Settings {
		if !isSettingFlag(cmd.Name(), s.Flag) || !fs.Changed(s.Flag) {
			continue
		}
		if o.Settings[s.Flag], err = fs.GetString(s.Flag); err != nil {
			return o, err
		}
	}
	return o, nil
}

// reporter is the one that writes this command's terminal lines.
func (o *ProjectOptions) reporter() *reporter {
	return &reporter{out: o.IO.Out, err: o.IO.Err, progress: o.Progress}
}

// load reads the config at path with the command line's settings.
func (o *ProjectOptions) load(path string) (*config.Config, error) {
	cfg, err := config.Load(path, &config.Overrides{Flags: o.Settings, Env: o.IO.Getenv})
	if err != nil {
		return nil, err
	}
	if o.Strict {
		cfg.Strict = true
	}
	return cfg, nil
}

// loadConfig finds the config (see configPath) and reads it.
func (o *ProjectOptions) loadConfig() (*config.Config, error) {
	path, err := o.configPath()
	if err != nil {
		return nil, err
	}
	return o.load(path)
}

// buildOptions are the options of a build the CLI runs: the binary's
// version, the reporter's stages, and the folder messages start from.
func (o *ProjectOptions) buildOptions(rep *reporter) build.Options {
	return build.Options{Version: Version(), Progress: rep.stageFunc(), ShowFrom: o.IO.WorkDir}
}

// exportLanguages lists the languages to export: those --lang names, or
// every language of the build, in the config's order.
func exportLanguages(cfg *config.Config, only []string) ([]export.Language, error) {
	for _, l := range only {
		if !slices.Contains(cfg.Languages, l) {
			return nil, usageError{fmt.Errorf("--lang %q is not a language of %s (languages: %s)", l, cfg.Path, strings.Join(cfg.Languages, ", "))}
		}
	}
	var langs []export.Language
	for i, l := range cfg.Languages {
		if len(only) > 0 && !slices.Contains(only, l) {
			continue
		}
		site := l + "/"
		if i == 0 {
			site = ""
		}
		langs = append(langs, export.Language{Site: site, Lang: l})
	}
	return langs, nil
}

// exportTargets lists the charts and dashboards to export, checking the
// ids the flags name.
func exportTargets(cfg *config.Config, onlyDash, onlyChart []string) ([]export.Chart, []export.Dashboard, error) {
	var charts []export.Chart
	var dashboards []export.Dashboard
	var dashIDs, chartIDs []string
	for _, d := range cfg.Dashboards {
		dashIDs = append(dashIDs, d.ID)
		for _, c := range d.Charts {
			chartIDs = append(chartIDs, c.ID)
		}
	}
	for _, id := range onlyDash {
		if !slices.Contains(dashIDs, id) {
			return nil, nil, usageError{fmt.Errorf("--dashboard %q is not a dashboard of %s (known: %s)", id, cfg.Path, strings.Join(dashIDs, ", "))}
		}
	}
	for _, id := range onlyChart {
		if !slices.Contains(chartIDs, id) {
			return nil, nil, usageError{fmt.Errorf("--chart %q is not a chart of %s (known: %s)", id, cfg.Path, strings.Join(chartIDs, ", "))}
		}
	}
	for _, d := range cfg.Dashboards {
		if len(onlyDash) > 0 && !slices.Contains(onlyDash, d.ID) {
			continue
		}
		if len(onlyChart) == 0 {
			dashboards = append(dashboards, export.Dashboard{ID: d.ID})
		}
		for _, c := range d.Charts {
			if len(onlyChart) > 0 && !slices.Contains(onlyChart, c.ID) {
				continue
			}
			kind, _ := dashcharts.KindOf(c.Type)
			charts = append(charts, export.Chart{ID: c.ID, Dashboard: d.ID, Drawn: kind.Drawn, Table: kind.Rows})
		}
	}
	return charts, dashboards, nil
}
