package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/dashgen/dashgen/internal/build"
)

// ValidateOptions are what dashgen validate runs from.
type ValidateOptions struct {
	ProjectOptions
	// Format is text or json.
	Format string
	// Previous is --previous, as for build.
	Previous string
}

// NewCmdValidate is dashgen validate; runF replaces its work (nil:
// runValidate).
func NewCmdValidate(f *Factory, runF func(*ValidateOptions) error) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "validate [folder]",
		Short: "Check the config and data files without writing anything",
		Long: `Validate runs every check of a build and writes nothing. With --format json
it prints one JSON document on standard output for other programs:
{"ok": bool, "errors": n, "warnings": n, "diagnostics": [{"file", "line",
"column", "key", "code", "severity", "message"}]}, and exits 1 when ok is false.
With --previous OLD it checks the data against a previous release as build
--previous does.`,
		Args: projectArg,
		RunE: func(cmd *cobra.Command, args []string) error {
			o, err := validateOptions(f, cmd, args)
			if err != nil {
				return err
			}
			if runF != nil {
				return runF(o)
			}
			return runValidate(o)
		},
	}
	addSettingFlags(cmd.Flags(), cmd.Name())
	cmd.Flags().String("format", "text", "output format: text or json")
	cmd.Flags().String("previous", "", "compare the data with a previous release (its output folder or datapackage.json) and warn about changes the corrections log does not explain")
	return cmd
}

// validateOptions reads validate's flags and arguments.
func validateOptions(f *Factory, cmd *cobra.Command, args []string) (*ValidateOptions, error) {
	p, err := projectOptions(f, cmd, args)
	if err != nil {
		return nil, err
	}
	o := &ValidateOptions{ProjectOptions: p}
	if o.Format, err = cmd.Flags().GetString("format"); err != nil {
		return nil, err
	}
	if o.Format != "text" && o.Format != "json" {
		return nil, usageError{fmt.Errorf("--format must be text or json, not %q", o.Format)}
	}
	if o.Previous, err = previousFlag(cmd); err != nil {
		return nil, err
	}
	return o, nil
}

// runValidate builds in memory and says what the build would make, or
// what is wrong.
func runValidate(o *ValidateOptions) error {
	rep := o.reporter()
	rep.Stage("reading the config")
	cfg, err := o.loadConfig()
	if err == nil {
		err = checkOutput(cfg)
	}
	var res *build.Result
	opts := o.buildOptions(rep)
	if err == nil {
		opts.Previous, err = loadPrevious(o.ctx, rep, o.Previous)
	}
	if err == nil {
		res, err = build.BuildWith(o.ctx, cfg, opts)
	}
	if o.Format == "json" {
		return writeJSONReport(o.IO.Out, res, err)
	}
	if err != nil {
		return err
	}
	rep.Warnings(res.Warnings)
	rep.Checked(res)
	return nil
}
