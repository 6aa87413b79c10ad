package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/dashgen/dashgen/internal/config"
	"github.com/dashgen/dashgen/internal/export"
)

// The tests here run the commands in this process, with no binary: each
// command's flags and arguments become its options in one function, and
// the work (runF) is replaced, so a test sees the options or the exact
// message and exit code of a bad flag.

// env is an environment of the given variables only.
func env(vars ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(vars); i += 2 {
		m[vars[i]] = vars[i+1]
	}
	return func(k string) string { return m[k] }
}

// runIn runs the command cmd makes under the root, as dashgen would, and
// returns the exit code and what it printed.
func runIn(t *testing.T, f *Factory, make func(*Factory) *cobra.Command, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	f.Out, f.Err = &out, &errb
	root := newRootOnly(f)
	root.AddCommand(make(f))
	code = execute(context.Background(), f, root, args)
	return code, out.String(), errb.String()
}

// capture returns a runF that keeps the options it is given.
func capture[T any](got **T) func(*T) error {
	return func(o *T) error { *got = o; return nil }
}

// usage is what a usage error prints.
func usage(msg string) string {
	return "dashgen: " + msg + "\nRun 'dashgen --help' for usage.\n"
}

func TestBuildOptions(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		env  func(string) string
		want BuildOptions
	}{
		{"defaults", []string{"build"}, nil,
			BuildOptions{ProjectOptions: ProjectOptions{Config: "config.yaml", Settings: map[string]string{}}}},
		{"folder, settings, strict, progress, watch", []string{"build", "proj", "--out", "site", "--title", "T", "--strict", "--progress", "--watch"}, nil,
			BuildOptions{ProjectOptions: ProjectOptions{Folder: "proj", Config: "config.yaml", Settings: map[string]string{"out": "site", "title": "T"}, Strict: true, Progress: true}, Watch: true}},
		{"config from the environment", []string{"build"}, env("DASHGEN_CONFIG", "other.yaml"),
			BuildOptions{ProjectOptions: ProjectOptions{Config: "other.yaml", Settings: map[string]string{}}}},
		{"--config over the environment", []string{"build", "--config", "c.yaml"}, env("DASHGEN_CONFIG", "other.yaml"),
			BuildOptions{ProjectOptions: ProjectOptions{Config: "c.yaml", ConfigSet: true, Settings: map[string]string{}}}},
		{"an empty setting is still set", []string{"build", "--base-url="}, nil,
			BuildOptions{ProjectOptions: ProjectOptions{Config: "config.yaml", Settings: map[string]string{"base-url": ""}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got *BuildOptions
			f := &Factory{Getenv: tc.env}
			code, _, stderr := runIn(t, f, func(f *Factory) *cobra.Command { return NewCmdBuild(f, capture(&got)) }, tc.args...)
			if code != ExitOK || got == nil {
				t.Fatalf("exit %d, stderr %q", code, stderr)
			}
			got.IO, got.ctx = nil, nil
			if !reflect.DeepEqual(*got, tc.want) {
				t.Errorf("options\n%+v\nwant\n%+v", *got, tc.want)
			}
		})
	}
}

func TestServeOptions(t *testing.T) {
	var got *ServeOptions
	f := &Factory{}
	code, _, stderr := runIn(t, f, func(f *Factory) *cobra.Command { return NewCmdServe(f, capture(&got)) },
		"serve", "--addr", "0.0.0.0:0", "--public", "--allow-host", "dash.local,192.168.1.20", "--allow-host", "box")
	if code != ExitOK || got == nil {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if got.Addr != "0.0.0.0:0" || !got.Public || !reflect.DeepEqual(got.AllowHosts, []string{"dash.local", "192.168.1.20", "box"}) {
		t.Errorf("options %+v", got)
	}
	code, _, _ = runIn(t, f, func(f *Factory) *cobra.Command { return NewCmdServe(f, capture(&got)) }, "serve")
	if code != ExitOK || got.Addr != "127.0.0.1:8000" || got.Public || len(got.AllowHosts) != 0 {
		t.Errorf("defaults: exit %d, %+v", code, got)
	}
}

func TestExportOptions(t *testing.T) {
	var got *ExportOptions
	f := &Factory{}
	mk := func(f *Factory) *cobra.Command { return NewCmdExport(f, capture(&got)) }
	code, _, stderr := runIn(t, f, mk, "export")
	if code != ExitOK {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	want := export.Options{Formats: []string{"png"}, Width: 1920, Height: 1080, Scale: 2, Paper: "a4"}
	if !reflect.DeepEqual(got.Export, want) || len(got.Langs)+len(got.Dashboards)+len(got.Charts) != 0 {
		t.Errorf("defaults: %+v", got)
	}
	code, _, stderr = runIn(t, f, mk, "export", "proj", "--format", "png,svg,pdf", "--size", "4:3", "--scale", "3",
		"--paper", "letter", "--chrome", "/opt/chrome", "--lang", "az,ru", "--dashboard", "overview", "--chart", "a,b", "--exports", "slides", "--title", "T")
	if code != ExitOK {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	want = export.Options{Formats: []string{"png", "svg", "pdf"}, Width: 1440, Height: 1080, Scale: 3, Paper: "letter", Chrome: "/opt/chrome"}
	if !reflect.DeepEqual(got.Export, want) {
		t.Errorf("export options %+v, want %+v", got.Export, want)
	}
	if !reflect.DeepEqual(got.Langs, []string{"az", "ru"}) || !reflect.DeepEqual(got.Dashboards, []string{"overview"}) || !reflect.DeepEqual(got.Charts, []string{"a", "b"}) {
		t.Errorf("narrowing: %q %q %q", got.Langs, got.Dashboards, got.Charts)
	}
	// export's --lang picks languages: it is no site.lang setting.
	if !reflect.DeepEqual(got.Settings, map[string]string{"exports": "slides", "title": "T"}) || got.Folder != "proj" {
		t.Errorf("settings %q, folder %q", got.Settings, got.Folder)
	}
}

func TestValidateInitVersionOptions(t *testing.T) {
	f := &Factory{}
	var v *ValidateOptions
	if code, _, stderr := runIn(t, f, func(f *Factory) *cobra.Command { return NewCmdValidate(f, capture(&v)) }, "validate", "--format", "json", "--lang", "az"); code != ExitOK || v.Format != "json" || v.Settings["lang"] != "az" {
		t.Errorf("validate: exit %d %q, %+v", code, stderr, v)
	}
	var in *InitOptions
	if code, _, stderr := runIn(t, f, func(f *Factory) *cobra.Command { return NewCmdInit(f, capture(&in)) }, "init", "new", "--example", "--force"); code != ExitOK || *in != (InitOptions{IO: f, Dir: "new", Example: true, Force: true}) {
		t.Errorf("init: exit %d %q, %+v", code, stderr, in)
	}
	if code, _, _ := runIn(t, f, func(f *Factory) *cobra.Command { return NewCmdInit(f, capture(&in)) }, "init"); code != ExitOK || in.Dir != "." || in.Example || in.Force {
		t.Errorf("init defaults: exit %d, %+v", code, in)
	}
	var ver *VersionOptions
	if code, _, _ := runIn(t, f, func(f *Factory) *cobra.Command { return NewCmdVersion(f, capture(&ver)) }, "version"); code != ExitOK || ver.Version != Version() || ver.ECharts == "" {
		t.Errorf("version: exit %d, %+v", code, ver)
	}
	_, stdout, _ := runIn(t, f, func(f *Factory) *cobra.Command { return NewCmdVersion(f, nil) }, "version")
	if want := "dashgen " + Version() + " (ECharts " + ver.ECharts + ")\n"; stdout != want {
		t.Errorf("version prints %q, want %q", stdout, want)
	}
}

// Every bad flag value and argument: exit 2, the exact message, and the
// work never starts.
func TestBadUsage(t *testing.T) {
	never := func(t *testing.T) func(any) error {
		return func(any) error { t.Errorf("the command ran"); return nil }
	}
	build := func(f *Factory) *cobra.Command {
		return NewCmdBuild(f, func(o *BuildOptions) error { return never(t)(o) })
	}
	validate := func(f *Factory) *cobra.Command {
		return NewCmdValidate(f, func(o *ValidateOptions) error { return never(t)(o) })
	}
	serveCmd := func(f *Factory) *cobra.Command {
		return NewCmdServe(f, func(o *ServeOptions) error { return never(t)(o) })
	}
	exportCmd := func(f *Factory) *cobra.Command {
		return NewCmdExport(f, func(o *ExportOptions) error { return never(t)(o) })
	}
	initCmd := func(f *Factory) *cobra.Command {
		return NewCmdInit(f, func(o *InitOptions) error { return never(t)(o) })
	}
	version := func(f *Factory) *cobra.Command {
		return NewCmdVersion(f, func(o *VersionOptions) error { return never(t)(o) })
	}
	for _, tc := range []struct {
		make func(*Factory) *cobra.Command
		args []string
		want string
	}{
		{validate, []string{"validate", "--format", "yaml"}, `--format must be text or json, not "yaml"`},
		{exportCmd, []string{"export", "--format", "png,gif"}, `--format "gif": use png, svg or pdf, separated by commas`},
		{exportCmd, []string{"export", "--size", "5:4"}, `--size "5:4" is not 16:9, 4:3 or WIDTHxHEIGHT in pixels (200×150 to 8000×8000), such as 1920x1080`},
		{exportCmd, []string{"export", "--size", "10x10"}, `--size "10x10" is not 16:9, 4:3 or WIDTHxHEIGHT in pixels (200×150 to 8000×8000), such as 1920x1080`},
		{exportCmd, []string{"export", "--scale", "9"}, `--scale 9: use a pixel density from 1 to 4`},
		{exportCmd, []string{"export", "--scale", "0.5"}, `--scale 0.5: use a pixel density from 1 to 4`},
		{exportCmd, []string{"export", "--scale", "big"}, `invalid argument "big" for "--scale" flag: strconv.ParseFloat: parsing "big": invalid syntax`},
		{exportCmd, []string{"export", "--paper", "a3"}, `--paper "a3": use a4 or letter`},
		{serveCmd, []string{"serve", "--addr", "8000"}, `--addr "8000" is not host:port, such as 127.0.0.1:8000`},
		{serveCmd, []string{"serve", "--addr", "0.0.0.0:0"}, `--addr 0.0.0.0:0 would let other machines reach the preview; add --public if that is what you want`},
		{serveCmd, []string{"serve", "--allow-host", "dash.local,http://evil.com/"}, `--allow-host "http://evil.com/": give a host name or an IP address, such as dashboards.local or 192.168.1.20`},
		{serveCmd, []string{"serve", "--public=maybe"}, `invalid argument "maybe" for "--public" flag: strconv.ParseBool: parsing "maybe": invalid syntax`},
		{build, []string{"build", "--nope"}, `unknown flag: --nope`},
		{build, []string{"build", "--out"}, `flag needs an argument: --out`},
		{build, []string{"build", "a", "b"}, `build takes at most one argument, the project folder; got 2: ["a" "b"]`},
		{validate, []string{"validate", "--progress=sometimes"}, `invalid argument "sometimes" for "--progress" flag: strconv.ParseBool: parsing "sometimes": invalid syntax`},
		{initCmd, []string{"init", ""}, `init: the folder name is empty`},
		{initCmd, []string{"init", "a", "b"}, `init takes at most one argument, the folder of the new project; got 2: ["a" "b"]`},
		{version, []string{"version", "now"}, `version takes no arguments, got ["now"]`},
	} {
		code, stdout, stderr := runIn(t, &Factory{}, tc.make, tc.args...)
		if code != ExitUsage || stderr != usage(tc.want) || stdout != "" {
			t.Errorf("%q: exit %d, stdout %q, stderr\n%q\nwant exit 2 and\n%q", tc.args, code, stdout, stderr, usage(tc.want))
		}
	}
}

// An unknown command is a usage error, recognised without reading cobra's
// message: only the root, which runs nothing itself, can fail that way.
func TestUnknownCommand(t *testing.T) {
	var out, errb bytes.Buffer
	code := RunWith(context.Background(), &Factory{Out: &out, Err: &errb}, []string{"buld"})
	want := usage("unknown command \"buld\" for \"dashgen\"\n\nDid you mean this?\n\tbuild\n")
	if code != ExitUsage || errb.String() != want {
		t.Errorf("exit %d, stderr %q; want 2 and %q", code, errb.String(), want)
	}
}

// The checks that need the config (the languages, dashboards and charts
// export names) run in this process too, on a copy of the project.
func TestExportNamesChecked(t *testing.T) {
	dir := project(t)
	sh, err := export.FindBrowser("sh")
	if err != nil {
		t.Skip("no sh on PATH to stand for the browser")
	}
	cfg := filepath.ToSlash(filepath.Join(dir, "config.yaml"))
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--lang", "de"}, `--lang "de" is not a language of ` + cfg + ` (languages: en, az, ru)`},
		{[]string{"--dashboard", "overveiw"}, `--dashboard "overveiw" is not a dashboard of ` + cfg + ` (known: overview, sources-compared, families-and-children, recognitions)`},
	} {
		args := append([]string{"export", dir, "--chrome", sh}, tc.args...)
		code, _, stderr := runIn(t, &Factory{WorkDir: dir}, func(f *Factory) *cobra.Command { return NewCmdExport(f, nil) }, args...)
		if code != ExitUsage || stderr != usage(tc.want) {
			t.Errorf("%q: exit %d, stderr\n%q\nwant\n%q", tc.args, code, stderr, usage(tc.want))
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "exports")); !os.IsNotExist(err) {
		t.Errorf("a refused export made the exports folder")
	}
}

// validate runs whole in this process: the data files are named from the
// folder the command runs in (Factory.WorkDir), not the process's.
func TestValidateInProcess(t *testing.T) {
	dir := project(t)
	casualties := filepath.Join(dir, "data", "casualties.csv")
	orig, err := os.ReadFile(casualties)
	if err != nil {
		t.Fatal(err)
	}
	f := &Factory{WorkDir: dir}
	mk := func(f *Factory) *cobra.Command { return NewCmdValidate(f, nil) }
	cfg, err := config.Load(filepath.Join(dir, "config.yaml"), nil)
	if err != nil {
		t.Fatal(err)
	}
	charts := 0
	for _, d := range cfg.Dashboards {
		charts += len(d.Charts)
	}
	code, stdout, stderr := runIn(t, f, mk, "validate", dir)
	if want := fmt.Sprintf("ok: %d dashboards, %d charts; nothing written\n", len(cfg.Dashboards), charts); code != ExitOK || stdout != want {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if err := os.WriteFile(casualties, []byte(strings.Replace(string(orig), ",613,exact,", ",6x,exact,", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ workDir, shown string }{
		{dir, "data/casualties.csv"},
		{filepath.Dir(dir), filepath.Base(dir) + "/data/casualties.csv"},
		{t.TempDir(), filepath.ToSlash(casualties)},
	} {
		code, _, stderr = runIn(t, &Factory{WorkDir: tc.workDir}, mk, "validate", dir)
		want := tc.shown + `:2:44: column "value": "6x" is not a whole number`
		if code != ExitData || !strings.HasPrefix(stderr, want) || !strings.HasSuffix(stderr, "nothing was written\n") {
			t.Errorf("from %s: exit %d, stderr\n%s\nwant it to start with %q", tc.workDir, code, stderr, want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "output")); !os.IsNotExist(err) {
		t.Errorf("validate wrote the output folder")
	}
}

// The environment a command sees is the Factory's: DASHGEN_ variables of
// the process do not reach an in-process run.
func TestSettingsFromTheFactorysEnvironment(t *testing.T) {
	dir := project(t)
	t.Setenv("DASHGEN_SITE_TITLE", "")
	f := &Factory{WorkDir: dir, Getenv: env("DASHGEN_ASSETS", "sideways")}
	code, _, stderr := runIn(t, f, func(f *Factory) *cobra.Command { return NewCmdValidate(f, nil) }, "validate", dir)
	want := filepath.ToSlash(filepath.Join(dir, "config.yaml")) + `: assets: "sideways" is not inline or shared`
	if code != ExitData || !strings.HasPrefix(stderr, want) {
		t.Errorf("exit %d, stderr\n%s\nwant it to start with %q", code, stderr, want)
	}
	code, _, stderr = runIn(t, f, func(f *Factory) *cobra.Command { return NewCmdValidate(f, nil) }, "validate", dir, "--assets", "shared")
	if code != ExitOK {
		t.Errorf("--assets over DASHGEN_ASSETS: exit %d, stderr %s", code, stderr)
	}
}

// A project folder that is missing, a file, or holds no config.yaml: the
// same answers as from the binary (cmd/dashgen TestInitAndFolderBadInput),
// here with absolute folders.
func TestProjectFolderBadInput(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "a-file"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(root, "empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	r := filepath.ToSlash(root)
	for _, tc := range []struct {
		make func(*Factory) *cobra.Command
		args []string
		code int
		want string
	}{
		{func(f *Factory) *cobra.Command { return NewCmdBuild(f, nil) }, []string{"build", root + "/a-file"}, ExitUsage,
			usage(`"` + r + `/a-file" is a file, not a project folder; pass the folder that holds config.yaml, or the file with --config`)},
		{func(f *Factory) *cobra.Command { return NewCmdValidate(f, nil) }, []string{"validate", root + "/nowhere"}, ExitData,
			r + "/nowhere: the project folder does not exist; dashgen init " + r + "/nowhere creates a new project there\ndashgen: 1 error; nothing was written\n"},
		{func(f *Factory) *cobra.Command { return NewCmdServe(f, nil) }, []string{"serve", root + "/empty"}, ExitData,
			r + "/empty/config.yaml: the config file does not exist, so " + r + "/empty is not a dashgen project; dashgen init " + r + "/empty creates one\ndashgen: 1 error; nothing was written\n"},
		{func(f *Factory) *cobra.Command { return NewCmdBuild(f, nil) }, []string{"build", root + "/empty", "--watch"}, ExitData,
			r + "/empty/config.yaml: the config file does not exist, so " + r + "/empty is not a dashgen project; dashgen init " + r + "/empty creates one\ndashgen: 1 error; nothing was written\n"},
	} {
		code, stdout, stderr := runIn(t, &Factory{WorkDir: root}, tc.make, tc.args...)
		if code != tc.code || stderr != tc.want || stdout != "" {
			t.Errorf("%q: exit %d, stdout %q, stderr\n%q\nwant exit %d and\n%q", tc.args, code, stdout, stderr, tc.code, tc.want)
		}
	}
	entries, err := os.ReadDir(filepath.Join(root, "empty"))
	if err != nil || len(entries) != 0 {
		t.Errorf("a refused command wrote into the folder: %v %v", entries, err)
	}
}
