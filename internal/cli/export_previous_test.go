package cli

import (
	"testing"

	"github.com/spf13/cobra"
)

// TestExportPrevious: export takes --previous, for the old and new values
// of the charts' notes of what changed; an empty one is a usage error.
func TestExportPrevious(t *testing.T) {
	var e *ExportOptions
	if code, _, stderr := runIn(t, &Factory{}, func(f *Factory) *cobra.Command { return NewCmdExport(f, capture(&e)) },
		"export", "--previous", "published/1.0.0", "--format", "svg"); code != ExitOK || e.Previous != "published/1.0.0" {
		t.Fatalf("export: exit %d %q %+v", code, stderr, e)
	}
	code, stdout, stderr := runIn(t, &Factory{}, func(f *Factory) *cobra.Command { return NewCmdExport(f, func(*ExportOptions) error { return nil }) },
		"export", "--previous", " ")
	if want := usage("--previous needs a previous release: its output folder or its datapackage.json"); code != ExitUsage || stderr != want || stdout != "" {
		t.Errorf("exit %d, stderr\n%s\nwant exit 2 and\n%s", code, stderr, want)
	}
}
