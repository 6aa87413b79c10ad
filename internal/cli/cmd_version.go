package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/dashgen/dashgen/internal/site"
)

// VersionOptions are what dashgen version runs from.
type VersionOptions struct {
	IO *Factory
	// Version is dashgen's (see Version); ECharts the vendored ECharts'.
	Version, ECharts string
}

// NewCmdVersion is dashgen version; runF replaces its work (nil:
// runVersion).
func NewCmdVersion(f *Factory, runF func(*VersionOptions) error) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the versions of dashgen and the vendored ECharts",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o := &VersionOptions{IO: f, Version: Version(), ECharts: site.EChartsVersion()}
			if runF != nil {
				return runF(o)
			}
			return runVersion(o)
		},
	}
}

func runVersion(o *VersionOptions) error {
	_, err := fmt.Fprintf(o.IO.Out, "dashgen %s (ECharts %s)\n", o.Version, o.ECharts)
	return err
}
