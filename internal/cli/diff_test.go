package cli

import (
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

func TestDiffOptions(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want DiffOptions
	}{
		{"OLD only", []string{"diff", "out1"},
			DiffOptions{ProjectOptions: ProjectOptions{Config: "config.yaml", Settings: map[string]string{}}, Old: "out1", Format: "text"}},
		{"OLD, folder, json, settings", []string{"diff", "out1/datapackage.json", "proj", "--format", "json", "--data", "d"},
			DiffOptions{ProjectOptions: ProjectOptions{Folder: "proj", Config: "config.yaml", Settings: map[string]string{"data": "d"}},
				Old: "out1/datapackage.json", Format: "json"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got *DiffOptions
			code, _, stderr := runIn(t, &Factory{}, func(f *Factory) *cobra.Command { return NewCmdDiff(f, capture(&got)) }, tc.args...)
			if code != ExitOK || got == nil {
				t.Fatalf("exit %d, stderr %q", code, stderr)
			}
			got.IO, got.ctx = nil, nil
			if got.Old != tc.want.Old || got.Format != tc.want.Format || got.Folder != tc.want.Folder ||
				got.Config != tc.want.Config || len(got.Settings) != len(tc.want.Settings) || got.Settings["data"] != tc.want.Settings["data"] {
				t.Errorf("got %+v, want %+v", *got, tc.want)
			}
		})
	}
}

// TestPreviousFlag: build, validate and serve take --previous; an empty
// one is a usage error.
func TestPreviousFlag(t *testing.T) {
	var b *BuildOptions
	if code, _, stderr := runIn(t, &Factory{}, func(f *Factory) *cobra.Command { return NewCmdBuild(f, capture(&b)) },
		"build", "--previous", "out1", "--watch"); code != ExitOK || b.Previous != "out1" || !b.Watch {
		t.Fatalf("build: exit %d %q %+v", code, stderr, b)
	}
	var v *ValidateOptions
	if code, _, stderr := runIn(t, &Factory{}, func(f *Factory) *cobra.Command { return NewCmdValidate(f, capture(&v)) },
		"validate", "--previous=old/datapackage.json"); code != ExitOK || v.Previous != "old/datapackage.json" {
		t.Fatalf("validate: exit %d %q %+v", code, stderr, v)
	}
	var s *ServeOptions
	if code, _, stderr := runIn(t, &Factory{}, func(f *Factory) *cobra.Command { return NewCmdServe(f, capture(&s)) },
		"serve", "--previous", "out1"); code != ExitOK || s.Previous != "out1" {
		t.Fatalf("serve: exit %d %q %+v", code, stderr, s)
	}
}

func TestDiffUsageErrors(t *testing.T) {
	diff := func(f *Factory) *cobra.Command { return NewCmdDiff(f, func(*DiffOptions) error { return nil }) }
	build := func(f *Factory) *cobra.Command { return NewCmdBuild(f, func(*BuildOptions) error { return nil }) }
	for _, tc := range []struct {
		name string
		make func(*Factory) *cobra.Command
		args []string
		want string
	}{
		{"no OLD", diff, []string{"diff"},
			usage("diff needs OLD, a previous build's output folder or its datapackage.json: dashgen diff OLD [folder]")},
		{"empty OLD", diff, []string{"diff", ""},
			usage("diff needs OLD, a previous build's output folder or its datapackage.json; got an empty argument")},
		{"three arguments", diff, []string{"diff", "a", "b", "c"},
			usage(`diff takes OLD and at most one project folder; got 3 arguments: ["a" "b" "c"]`)},
		{"bad format", diff, []string{"diff", "a", "--format", "yaml"},
			usage(`--format must be text or json, not "yaml"`)},
		{"unknown flag", diff, []string{"diff", "a", "--exit-code"},
			usage("unknown flag: --exit-code")},
		{"empty --previous", build, []string{"build", "--previous", ""},
			usage("--previous needs a previous release: its output folder or its datapackage.json")},
		{"--previous without a value", build, []string{"build", "--previous"},
			usage("flag needs an argument: --previous")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runIn(t, &Factory{}, tc.make, tc.args...)
			if code != ExitUsage || stderr != tc.want || stdout != "" {
				t.Errorf("exit %d, stderr\n%s\nwant exit 2 and\n%s", code, stderr, tc.want)
			}
		})
	}
}

// TestDiffHelp: the help says what OLD is, the JSON structure and the exit
// codes, with an example.
func TestDiffHelp(t *testing.T) {
	code, stdout, _ := runIn(t, &Factory{}, func(f *Factory) *cobra.Command { return NewCmdDiff(f, nil) }, "diff", "--help")
	if code != ExitOK {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"diff OLD [folder]", "datapackage.json", `"changes": [{"table"`, "Diff exits 0 whether or not the data changed", "dashgen diff published/1.0.0"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("help lacks %q:\n%s", want, stdout)
		}
	}
}
