package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/dashgen/dashgen/internal/build"
	"github.com/dashgen/dashgen/internal/dataset"
	"github.com/dashgen/dashgen/internal/diag"
	"github.com/dashgen/dashgen/internal/links"
)

// ExitNoNetwork is dashgen links' exit code when no host could be reached
// at all: the machine has no network.
const ExitNoNetwork = 3

// maxJobs bounds --jobs: more requests at once than this is no longer
// polite to the sites a project cites.
const maxJobs = 64

// LinksOptions are what dashgen links runs from.
type LinksOptions struct {
	ProjectOptions
	// Format is text or json.
	Format string
	// Jobs is how many requests run at once; Timeout bounds each.
	Jobs    int
	Timeout time.Duration
	// Archive asks ArchiveAPI for snapshots instead of checking links.
	Archive    bool
	ArchiveAPI *url.URL
	// Dial opens connections; nil dials the network. Tests replace it.
	Dial func(ctx context.Context, network, addr string) (net.Conn, error)
}

const linksLong = `Links checks the web address (url) and the archived copy (archive_url) of every
source in sources.csv over the network, and says for each whether it still
works: ok, redirected to …, 404 not found, 410 gone, timed out, TLS error,
could not connect. It reads the data as validate does (data errors stop it,
exit 1) and never writes a file. A build never goes to the network: links is
the only command that does.

Each address is asked with HEAD, then with GET when the server answers HEAD
with an error status or drops the connection (a GET reads no page body).
Redirects are followed, up to 10; a loop or more is a failure. At most
--jobs requests run at once, at most 2 to one host; each has --timeout.
Addresses that are not http or https are listed as not web addresses and
not fetched.

With --format json it prints one JSON document on standard output:
{"ok", "sources": [{"id", "file", "line", "broken", "links": [{"kind"
(url or archive_url), "url", "state", "status", "redirects", "final_url",
"error", "message"}]}], "summary": {...}}; the states are ok, redirected,
not-found, gone, http-error, timeout, tls-error, no-such-host,
no-connection, redirect-loop, too-many-redirects, not-web, error.

--archive checks nothing: for every source with a url and no archive_url,
it asks the Internet Archive's availability API (--archive-api) for the
snapshot closest to the day the source was accessed (else published), and
prints that source's row of sources.csv with archive_url and archived
filled in, to paste over the old row. It never edits the data. It finds
copies that exist; it does not ask the archive to save a page (Save Page
Now is out of scope: save a page at https://web.archive.org/save, then run
--archive again).

Exit codes: 0 every source with an address has one that works (a dead page
with a working archived copy is reported, and is not a failure; with
--archive: every lookup was answered); 1 a source's page is dead and it has
no archived copy that works (with --archive: a lookup failed), or bad data
or config; 2 bad usage; 3 no network: no host could be reached at all, said
in one line; 130 interrupted (nothing is printed but that).`

// NewCmdLinks is dashgen links; runF replaces its work (nil: runLinks).
func NewCmdLinks(f *Factory, runF func(*LinksOptions) error) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "links [folder]",
		Short: "Check that every source's web address and archived copy still work (uses the network)",
		Long:  linksLong,
		Example: `  dashgen links                         # check every url and archive_url of sources.csv
  dashgen links path/to/project
  dashgen links --format json > links.json
  dashgen links --jobs 4 --timeout 1m   # gentler, for slow sites
  dashgen links --archive               # rows with archived copies, to paste into sources.csv`,
		Args: projectArg,
		RunE: func(cmd *cobra.Command, args []string) error {
			o, err := linksOptions(f, cmd, args)
			if err != nil {
				return err
			}
			if runF != nil {
				return runF(o)
			}
			return runLinks(o)
		},
	}
	addSettingFlags(cmd.Flags(), cmd.Name())
	cmd.Flags().String("format", "text", "output format: text or json")
	cmd.Flags().Int("jobs", links.DefaultJobs, fmt.Sprintf("requests at once, from 1 to %d (at most %d to one host)", maxJobs, links.DefaultPerHost))
	cmd.Flags().Duration("timeout", links.DefaultTimeout, "how long one request may take, its redirects included (20s, 1m)")
	cmd.Flags().Bool("archive", false, "instead of checking links, ask the web archive for a copy of each source without archive_url and print the rows to paste")
	cmd.Flags().String("archive-api", links.DefaultArchiveAPI, "the availability API --archive asks")
	return cmd
}

// linksOptions reads links' flags and arguments, and checks them.
func linksOptions(f *Factory, cmd *cobra.Command, args []string) (*LinksOptions, error) {
	p, err := projectOptions(f, cmd, args)
	if err != nil {
		return nil, err
	}
	o := &LinksOptions{ProjectOptions: p}
	fs := cmd.Flags()
	var api string
	for _, err := range []error{
		get(fs.GetString, "format", &o.Format),
		get(fs.GetInt, "jobs", &o.Jobs),
		get(fs.GetDuration, "timeout", &o.Timeout),
		get(fs.GetBool, "archive", &o.Archive),
		get(fs.GetString, "archive-api", &api),
	} {
		if err != nil {
			return nil, err
		}
	}
	if o.Format != "text" && o.Format != "json" {
		return nil, usageError{fmt.Errorf("--format must be text or json, not %q", o.Format)}
	}
	if o.Jobs < 1 || o.Jobs > maxJobs {
		return nil, usageError{fmt.Errorf("--jobs %d: use from 1 to %d requests at once", o.Jobs, maxJobs)}
	}
	if o.Timeout <= 0 {
		return nil, usageError{fmt.Errorf("--timeout %s: use a duration above zero, such as 20s or 1m", o.Timeout)}
	}
	if fs.Changed("archive-api") && !o.Archive {
		return nil, usageError{errors.New("--archive-api is the address --archive asks; give --archive too")}
	}
	if o.Archive && fs.Changed("format") {
		return nil, usageError{errors.New("--archive prints rows of sources.csv; --format is for the link check")}
	}
	if o.ArchiveAPI, err = url.Parse(api); err != nil || !dataset.IsWebURL(api) || o.ArchiveAPI.Host == "" || o.ArchiveAPI.Fragment != "" {
		return nil, usageError{fmt.Errorf("--archive-api %q: use the http or https address of an availability API, such as %s", api, links.DefaultArchiveAPI)}
	}
	return o, nil
}

// linksOptions are the options of the network requests.
func (o *LinksOptions) linksOptions() links.Options {
	return links.Options{Jobs: o.Jobs, Timeout: o.Timeout, UserAgent: userAgent(Version()), Dial: o.Dial}
}

// userAgent names dashgen and its version to the servers links asks:
// "dashgen/v1.2.0 (source link check)"; the version as a product token
// ("(devel) 0123abcd" becomes devel-0123abcd).
func userAgent(version string) string {
	v := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', strings.ContainsRune(".-+_", r):
			return r
		case r == ' ':
			return '-'
		}
		return -1
	}, version)
	if v == "" {
		v = "devel"
	}
	return "dashgen/" + v + " (source link check)"
}

// exitCode is returned by a command that printed why it failed and exits
// with code.
type exitCode struct{ code int }

func (e exitCode) Error() string { return fmt.Sprintf("exit %d", e.code) }

// runLinks reads the sources and checks their addresses, or, with
// --archive, looks for archived copies.
func runLinks(o *LinksOptions) error {
	rep := o.reporter()
	rep.Stage("reading the config")
	cfg, err := o.loadConfig()
	if err != nil {
		return outcomeError{err, "no link was checked"}
	}
	data, _, err := build.LoadWith(o.ctx, cfg, o.buildOptions(rep))
	if err != nil {
		return outcomeError{err, "no link was checked"}
	}
	if o.Archive {
		return runArchive(o, rep, data)
	}
	rep.Stage(fmt.Sprintf("checking the addresses of %d sources", len(data.Sources)))
	res, err := links.Check(o.ctx, data.Sources, o.linksOptions())
	if err != nil {
		return noNetwork(o.IO.Err, err)
	}
	if o.Format == "json" {
		if err := res.WriteJSON(o.IO.Out); err != nil {
			return err
		}
		if !res.Summary().Fine() {
			return reported{}
		}
		return nil
	}
	if err := res.WriteText(o.IO.Out); err != nil {
		return err
	}
	if broken := res.Summary().Broken; len(broken) > 0 {
		fmt.Fprintf(o.IO.Err, "dashgen links: %d %s a dead link and no archived copy that works: %s\n",
			len(broken), diag.Plural(len(broken), "source has", "sources have"), strings.Join(broken, ", "))
		return reported{}
	}
	return nil
}

// noNetwork prints the one line of a run without a network and returns
// its exit code; other errors pass through.
func noNetwork(w io.Writer, err error) error {
	var nn *links.NoNetworkError
	if !errors.As(err, &nn) {
		return err
	}
	fmt.Fprintf(w, "dashgen links: %v\n", nn)
	return exitCode{ExitNoNetwork}
}

// runArchive asks the availability API for a snapshot of every source
// without an archived copy and prints the rows to paste.
func runArchive(o *LinksOptions, rep *reporter, data *dataset.Data) error {
	rep.Stage("asking " + o.ArchiveAPI.Host + " for archived copies")
	found, err := links.Archive(o.ctx, data.Sources, o.ArchiveAPI, o.linksOptions())
	if err != nil {
		return noNetwork(o.IO.Err, err)
	}
	added, err := links.WriteRows(o.IO.Out, data.Inputs[dataset.SourcesFile], found)
	if err != nil {
		return err
	}
	file := "sources.csv"
	if len(data.Sources) > 0 {
		file = data.Sources[0].File
	}
	var n, none, failed int
	for _, l := range found {
		s := l.Source
		switch {
		case l.Err != nil:
			failed++
			fmt.Fprintf(o.IO.Err, "%s:%d: %s: the archive's availability API gave no answer for %s: %v\n", s.File, s.Line, s.ID, s.URL, l.Err)
		case !l.Found():
			none++
			fmt.Fprintf(o.IO.Err, "%s:%d: %s: no archived copy of %s\n", s.File, s.Line, s.ID, s.URL)
		default:
			n++
		}
	}
	if len(added) > 0 && n > 0 {
		fmt.Fprintf(o.IO.Err, "dashgen links: %s has no %s %s: the rows end with %s; add \",%s\" to its header and as many empty cells to its other rows\n",
			file, strings.Join(added, " or "), diag.Plural(len(added), "column", "columns"), diag.Plural(len(added), "it", "them"), strings.Join(added, ","))
	}
	summary := fmt.Sprintf("dashgen links: %d %s", n, diag.Plural(n, "archived copy found", "archived copies found"))
	if n > 0 {
		summary += " (the rows above: paste each over its row in " + file + ")"
	}
	summary += fmt.Sprintf(", %d %s no copy", none, diag.Plural(none, "source has", "sources have"))
	if failed > 0 {
		summary += fmt.Sprintf(", %d %s failed", failed, diag.Plural(failed, "lookup", "lookups"))
	}
	fmt.Fprintln(o.IO.Err, summary+"; nothing was written")
	if failed > 0 {
		return reported{}
	}
	return nil
}
