// Package links checks the web addresses of a project's sources (the url
// and archive_url of sources.csv) over the network, and asks a web
// archive's availability API for copies of the pages that have none. It
// is dashgen links: a build never calls it, so builds stay offline and
// give the same pages from the same files.
package links

import (
	"context"
	"crypto/x509"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/dashgen/dashgen/internal/dataset"
)

// Defaults of Options.
const (
	DefaultJobs         = 8
	DefaultPerHost      = 2
	DefaultTimeout      = 20 * time.Second
	DefaultMaxRedirects = 10
)

// Options say how links reaches the network.
type Options struct {
	// Jobs is how many requests run at once; PerHost how many of them may
	// go to one host. Zero: the defaults.
	Jobs, PerHost int
	// Timeout bounds one request, its redirects included.
	Timeout time.Duration
	// MaxRedirects is how many redirects a link may take before it counts
	// as broken.
	MaxRedirects int
	// UserAgent names dashgen and its version to the servers.
	UserAgent string
	// Dial opens connections; nil dials the network. Tests give one that
	// fails like a machine without a network.
	Dial func(ctx context.Context, network, addr string) (net.Conn, error)
	// RootCAs are the certificates trusted for https; nil: the system's.
	RootCAs *x509.CertPool
}

func (o Options) withDefaults() Options {
	if o.Jobs <= 0 {
		o.Jobs = DefaultJobs
	}
	if o.PerHost <= 0 {
		o.PerHost = DefaultPerHost
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxRedirects <= 0 {
		o.MaxRedirects = DefaultMaxRedirects
	}
	if o.UserAgent == "" {
		o.UserAgent = "dashgen"
	}
	return o
}

// Kinds of link: the column of sources.csv the address is in.
const (
	KindURL     = "url"
	KindArchive = "archive_url"
)

// State is what became of one address; the values are stable (they are in
// the JSON report).
type State string

// States of a link.
const (
	OK               State = "ok"                 // 2xx, at once
	Redirected       State = "redirected"         // 2xx after redirects
	NotFound         State = "not-found"          // 404
	Gone             State = "gone"               // 410
	HTTPError        State = "http-error"         // any other 4xx or 5xx
	Timeout          State = "timeout"            // no answer within the timeout
	TLSError         State = "tls-error"          // the certificate or the handshake failed
	NoSuchHost       State = "no-such-host"       // the name does not resolve
	NoConnection     State = "no-connection"      // refused, reset, unreachable
	RedirectLoop     State = "redirect-loop"      // a redirect back to an address already visited
	TooManyRedirects State = "too-many-redirects" // more than MaxRedirects
	NotWeb           State = "not-web"            // not an http or https address: not fetched
	Failed           State = "error"              // anything else
)

// Link is the check of one address of a source.
type Link struct {
	// Kind is url or archive_url.
	Kind string
	URL  string
	// State is what became of it; Status the last HTTP status received (0
	// when none), Chain every status of its redirects and the last one
	// (301, 301, 200), Final the address it ended at when that differs.
	State  State
	Status int
	Chain  []int
	Final  string
	// Reason is a failure in words ("certificate signed by unknown
	// authority"), empty for an answer.
	Reason string
	// timeout is the Options.Timeout the link was checked with.
	timeout time.Duration
}

// Works says whether the address answered with a page.
func (l *Link) Works() bool { return l.State == OK || l.State == Redirected }

// Dead says whether the address was fetched and gave no page.
func (l *Link) Dead() bool { return !l.Works() && l.State != NotWeb }

// Message is the link's state in words: ok, redirected to …, 404 not
// found, timed out after 20s, TLS error: ….
func (l *Link) Message() string {
	chain := ""
	if len(l.Chain) > 1 {
		chain = " " + chainText(l.Chain)
	}
	switch l.State {
	case OK:
		return "ok"
	case Redirected:
		return "redirected to " + l.Final + chain
	case NotFound, Gone, HTTPError:
		s := statusText(l.Status)
		if l.Final != "" {
			s += " at " + l.Final + chain
		}
		return s
	case Timeout:
		return "timed out after " + l.timeout.String() + l.redirectedTo()
	case TLSError:
		return "TLS error: " + l.Reason + l.redirectedTo()
	case NoSuchHost, NoConnection, Failed:
		return l.Reason + l.redirectedTo()
	case RedirectLoop:
		return "redirect loop: " + l.Reason
	case TooManyRedirects:
		return "too many redirects: " + l.Reason
	case NotWeb:
		return "not a web address (only http and https addresses are checked)"
	}
	return string(l.State)
}

// redirectedTo is, for a request that failed after redirects, where they
// led: " after redirects (301) to https://…".
func (l *Link) redirectedTo() string {
	if l.Final == "" {
		return ""
	}
	return " after redirects " + chainText(l.Chain) + " to " + l.Final
}

// statusText is "404 not found": the code and its name in lower case.
func statusText(code int) string {
	if t := http.StatusText(code); t != "" {
		return fmt.Sprintf("%d %s", code, strings.ToLower(t))
	}
	return fmt.Sprint(code)
}

// Source is the check of one source's addresses.
type Source struct {
	ID   string
	File string
	Line int
	// Links are its url, then its archive_url, those it has.
	Links []*Link
}

// link returns the source's link of kind, or nil.
func (s *Source) link(kind string) *Link {
	for _, l := range s.Links {
		if l.Kind == kind {
			return l
		}
	}
	return nil
}

// Broken says whether the source was fetched and none of its addresses
// works: its live page is dead and it has no archived copy, or the copy
// is dead too. A dead archived copy beside a live page is reported, but
// the source is not broken.
func (s *Source) Broken() bool {
	fetched := false
	for _, l := range s.Links {
		if l.Works() {
			return false
		}
		fetched = fetched || l.Dead()
	}
	return fetched
}

// Report is the check of every source, in the order of sources.csv.
type Report struct {
	Sources []*Source
}

// NoNetworkError says that no host could be reached at all: every request
// failed to resolve its host's name or found the network unreachable.
type NoNetworkError struct {
	// Hosts are the hosts tried, in order; First is the first failure.
	Hosts []string
	First string
}

func (e *NoNetworkError) Error() string {
	hosts := fmt.Sprintf("any of the %d hosts", len(e.Hosts))
	if len(e.Hosts) == 1 {
		hosts = e.Hosts[0]
	}
	return fmt.Sprintf("no network: could not reach %s (%s)", hosts, e.First)
}

// Check fetches every address of sources, at most Jobs at once and
// PerHost to one host, each address once however many sources give it.
// It returns ctx's error when ctx ends first, and a *NoNetworkError when
// no host could be reached.
func Check(ctx context.Context, sources []*dataset.Source, o Options) (*Report, error) {
	o = o.withDefaults()
	c := newClient(o)
	defer c.close()
	rep := &Report{}
	checks := map[string]*Link{} // by address: each is fetched once
	var todo []*Link
	for _, s := range sources {
		src := &Source{ID: s.ID, File: s.File, Line: s.Line}
		for _, a := range []struct{ kind, url string }{{KindURL, s.URL}, {KindArchive, s.ArchiveURL}} {
			if a.url == "" {
				continue
			}
			if _, seen := checks[a.url]; !seen {
				l := &Link{URL: a.url, timeout: o.Timeout}
				checks[a.url] = l
				if dataset.IsWebURL(a.url) {
					todo = append(todo, l)
				} else {
					l.State = NotWeb
				}
			}
			src.Links = append(src.Links, &Link{Kind: a.kind, URL: a.url})
		}
		rep.Sources = append(rep.Sources, src)
	}
	todo = byHostInTurn(todo)
	errs := make([]error, len(todo))
	err := c.each(ctx, len(todo), func(i int) string { return hostOf(todo[i].URL) }, func(ctx context.Context, i int) {
		errs[i] = c.check(ctx, todo[i])
	})
	if err != nil {
		return nil, err
	}
	urls := make([]string, len(todo))
	for i, l := range todo {
		urls[i] = l.URL
	}
	if nn := noNetwork(urls, errs); nn != nil {
		return nil, nn
	}
	for _, s := range rep.Sources {
		for i, l := range s.Links {
			checked := *checks[l.URL]
			checked.Kind = l.Kind
			s.Links[i] = &checked
		}
	}
	return rep, nil
}

// byHostInTurn orders links so that hosts take turns (the first link of
// each host, then the second of each, …): the requests of one host, which
// may run only PerHost at once, do not keep the others waiting. The
// report keeps the order of sources.csv.
func byHostInTurn(todo []*Link) []*Link {
	var hosts []string
	byHost := map[string][]*Link{}
	for _, l := range todo {
		h := hostOf(l.URL)
		if _, ok := byHost[h]; !ok {
			hosts = append(hosts, h)
		}
		byHost[h] = append(byHost[h], l)
	}
	out := make([]*Link, 0, len(todo))
	for round := 0; len(out) < len(todo); round++ {
		for _, h := range hosts {
			if round < len(byHost[h]) {
				out = append(out, byHost[h][round])
			}
		}
	}
	return out
}
