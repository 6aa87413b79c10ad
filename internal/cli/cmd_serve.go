package cli

import (
	"context"
	"fmt"
	"net"

	"github.com/spf13/cobra"

	"github.com/dashgen/dashgen/internal/config"
	"github.com/dashgen/dashgen/internal/serve"
)

// ServeOptions are what dashgen serve runs from.
type ServeOptions struct {
	ProjectOptions
	// Addr is host:port; Public allows one other machines can reach.
	Addr   string
	Public bool
	// AllowHosts are the other names requests may give as their Host.
	AllowHosts []string
	// Previous is --previous, as for build: the release every rebuild
	// compares with, read once.
	Previous string
}

const serveLong = `Serve builds the site and serves it (from memory; the output folder is not
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
--public), add --allow-host with that name.`

// NewCmdServe is dashgen serve; runF replaces its work (nil: runServe).
func NewCmdServe(f *Factory, runF func(*ServeOptions) error) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "serve [folder]",
		Short: "Preview the dashboards, rebuilding and reloading them as the files change",
		Long:  serveLong,
		Args:  projectArg,
		RunE: func(cmd *cobra.Command, args []string) error {
			o, err := serveOptions(f, cmd, args)
			if err != nil {
				return err
			}
			if runF != nil {
				return runF(o)
			}
			return runServe(o)
		},
	}
	addSettingFlags(cmd.Flags(), cmd.Name())
	cmd.Flags().String("addr", "127.0.0.1:8000", "address to listen on (host:port; port 0 picks a free one)")
	cmd.Flags().Bool("public", false, "allow an --addr that other machines can reach")
	cmd.Flags().String("previous", "", "compare the data with a previous release (its output folder or datapackage.json), read once, and warn about changes the corrections log does not explain")
	cmd.Flags().StringSlice("allow-host", nil, "also answer requests that name this host (a name or an IP address; repeat or separate by commas)")
	return cmd
}

// serveOptions reads serve's flags and arguments, and checks the address
// and the host names.
func serveOptions(f *Factory, cmd *cobra.Command, args []string) (*ServeOptions, error) {
	p, err := projectOptions(f, cmd, args)
	if err != nil {
		return nil, err
	}
	o := &ServeOptions{ProjectOptions: p}
	fs := cmd.Flags()
	if o.Addr, err = fs.GetString("addr"); err != nil {
		return nil, err
	}
	if o.Public, err = fs.GetBool("public"); err != nil {
		return nil, err
	}
	if o.AllowHosts, err = fs.GetStringSlice("allow-host"); err != nil {
		return nil, err
	}
	if o.Previous, err = previousFlag(cmd); err != nil {
		return nil, err
	}
	if _, _, err := net.SplitHostPort(o.Addr); err != nil {
		return nil, usageError{fmt.Errorf("--addr %q is not host:port, such as 127.0.0.1:8000", o.Addr)}
	}
	for _, h := range o.AllowHosts {
		if err := serve.ValidHost(h); err != nil {
			return nil, usageError{err}
		}
	}
	if !serve.IsLoopback(o.Addr) && !o.Public {
		return nil, usageError{fmt.Errorf("--addr %s would let other machines reach the preview; add --public if that is what you want", o.Addr)}
	}
	return o, nil
}

// runServe builds, serves the site from memory and rebuilds it after every
// change, until interrupted.
func runServe(o *ServeOptions) error {
	rep := o.reporter()
	if !serve.IsLoopback(o.Addr) {
		rep.Warning("serving on %s: other machines on the network can read these pages", o.Addr)
	}
	path, err := o.configPath()
	if err != nil {
		return err
	}
	srv := serve.NewServer()
	srv.AllowHosts(o.AllowHosts...)
	opts := o.buildOptions(rep)
	opts.Preview = true
	if opts.Previous, err = loadPrevious(o.ctx, rep, o.Previous); err != nil {
		return err
	}
	loop := &serve.Loop{ConfigPath: path, Options: opts,
		Load: func() (*config.Config, error) { return o.load(path) }}
	ctx, cancel := context.WithCancel(o.ctx)
	defer cancel()
	built := make(chan struct{})
	loopErr := make(chan error, 1)
	go func() {
		first := true
		loopErr <- loop.Run(ctx, func(r serve.Result) {
			srv.Update(r)
			if r.Err != nil {
				rep.Result(r, "still serving the last good build")
			} else {
				rep.Result(r, "")
				rep.Built(r.Build, nil, r.Took)
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
		err = srv.Serve(ctx, o.Addr, func(a net.Addr) {
			fmt.Fprintf(o.IO.Out, "serving http://%s/ (Ctrl+C to stop)\n", a)
		}, o.IO.Err)
	}
	cancel()
	if lerr := <-loopErr; lerr != nil && err == nil {
		err = lerr
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(o.IO.Out, "stopped")
	return nil
}
