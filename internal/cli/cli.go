// Package cli is the command line: cobra commands that read the config and
// call the pipeline. It holds no logic of its own beyond wiring and output.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	dashcharts "github.com/dashgen/dashgen/charts"
	"github.com/dashgen/dashgen/internal/build"
	"github.com/dashgen/dashgen/internal/config"
	"github.com/dashgen/dashgen/internal/diag"
	"github.com/dashgen/dashgen/internal/export"
	"github.com/dashgen/dashgen/internal/i18n"
	"github.com/dashgen/dashgen/internal/serve"
	"github.com/dashgen/dashgen/internal/site"
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

// Run runs the command line and returns the exit code.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	interruptLine.Lock()
	interruptLine.said = false
	interruptLine.Unlock()
	root := newRoot(stdout, stderr)
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	runCtx, endRun := context.WithCancel(ctx)
	cmd, err := root.ExecuteContextC(runCtx)
	endRun()
	if sig, ok := interruption(ctx); ok && (err != nil || watching(cmd)) {
		// A signal stopped the command before its end: it wrote nothing
		// (serve and build --watch said "stopped" themselves).
		if err != nil {
			sayOnce(stderr, stoppedLine(cmd))
		}
		return InterruptCode(sig)
	}
	if err == nil {
		return ExitOK
	}
	var de *diag.Errors
	var ue usageError
	switch {
	case errors.As(err, &reported{}):
		return ExitData
	case errors.As(err, &de):
		for _, line := range diag.Format(de.Items) {
			fmt.Fprintln(stderr, line)
		}
		fmt.Fprintln(stderr, diag.Summary(de.Items, "nothing was written"))
		return ExitData
	case errors.As(err, &ue) || strings.HasPrefix(err.Error(), "unknown command"):
		if ue.error == nil {
			ue = usageError{err}
		}
		fmt.Fprintf(stderr, "dashgen: %v\nRun 'dashgen --help' for usage.\n", ue.error)
		return ExitUsage
	default:
		fmt.Fprintf(stderr, "dashgen: %v\n", err)
		return ExitData
	}
}

func newRoot(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "dashgen",
		Short: "Turn CSV datasets into standalone HTML chart dashboards",
		Long: `dashgen turns the CSV files of a project (data/*.csv, declared in config.yaml)
into standalone HTML dashboards that work offline. Every figure keeps its
source and its qualifier; a build with bad data writes nothing and says which
file, line and column is wrong.

Exit codes: 0 success, 1 bad data or config (nothing is written), 2 bad
usage, 130 interrupted by Ctrl+C (SIGINT), 143 stopped by SIGTERM. An
interrupted command stops within about a second and writes nothing; a
second Ctrl+C exits at once.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageError{err} })
	root.PersistentPreRun = func(cmd *cobra.Command, args []string) {
		// With --progress, say when a signal arrives: what the command
		// does after it shows where it stopped.
		if p := progress(cmd, stderr); p != nil {
			ctx := cmd.Context()
			go func() {
				<-ctx.Done()
				if sig, ok := interruption(ctx); ok {
					p("signal received (" + sig.String() + "); stopping")
				}
			}()
		}
	}
	root.PersistentFlags().String("config", envOr("DASHGEN_CONFIG", "config.yaml"), "config file (env DASHGEN_CONFIG)")
	root.PersistentFlags().Bool("progress", false, "print each stage of the work on standard error as it starts")
	root.AddCommand(buildCmd(stdout, stderr), validateCmd(stdout, stderr), serveCmd(stdout, stderr), exportCmd(stdout, stderr), versionCmd(stdout), initCmd(stdout))
	return root
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// addSettingFlags adds a flag for every setting the command uses: the
// exports folder is export's only, and export's --lang picks the languages
// to export instead of setting site.lang (see settingFlags).
func addSettingFlags(fs *pflag.FlagSet, command string) {
	for _, s := range config.Settings {
		switch {
		case s.Flag == "exports" && command != "export":
			continue
		case s.Flag == "lang" && command == "export":
			continue
		}
		fs.String(s.Flag, "", s.Usage+" (overrides config key "+s.Key+")")
	}
	fs.Bool("strict", false, "treat warnings as errors (or set strict: true in the config)")
}

func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageError{fmt.Errorf("%s takes no arguments, got %q", cmd.Name(), args)}
	}
	return nil
}

// progress returns the function that prints a stage of the work on
// stderr, or nil without --progress.
func progress(cmd *cobra.Command, stderr io.Writer) func(string) {
	if on, _ := cmd.Flags().GetBool("progress"); !on {
		return nil
	}
	return func(stage string) { fmt.Fprintf(stderr, "dashgen: %s\n", stage) }
}

// say prints a stage with p, if not nil.
func say(p func(string), stage string) {
	if p != nil {
		p(stage)
	}
}

// settingFlags are the flags config.Load reads settings from: export's
// --lang names the languages to export, not site.lang, so it is left out.
func settingFlags(cmd *cobra.Command) *pflag.FlagSet {
	if cmd.Name() != "export" {
		return cmd.Flags()
	}
	fs := pflag.NewFlagSet(cmd.Name(), pflag.ContinueOnError)
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if f.Name != "lang" {
			fs.AddFlag(f)
		}
	})
	return fs
}

func loadConfig(cmd *cobra.Command) (*config.Config, error) {
	path, err := configPath(cmd)
	if err != nil {
		return nil, err
	}
	cfg, err := config.Load(path, settingFlags(cmd))
	if err != nil {
		return nil, err
	}
	if strict, _ := cmd.Flags().GetBool("strict"); strict {
		cfg.Strict = true
	}
	return cfg, nil
}

func buildCmd(stdout, stderr io.Writer) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "build [folder]",
		Short: "Build the dashboards into the output folder",
		Long: `Build checks every data file and writes the site (index, dashboards, sources)
into the output folder, replacing it whole. If anything is wrong, it prints
every error as file:line:column: message and leaves the output untouched.`,
		Args: projectArg,
		RunE: func(cmd *cobra.Command, args []string) error {
			if watch, _ := cmd.Flags().GetBool("watch"); watch {
				return watchBuild(cmd, stdout, stderr)
			}
			start := time.Now()
			p := progress(cmd, stderr)
			say(p, "reading the config")
			cfg, err := loadConfig(cmd)
			if err != nil {
				return err
			}
			if err := checkOutput(cfg); err != nil {
				return err
			}
			res, err := build.BuildWith(cmd.Context(), cfg, buildOptions(p))
			if err != nil {
				return err
			}
			printWarnings(stderr, res.Warnings)
			say(p, "writing "+cfg.ResolvedOutput())
			if err := cmd.Context().Err(); err != nil {
				return err
			}
			n, err := writeOutput(cmd.Context(), stderr, cfg, res.Files)
			if err != nil {
				return err
			}
			fmt.Fprintln(stdout, summary(res, n, cfg.ResolvedOutput(), time.Since(start)))
			return nil
		},
	}
	addSettingFlags(cmd.Flags(), cmd.Name())
	cmd.Flags().Bool("watch", false, "rebuild whenever config.yaml, a data file or a translation file changes, until interrupted")
	return cmd
}

func summary(res *build.Result, bytes int64, out string, took time.Duration) string {
	return fmt.Sprintf("built %d %s, %d %s, %d files, %s bytes into %s in %d ms",
		res.Dashboards, diag.Plural(res.Dashboards, "dashboard", "dashboards"),
		res.Charts, diag.Plural(res.Charts, "chart", "charts"),
		len(res.Files), groupDigits(bytes), out, took.Milliseconds())
}

// watchBuild is build --watch: the serve loop, writing the output folder
// after every good build instead of serving it. A bad build writes nothing.
func watchBuild(cmd *cobra.Command, stdout, stderr io.Writer) error {
	path, err := configPath(cmd)
	if err != nil {
		return err
	}
	loop := &serve.Loop{ConfigPath: path, Options: buildOptions(progress(cmd, stderr)), Load: func() (*config.Config, error) { return loadConfig(cmd) }}
	err = loop.Run(cmd.Context(), func(r serve.Result) {
		if cmd.Context().Err() != nil {
			return // interrupted: write nothing more
		}
		if r.Err == nil {
			start := time.Now()
			n, err := writeOutput(cmd.Context(), stderr, r.Config, r.Build.Files)
			if err != nil {
				r.Err = err
			} else {
				serve.Report(stdout, stderr, r, "")
				fmt.Fprintln(stdout, summary(r.Build, n, r.Config.ResolvedOutput(), r.Took+time.Since(start)))
				return
			}
		}
		serve.Report(stdout, stderr, r, "nothing was written; watching for the next change")
	})
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, "stopped watching")
	return nil
}

func serveCmd(stdout, stderr io.Writer) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "serve [folder]",
		Short: "Preview the dashboards, rebuilding and reloading them as the files change",
		Long: `Serve builds the site and serves it (from memory; the output folder is not
touched) at http://127.0.0.1:8000/. It watches config.yaml, the data files and
the translation files:
after a change it rebuilds, and every open page reloads, keeping its scroll
position. If a change breaks the build, the pages stay as the last good build
made them, and show the errors over the page; the terminal prints them too.
Stop it with Ctrl+C.

Preview pages load ECharts once from /assets/ and carry a small live-reload
script; 'dashgen build' writes neither.

The server answers only requests addressed to it by one of its own names:
127.0.0.1, localhost, [::1] and the host of --addr (with --addr 0.0.0.0 or
[::], every address of this machine). Any other name in a request's Host
gets 421 Misdirected Request, so a web page elsewhere cannot point its own
name at this machine and read the preview. To reach the preview by another
name (an alias in /etc/hosts, the machine's name on the network with
--public), add --allow-host with that name.`,
		Args: projectArg,
		RunE: func(cmd *cobra.Command, args []string) error {
			addr, _ := cmd.Flags().GetString("addr")
			public, _ := cmd.Flags().GetBool("public")
			allow, _ := cmd.Flags().GetStringSlice("allow-host")
			if _, _, err := net.SplitHostPort(addr); err != nil {
				return usageError{fmt.Errorf("--addr %q is not host:port, such as 127.0.0.1:8000", addr)}
			}
			for _, h := range allow {
				if err := serve.ValidHost(h); err != nil {
					return usageError{err}
				}
			}
			if !serve.IsLoopback(addr) {
				if !public {
					return usageError{fmt.Errorf("--addr %s would let other machines reach the preview; add --public if that is what you want", addr)}
				}
				fmt.Fprintf(stderr, "dashgen: warning: serving on %s: other machines on the network can read these pages\n", addr)
			}
			path, err := configPath(cmd)
			if err != nil {
				return err
			}
			srv := serve.NewServer()
			srv.AllowHosts(allow...)
			opts := buildOptions(progress(cmd, stderr))
			opts.Preview = true
			loop := &serve.Loop{ConfigPath: path, Options: opts,
				Load: func() (*config.Config, error) { return loadConfig(cmd) }}
			ctx, cancel := context.WithCancel(cmd.Context())
			defer cancel()
			built := make(chan struct{})
			loopErr := make(chan error, 1)
			go func() {
				first := true
				loopErr <- loop.Run(ctx, func(r serve.Result) {
					srv.Update(r)
					if r.Err != nil {
						serve.Report(stdout, stderr, r, "still serving the last good build")
					} else {
						serve.Report(stdout, stderr, r, "")
						fmt.Fprintf(stdout, "built %d %s, %d %s in %d ms\n", r.Build.Dashboards, diag.Plural(r.Build.Dashboards, "dashboard", "dashboards"),
							r.Build.Charts, diag.Plural(r.Build.Charts, "chart", "charts"), r.Took.Milliseconds())
					}
					if first {
						first = false
						close(built)
					}
				})
				cancel()
			}()
			select {
			case <-built:
			case <-ctx.Done():
			}
			if ctx.Err() == nil { // not interrupted during the first build
				err = srv.Serve(ctx, addr, func(a net.Addr) {
					fmt.Fprintf(stdout, "serving http://%s/ (Ctrl+C to stop)\n", a)
				}, stderr)
			}
			cancel()
			if lerr := <-loopErr; lerr != nil && err == nil {
				err = lerr
			}
			if err != nil {
				return err
			}
			fmt.Fprintln(stdout, "stopped")
			return nil
		},
	}
	addSettingFlags(cmd.Flags(), cmd.Name())
	cmd.Flags().String("addr", "127.0.0.1:8000", "address to listen on (host:port; port 0 picks a free one)")
	cmd.Flags().Bool("public", false, "allow an --addr that other machines can reach")
	cmd.Flags().StringSlice("allow-host", nil, "also answer requests that name this host (a name or an IP address; repeat or separate by commas)")
	return cmd
}

func validateCmd(stdout, stderr io.Writer) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "validate [folder]",
		Short: "Check the config and data files without writing anything",
		Long: `Validate runs every check of a build and writes nothing. With --format json
it prints one JSON document on standard output for other programs:
{"ok": bool, "errors": n, "warnings": n, "diagnostics": [{"file", "line",
"column", "key", "code", "severity", "message"}]}, and exits 1 when ok is false.`,
		Args: projectArg,
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "text" && format != "json" {
				return usageError{fmt.Errorf("--format must be text or json, not %q", format)}
			}
			p := progress(cmd, stderr)
			say(p, "reading the config")
			cfg, err := loadConfig(cmd)
			if err == nil {
				err = checkOutput(cfg)
			}
			var res *build.Result
			if err == nil {
				res, err = build.BuildWith(cmd.Context(), cfg, buildOptions(p))
			}
			if format == "json" {
				return writeJSONReport(stdout, res, err)
			}
			if err != nil {
				return err
			}
			printWarnings(stderr, res.Warnings)
			fmt.Fprintf(stdout, "ok: %d %s, %d %s; nothing written\n",
				res.Dashboards, diag.Plural(res.Dashboards, "dashboard", "dashboards"),
				res.Charts, diag.Plural(res.Charts, "chart", "charts"))
			return nil
		},
	}
	addSettingFlags(cmd.Flags(), cmd.Name())
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

func exportCmd(stdout, stderr io.Writer) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "export [folder]",
		Short: "Build, then save charts as PNG or SVG and dashboards as PDF, for slides and print",
		Long: `Export builds the site like 'dashgen build' (in memory: the output folder is
not touched), then opens its pages in Chromium (headless) and writes, for
every language of the build (languages: in config.yaml), into the exports
folder (the config key exports, "exports" beside config.yaml by default):

  <lang>/<chart>.png      the chart with its title, figures and sources, for a slide
  <lang>/<chart>.svg      the same drawn by ECharts' SVG renderer, text kept as text
  <lang>/<dashboard>.pdf  the dashboard for print: each drawn chart on a landscape
                          page it fills, with its title, notes and sources;
                          the sources' addresses at the end

The first language is no exception: exports/en/, exports/az/, ... Each export
replaces the folders of the languages it makes, whole (with a manifest.json);
other languages' folders stay as they are. A build never touches the exports.
A language folder holding a file dashgen did not write there is refused, and
left as it is.

The browser is found on PATH (chromium, google-chrome, ...) or given by --chrome.`,
		Example: `  dashgen export                                  # a PNG of every chart in every language, 1920×1080
  dashgen export --lang ru                        # only the Russian pages, into exports/ru/
  dashgen export --format png,svg,pdf --size 4:3
  dashgen export --format pdf --paper letter --dashboard overview
  dashgen export --chart killed-by-source --scale 3 --exports slides`,
		Args: projectArg,
		RunE: func(cmd *cobra.Command, args []string) error {
			f := cmd.Flags()
			formats, _ := f.GetStringSlice("format")
			sizeFlag, _ := f.GetString("size")
			scale, _ := f.GetFloat64("scale")
			paper, _ := f.GetString("paper")
			chrome, _ := f.GetString("chrome")
			onlyDash, _ := f.GetStringSlice("dashboard")
			onlyChart, _ := f.GetStringSlice("chart")
			onlyLang, _ := f.GetStringSlice("lang")
			for _, v := range formats {
				if v != "png" && v != "svg" && v != "pdf" {
					return usageError{fmt.Errorf("--format %q: use png, svg or pdf, separated by commas", v)}
				}
			}
			w, h, err := export.ParseSize(sizeFlag)
			if err != nil {
				return usageError{err}
			}
			if scale < 1 || scale > 4 {
				return usageError{fmt.Errorf("--scale %g: use a pixel density from 1 to 4", scale)}
			}
			if paper != "a4" && paper != "letter" {
				return usageError{fmt.Errorf("--paper %q: use a4 or letter", paper)}
			}
			if _, err := export.FindBrowser(chrome); err != nil {
				return err
			}
			cfg, err := loadConfig(cmd)
			if err != nil {
				return err
			}
			langs, err := exportLanguages(cfg, onlyLang)
			if err != nil {
				return err
			}
			charts, dashboards, err := exportTargets(cfg, onlyDash, onlyChart)
			if err != nil {
				return err
			}
			if err := checkExports(cfg, langs); err != nil {
				return err
			}
			start := time.Now()
			p := progress(cmd, stderr)
			res, err := build.BuildWith(cmd.Context(), cfg, buildOptions(p))
			if err != nil {
				return err
			}
			printWarnings(stderr, res.Warnings)
			say(p, "exporting pages with the browser")
			opts := export.Options{Formats: formats, Width: w, Height: h, Scale: scale, Paper: paper, Chrome: chrome}
			var jobs []export.Job
			for i, lang := range langs {
				js, skipped := export.Plan(charts, dashboards, opts, lang)
				jobs = append(jobs, js...)
				if i == 0 {
					for _, s := range skipped {
						fmt.Fprintf(stderr, "dashgen: skipped %s\n", s)
					}
				}
			}
			site := serve.NewServer()
			site.Update(serve.Result{Config: cfg, Build: res})
			files, err := export.Run(cmd.Context(), site, jobs, opts, func(line string) { fmt.Fprintln(stdout, line) })
			if err != nil {
				return err
			}
			say(p, "writing "+cfg.ResolvedExports())
			if err := cmd.Context().Err(); err != nil {
				return err
			}
			if err := writeExports(cmd.Context(), stderr, cfg, langs, res.Files, files); err != nil {
				return err
			}
			names := make([]string, len(langs))
			for i, l := range langs {
				names[i] = l.Lang
			}
			fmt.Fprintf(stdout, "exported %d %s into %s (%s) in %.1f s\n", len(files), diag.Plural(len(files), "file", "files"),
				cfg.ResolvedExports(), strings.Join(names, ", "), time.Since(start).Seconds())
			return nil
		},
	}
	addSettingFlags(cmd.Flags(), "export")
	cmd.Flags().StringSlice("lang", nil, "export only these languages of the config's languages (comma-separated; default: all)")
	cmd.Flags().StringSlice("format", []string{"png"}, "png, svg, pdf, or several separated by commas")
	cmd.Flags().String("size", "16:9", "image size: 16:9 (1920x1080), 4:3 (1440x1080) or WIDTHxHEIGHT in pixels")
	cmd.Flags().Float64("scale", 2, "pixel density: the page is laid out at size/scale (at least 640x480), so a higher scale gives larger type")
	cmd.Flags().String("paper", "a4", "PDF paper: a4 or letter")
	cmd.Flags().StringSlice("dashboard", nil, "export only these dashboards (ids, comma-separated) and their charts")
	cmd.Flags().StringSlice("chart", nil, "export only these charts (ids, comma-separated)")
	cmd.Flags().String("chrome", "", "path to Chromium or Chrome (default: found on PATH)")
	return cmd
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

func versionCmd(stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the versions of dashgen and the vendored ECharts",
		Args:  noArgs,
		Run: func(cmd *cobra.Command, args []string) {
			fmt.Fprintf(stdout, "dashgen %s (ECharts %s)\n", Version(), site.EChartsVersion())
		},
	}
}

func printWarnings(w io.Writer, ws []diag.Diagnostic) {
	for _, line := range diag.Format(ws) {
		fmt.Fprintln(w, line)
	}
}

// groupDigits writes n as the terminal's messages do, in English: 1,275.
func groupDigits(n int64) string {
	en, err := i18n.Load("en", nil)
	if err != nil {
		panic(err) // en.yaml is embedded: a bug
	}
	return en.Int(n)
}
