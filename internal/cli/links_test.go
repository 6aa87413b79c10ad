package cli

import (
	"bytes"
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/dashgen/dashgen/internal/links"
)

func TestLinksOptions(t *testing.T) {
	var got *LinksOptions
	code, _, stderr := runIn(t, &Factory{}, func(f *Factory) *cobra.Command { return NewCmdLinks(f, capture(&got)) }, "links")
	if code != ExitOK || got == nil {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if got.Format != "text" || got.Jobs != 8 || got.Timeout != 20*time.Second || got.Archive || got.ArchiveAPI.String() != links.DefaultArchiveAPI {
		t.Errorf("defaults: %+v", got)
	}
	code, _, stderr = runIn(t, &Factory{}, func(f *Factory) *cobra.Command { return NewCmdLinks(f, capture(&got)) },
		"links", "proj", "--data", "d", "--jobs", "3", "--timeout", "1m30s", "--archive", "--archive-api", "http://127.0.0.1:9/available?x=1")
	if code != ExitOK || got.Folder != "proj" || got.Settings["data"] != "d" || got.Jobs != 3 || got.Timeout != 90*time.Second || !got.Archive || got.ArchiveAPI.String() != "http://127.0.0.1:9/available?x=1" {
		t.Errorf("exit %d, stderr %q, options %+v", code, stderr, got)
	}
}

func TestLinksBadUsage(t *testing.T) {
	mk := func(f *Factory) *cobra.Command {
		return NewCmdLinks(f, func(*LinksOptions) error { t.Errorf("the command ran"); return nil })
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--jobs", "0"}, `--jobs 0: use from 1 to 64 requests at once`},
		{[]string{"--jobs", "65"}, `--jobs 65: use from 1 to 64 requests at once`},
		{[]string{"--jobs", "many"}, `invalid argument "many" for "--jobs" flag: strconv.ParseInt: parsing "many": invalid syntax`},
		{[]string{"--timeout", "-1s"}, `--timeout -1s: use a duration above zero, such as 20s or 1m`},
		{[]string{"--timeout", "0s"}, `--timeout 0s: use a duration above zero, such as 20s or 1m`},
		{[]string{"--timeout", "20"}, `invalid argument "20" for "--timeout" flag: time: missing unit in duration "20"`},
		{[]string{"--format", "xml"}, `--format must be text or json, not "xml"`},
		{[]string{"--archive-api", "http://127.0.0.1:9/"}, `--archive-api is the address --archive asks; give --archive too`},
		{[]string{"--archive", "--format", "json"}, `--archive prints rows of sources.csv; --format is for the link check`},
		{[]string{"--archive", "--archive-api", "ftp://archive.example/available"}, `--archive-api "ftp://archive.example/available": use the http or https address of an availability API, such as https://archive.org/wayback/available`},
		{[]string{"--archive", "--archive-api", "archive.org/wayback/available"}, `--archive-api "archive.org/wayback/available": use the http or https address of an availability API, such as https://archive.org/wayback/available`},
		{[]string{"--archive", "--archive-api", "https://archive.example/available#x"}, `--archive-api "https://archive.example/available#x": use the http or https address of an availability API, such as https://archive.org/wayback/available`},
		{[]string{"--archive", "--archive-api", ""}, `--archive-api "": use the http or https address of an availability API, such as https://archive.org/wayback/available`},
		{[]string{"a", "b"}, `links takes at most one argument, the project folder; got 2: ["a" "b"]`},
		{[]string{"--out", "site"}, `unknown flag: --out`},
	} {
		code, stdout, stderr := runIn(t, &Factory{}, mk, append([]string{"links"}, tc.args...)...)
		if code != ExitUsage || stderr != usage(tc.want) || stdout != "" {
			t.Errorf("%q: exit %d, stdout %q, stderr\n%q\nwant exit 2 and\n%q", tc.args, code, stdout, stderr, usage(tc.want))
		}
	}
}

// offline is a dialer of a machine without a network: no name resolves.
func offline(ctx context.Context, network, addr string) (net.Conn, error) {
	host, _, _ := net.SplitHostPort(addr)
	return nil, &net.OpError{Op: "dial", Net: network, Err: &net.DNSError{Err: "no such host", Name: host, Server: "10.0.0.53:53", IsNotFound: true}}
}

// unreachable is one whose network is down.
func unreachable(ctx context.Context, network, addr string) (net.Conn, error) {
	return nil, &net.OpError{Op: "dial", Net: network, Err: &os.SyscallError{Syscall: "connect", Err: syscall.ENETUNREACH}}
}

// Without a network, links says so in one line and exits 3, for the
// check and for --archive alike; it prints no report.
func TestLinksNoNetwork(t *testing.T) {
	dir := project(t)
	for _, tc := range []struct {
		name string
		dial func(ctx context.Context, network, addr string) (net.Conn, error)
		args []string
		want string
	}{
		{"check", offline, nil, "dashgen links: no network: could not reach any of the 17 hosts (lookup justiceforkhojaly.org on 10.0.0.53:53: no such host)\n"},
		{"check, network unreachable", unreachable, []string{"--format", "json"}, "dashgen links: no network: could not reach any of the 17 hosts (dial tcp: connect: network is unreachable)\n"},
		{"archive", offline, []string{"--archive"}, "dashgen links: no network: could not reach archive.org (lookup archive.org on 10.0.0.53:53: no such host)\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mk := func(f *Factory) *cobra.Command {
				return NewCmdLinks(f, func(o *LinksOptions) error {
					o.Dial = tc.dial
					o.Jobs = 1 // the failure named is the first address's
					return runLinks(o)
				})
			}
			code, stdout, stderr := runIn(t, &Factory{WorkDir: dir}, mk, append([]string{"links", dir}, tc.args...)...)
			if code != ExitNoNetwork || stdout != "" || stderr != tc.want {
				t.Errorf("exit %d, stdout %q, stderr\n%q\nwant exit 3 and\n%q", code, stdout, stderr, tc.want)
			}
		})
	}
}

// Bad data stops links before any request, as it stops validate.
func TestLinksBadData(t *testing.T) {
	dir := project(t)
	path := filepath.Join(dir, "data", "sources.csv")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitN(string(b), "\n", 3)
	bad := lines[0] + "\n" + strings.Replace(lines[1], ",statement,", ",statment,", 1) + "\n" + lines[2]
	if err := os.WriteFile(path, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	mk := func(f *Factory) *cobra.Command {
		return NewCmdLinks(f, func(o *LinksOptions) error {
			o.Dial = func(ctx context.Context, network, addr string) (net.Conn, error) {
				t.Errorf("links reached for the network (%s) with bad data", addr)
				return offline(ctx, network, addr)
			}
			return runLinks(o)
		})
	}
	code, stdout, stderr := runIn(t, &Factory{WorkDir: dir}, mk, "links", dir)
	want := `data/sources.csv:2:`
	if code != ExitData || stdout != "" || !strings.HasPrefix(stderr, want) || !strings.Contains(stderr, `"statment"`) || !strings.HasSuffix(stderr, "\ndashgen: 1 error; no link was checked\n") {
		t.Errorf("exit %d, stdout %q, stderr\n%s", code, stdout, stderr)
	}
}

// Ctrl+C while the requests wait stops links at once: exit 130, one line,
// no report.
func TestLinksInterrupted(t *testing.T) {
	dir := project(t)
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	dialing := make(chan struct{}, 64)
	mk := func(f *Factory) *cobra.Command {
		return NewCmdLinks(f, func(o *LinksOptions) error {
			o.Dial = func(ctx context.Context, network, addr string) (net.Conn, error) {
				dialing <- struct{}{}
				<-ctx.Done()
				return nil, ctx.Err()
			}
			return runLinks(o)
		})
	}
	go func() {
		select {
		case <-dialing:
			cancel(Interrupted{os.Interrupt})
		case <-time.After(60 * time.Second):
		}
	}()
	var out, errb bytes.Buffer
	f := &Factory{WorkDir: dir, Out: &out, Err: &errb}
	root := newRootOnly(f)
	root.AddCommand(mk(f))
	code := execute(ctx, f, root, []string{"links", dir})
	if code != 130 || out.String() != "" || errb.String() != "dashgen: interrupted; the check did not finish\n" {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out.String(), errb.String())
	}
}

func TestUserAgent(t *testing.T) {
	for v, want := range map[string]string{
		"v1.2.0":                 "dashgen/v1.2.0 (source link check)",
		"(devel) 0123456789ab":   "dashgen/devel-0123456789ab (source link check)",
		"(devel)":                "dashgen/devel (source link check)",
		"(devel) 0123abcd+dirty": "dashgen/devel-0123abcd+dirty (source link check)",
		"":                       "dashgen/devel (source link check)",
	} {
		if got := userAgent(v); got != want {
			t.Errorf("userAgent(%q) = %q, want %q", v, got, want)
		}
	}
}
