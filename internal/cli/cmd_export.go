package cli

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/dashgen/dashgen/internal/build"
	"github.com/dashgen/dashgen/internal/diag"
	"github.com/dashgen/dashgen/internal/export"
	"github.com/dashgen/dashgen/internal/serve"
)

// ExportOptions are what dashgen export runs from.
type ExportOptions struct {
	ProjectOptions
	// Export are the formats, size, scale, paper and browser, checked.
	Export export.Options
	// Langs, Dashboards and Charts narrow what is exported (empty: all);
	// they are checked against the config when it is read.
	Langs, Dashboards, Charts []string
	// Previous is --previous: the previous release, for the old and new
	// values of the charts' notes of what changed; "" for none.
	Previous string
}

const exportLong = `Export builds the site like 'dashgen build' (in memory: the output folder is
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

With --previous OLD (the previous release's output folder, as build takes
it), a chart showing a figure the corrections log changed in this release
says so with the old and new values, as the site built with --previous does.

The browser is found on PATH (chromium, google-chrome, ...) or given by --chrome.`

// NewCmdExport is dashgen export; runF replaces its work (nil: runExport).
func NewCmdExport(f *Factory, runF func(*ExportOptions) error) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "export [folder]",
		Short: "Build, then save charts as PNG or SVG and dashboards as PDF, for slides and print",
		Long:  exportLong,
		Example: `  dashgen export                                  # a PNG of every chart in every language, 1920×1080
  dashgen export --lang ru                        # only the Russian pages, into exports/ru/
  dashgen export --format png,svg,pdf --size 4:3
  dashgen export --format pdf --paper letter --dashboard overview
  dashgen export --chart killed-by-source --scale 3 --exports slides`,
		Args: projectArg,
		RunE: func(cmd *cobra.Command, args []string) error {
			o, err := exportOptions(f, cmd, args)
			if err != nil {
				return err
			}
			if runF != nil {
				return runF(o)
			}
			return runExport(o)
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
	cmd.Flags().String("previous", "", "the previous release (its output folder or datapackage.json): the charts' notes of what changed give the old and new values, as build --previous does")
	return cmd
}

// exportOptions reads export's flags and arguments, and checks the
// formats, the size, the scale and the paper.
func exportOptions(f *Factory, cmd *cobra.Command, args []string) (*ExportOptions, error) {
	p, err := projectOptions(f, cmd, args)
	if err != nil {
		return nil, err
	}
	o := &ExportOptions{ProjectOptions: p}
	fs := cmd.Flags()
	var size string
	e := &o.Export
	for _, err := range []error{
		get(fs.GetStringSlice, "format", &e.Formats),
		get(fs.GetString, "size", &size),
		get(fs.GetFloat64, "scale", &e.Scale),
		get(fs.GetString, "paper", &e.Paper),
		get(fs.GetString, "chrome", &e.Chrome),
		get(fs.GetStringSlice, "lang", &o.Langs),
		get(fs.GetStringSlice, "dashboard", &o.Dashboards),
		get(fs.GetStringSlice, "chart", &o.Charts),
	} {
		if err != nil {
			return nil, err
		}
	}
	for _, v := range e.Formats {
		if v != "png" && v != "svg" && v != "pdf" {
			return nil, usageError{fmt.Errorf("--format %q: use png, svg or pdf, separated by commas", v)}
		}
	}
	if e.Width, e.Height, err = export.ParseSize(size); err != nil {
		return nil, usageError{err}
	}
	if e.Scale < 1 || e.Scale > 4 {
		return nil, usageError{fmt.Errorf("--scale %g: use a pixel density from 1 to 4", e.Scale)}
	}
	if e.Paper != "a4" && e.Paper != "letter" {
		return nil, usageError{fmt.Errorf("--paper %q: use a4 or letter", e.Paper)}
	}
	if o.Previous, err = previousFlag(cmd); err != nil {
		return nil, err
	}
	return o, nil
}

// get reads one flag into *to with the flag set's getter.
func get[T any](getter func(string) (T, error), name string, to *T) error {
	v, err := getter(name)
	if err != nil {
		return err
	}
	*to = v
	return nil
}

// runExport builds in memory, has the browser draw the pages, and writes
// the files of every language asked for.
func runExport(o *ExportOptions) error {
	ctx := o.ctx
	if _, err := export.FindBrowser(o.Export.Chrome); err != nil {
		return err
	}
	cfg, err := o.loadConfig()
	if err != nil {
		return err
	}
	langs, err := exportLanguages(cfg, o.Langs)
	if err != nil {
		return err
	}
	charts, dashboards, err := exportTargets(cfg, o.Dashboards, o.Charts)
	if err != nil {
		return err
	}
	if err := checkExports(cfg, langs); err != nil {
		return err
	}
	start := time.Now()
	rep := o.reporter()
	opts := o.buildOptions(rep)
	if opts.Previous, err = loadPrevious(ctx, rep, o.Previous); err != nil {
		return err
	}
	res, err := build.BuildWith(ctx, cfg, opts)
	if err != nil {
		return err
	}
	rep.Warnings(res.Warnings)
	rep.Stage("exporting pages with the browser")
	var jobs []export.Job
	for i, lang := range langs {
		js, skipped := export.Plan(charts, dashboards, o.Export, lang)
		jobs = append(jobs, js...)
		if i == 0 {
			for _, s := range skipped {
				fmt.Fprintf(o.IO.Err, "dashgen: skipped %s\n", s)
			}
		}
	}
	site := serve.NewServer()
	site.Update(serve.Result{Config: cfg, Build: res})
	files, err := export.Run(ctx, site, jobs, o.Export, func(line string) { fmt.Fprintln(o.IO.Out, line) })
	if err != nil {
		return err
	}
	rep.Stage("writing " + cfg.ResolvedExports())
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := writeExports(ctx, rep, cfg, langs, res.Files, files); err != nil {
		return err
	}
	names := make([]string, len(langs))
	for i, l := range langs {
		names[i] = l.Lang
	}
	fmt.Fprintf(o.IO.Out, "exported %d %s into %s (%s) in %.1f s\n", len(files), diag.Plural(len(files), "file", "files"),
		cfg.ResolvedExports(), strings.Join(names, ", "), time.Since(start).Seconds())
	return nil
}
