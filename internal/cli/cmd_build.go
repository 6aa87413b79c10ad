package cli

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/dashgen/dashgen/internal/build"
	"github.com/dashgen/dashgen/internal/config"
	"github.com/dashgen/dashgen/internal/serve"
)

// BuildOptions are what dashgen build runs from.
type BuildOptions struct {
	ProjectOptions
	// Watch rebuilds after every change until interrupted.
	Watch bool
	// Previous is --previous: a previous release's output folder or its
	// datapackage.json, to compare the data with; "" for none.
	Previous string
}

// NewCmdBuild is dashgen build; runF replaces its work (nil: runBuild).
func NewCmdBuild(f *Factory, runF func(*BuildOptions) error) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "build [folder]",
		Short: "Build the dashboards into the output folder",
		Long: `Build checks every data file and writes the site (index, dashboards, sources)
into the output folder, replacing it whole. If anything is wrong, it prints
every error as file:line:column: message and leaves the output untouched.

With --previous OLD (a previous build's output folder, or its
datapackage.json) it compares the data with that release and warns
(unexplained-change) about every figure or record added, removed or changed
that the corrections log (data/corrections.csv) does not explain for the
release config.yaml states; with --strict that is an error and nothing is
written. OLD is read once, before the build, so it may be the output folder
the build replaces; with --watch every rebuild compares with it.`,
		Example: `  dashgen build
  dashgen build --previous published/1.0.0 --strict`,
		Args: projectArg,
		RunE: func(cmd *cobra.Command, args []string) error {
			o, err := buildOptions(f, cmd, args)
			if err != nil {
				return err
			}
			if runF != nil {
				return runF(o)
			}
			if o.Watch {
				return runWatch(o)
			}
			return runBuild(o)
		},
	}
	addSettingFlags(cmd.Flags(), cmd.Name())
	cmd.Flags().Bool("watch", false, "rebuild whenever config.yaml, a data file or a translation file changes, until interrupted")
	cmd.Flags().String("previous", "", "compare the data with a previous release (its output folder or datapackage.json) and warn about changes the corrections log does not explain")
	return cmd
}

// buildOptions reads build's flags and arguments.
func buildOptions(f *Factory, cmd *cobra.Command, args []string) (*BuildOptions, error) {
	p, err := projectOptions(f, cmd, args)
	if err != nil {
		return nil, err
	}
	o := &BuildOptions{ProjectOptions: p}
	if o.Watch, err = cmd.Flags().GetBool("watch"); err != nil {
		return nil, err
	}
	if o.Previous, err = previousFlag(cmd); err != nil {
		return nil, err
	}
	return o, nil
}

// runBuild builds once and writes the output folder.
func runBuild(o *BuildOptions) error {
	ctx := o.ctx
	start := time.Now()
	rep := o.reporter()
	rep.Stage("reading the config")
	cfg, err := o.loadConfig()
	if err != nil {
		return err
	}
	if err := checkOutput(cfg); err != nil {
		return err
	}
	opts := o.buildOptions(rep)
	if opts.Previous, err = loadPrevious(o.ctx, rep, o.Previous); err != nil {
		return err
	}
	res, err := build.BuildWith(ctx, cfg, opts)
	if err != nil {
		return err
	}
	rep.Warnings(res.Warnings)
	rep.Stage("writing " + cfg.ResolvedOutput())
	if err := ctx.Err(); err != nil {
		return err
	}
	n, err := writeOutput(ctx, rep, cfg, res.Files)
	if err != nil {
		return err
	}
	rep.Built(res, &written{len(res.Files), n, cfg.ResolvedOutput()}, time.Since(start))
	return nil
}

// runWatch is build --watch: the serve loop, writing the output folder
// after every good build instead of serving it. A bad build writes nothing.
func runWatch(o *BuildOptions) error {
	ctx := o.ctx
	path, err := o.configPath()
	if err != nil {
		return err
	}
	rep := o.reporter()
	opts := o.buildOptions(rep)
	if opts.Previous, err = loadPrevious(o.ctx, rep, o.Previous); err != nil {
		return err
	}
	loop := &serve.Loop{ConfigPath: path, Options: opts,
		Load: func() (*config.Config, error) { return o.load(path) }}
	err = loop.Run(ctx, func(r serve.Result) {
		if ctx.Err() != nil {
			return // interrupted: write nothing more
		}
		if r.Err == nil {
			start := time.Now()
			n, err := writeOutput(ctx, rep, r.Config, r.Build.Files)
			if err != nil {
				r.Err = err
			} else {
				rep.Result(r, "")
				rep.Built(r.Build, &written{len(r.Build.Files), n, r.Config.ResolvedOutput()}, r.Took+time.Since(start))
				return
			}
		}
		rep.Result(r, "nothing was written; watching for the next change")
	})
	if err != nil {
		return err
	}
	fmt.Fprintln(o.IO.Out, "stopped watching")
	return nil
}
