package links

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"time"
)

// client is one run's HTTP client: one transport (its connections reused
// between the requests to a host), the limits of Options.
type client struct {
	o  Options
	tr *http.Transport
}

func newClient(o Options) *client {
	dial := o.Dial
	if dial == nil {
		d := &net.Dialer{Timeout: o.Timeout, KeepAlive: 30 * time.Second}
		dial = d.DialContext
	}
	tr := &http.Transport{
		Proxy:               http.ProxyFromEnvironment,
		DialContext:         dial,
		TLSClientConfig:     &tls.Config{RootCAs: o.RootCAs},
		TLSHandshakeTimeout: o.Timeout,
		ForceAttemptHTTP2:   true,
		MaxIdleConnsPerHost: o.PerHost,
		IdleConnTimeout:     30 * time.Second,
	}
	return &client{o: o, tr: tr}
}

// close releases the client's idle connections.
func (c *client) close() { c.tr.CloseIdleConnections() }

// each calls work for 0 ≤ i < n, at most Jobs at once and PerHost at once
// for one host (host(i)), and returns ctx's error when ctx ended before
// every call was made.
func (c *client) each(ctx context.Context, n int, host func(int) string, work func(context.Context, int)) error {
	idx := make(chan int)
	slots := &hostSlots{per: c.o.PerHost, slots: map[string]chan struct{}{}}
	var wg sync.WaitGroup
	for range min(c.o.Jobs, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range idx {
				release, ok := slots.acquire(ctx, host(i))
				if !ok {
					continue
				}
				work(ctx, i)
				release()
			}
		}()
	}
feed:
	for i := range n {
		select {
		case idx <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(idx)
	wg.Wait()
	return ctx.Err()
}

// hostSlots lets at most per requests go to one host at once.
type hostSlots struct {
	per   int
	mu    sync.Mutex
	slots map[string]chan struct{}
}

func (h *hostSlots) acquire(ctx context.Context, host string) (release func(), ok bool) {
	h.mu.Lock()
	s := h.slots[host]
	if s == nil {
		s = make(chan struct{}, h.per)
		h.slots[host] = s
	}
	h.mu.Unlock()
	select {
	case s <- struct{}{}:
		return func() { <-s }, true
	case <-ctx.Done():
		return nil, false
	}
}

// hostOf is the host of an address, in lower case ("" when it does not
// parse).
func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Hostname())
}

// fetched is what one request (and its redirects) gave.
type fetched struct {
	status int      // the last status received; 0 when none
	chain  []int    // every status received, redirects first
	final  *url.URL // the address of the last request
	err    error
}

// answered says whether any server answered at all.
func (f *fetched) answered() bool { return len(f.chain) > 0 }

// check fetches l's address and records the result in l. It returns the
// error of a request no server answered (nil once one did), for
// noNetwork.
func (c *client) check(ctx context.Context, l *Link) error {
	u, err := url.Parse(l.URL)
	if err != nil || u.Host == "" {
		l.State, l.Reason = Failed, "not a valid web address"
		if err != nil {
			l.Reason += ": " + unwrapURLError(err).Error()
		}
		return nil
	}
	f := c.fetch(ctx, http.MethodHead, u)
	if f.headRefused() {
		// Many servers answer HEAD with 403, 405 or 501, or drop the
		// connection; GET decides.
		f = c.fetch(ctx, http.MethodGet, u)
	}
	f.fill(l, u)
	if f.answered() {
		return nil
	}
	return f.err
}

// headRefused says whether a HEAD request failed in a way a GET may not:
// an error status, or a connection closed without an answer.
func (f *fetched) headRefused() bool {
	if f.err == nil {
		return f.status >= 400
	}
	return !f.answered() && (errors.Is(f.err, syscall.ECONNRESET) || errors.Is(f.err, io.EOF) || errors.Is(f.err, io.ErrUnexpectedEOF))
}

// redirectError is a redirect the check does not follow: a loop, or one
// more than the limit.
type redirectError struct {
	state  State
	reason string
}

func (e *redirectError) Error() string { return e.reason }

// fetch makes one request, following redirects up to the limit. A GET
// reads none of the body: the status is the answer.
func (c *client) fetch(ctx context.Context, method string, u *url.URL) fetched {
	var f fetched
	req, err := http.NewRequestWithContext(ctx, method, u.String(), nil)
	if err != nil {
		f.err = err
		return f
	}
	req.Header.Set("User-Agent", c.o.UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.8")
	hc := &http.Client{Transport: c.tr, Timeout: c.o.Timeout, CheckRedirect: func(next *http.Request, via []*http.Request) error {
		f.chain = append(f.chain, next.Response.StatusCode)
		for _, v := range via {
			if v.URL.String() == next.URL.String() {
				return &redirectError{RedirectLoop, "back to " + next.URL.String() + " " + chainText(f.chain)}
			}
		}
		if len(via) > c.o.MaxRedirects {
			return &redirectError{TooManyRedirects, fmt.Sprintf("more than %d", c.o.MaxRedirects)}
		}
		return nil
	}}
	resp, err := hc.Do(req)
	if err != nil {
		f.err = err
		return f
	}
	resp.Body.Close()
	f.status = resp.StatusCode
	f.chain = append(f.chain, resp.StatusCode)
	f.final = resp.Request.URL
	return f
}

// chainText is "(301 → 302)".
func chainText(chain []int) string {
	parts := make([]string, len(chain))
	for i, c := range chain {
		parts[i] = fmt.Sprint(c)
	}
	return "(" + strings.Join(parts, " → ") + ")"
}

// fill records f in l, which was asked for at u.
func (f *fetched) fill(l *Link, u *url.URL) {
	if f.err != nil {
		l.State, l.Reason = classify(f.err)
		if l.State == Timeout {
			l.Reason = ""
		}
		var ue *url.Error
		if f.answered() && l.State != RedirectLoop && l.State != TooManyRedirects && errors.As(f.err, &ue) {
			// It failed after a redirect: say where it was sent.
			l.Chain, l.Final = f.chain, ue.URL
		}
		return
	}
	l.Status = f.status
	if len(f.chain) > 1 {
		l.Chain = f.chain
	}
	if f.final != nil && f.final.String() != u.String() {
		l.Final = f.final.String()
	}
	switch {
	case f.status < 400 && l.Final == "":
		l.State = OK
	case f.status < 400:
		l.State = Redirected
	case f.status == http.StatusNotFound:
		l.State = NotFound
	case f.status == http.StatusGone:
		l.State = Gone
	default:
		l.State = HTTPError
	}
}

// classify says what a failed request's error means, in a few words.
func classify(err error) (State, string) {
	var re *redirectError
	var dns *net.DNSError
	var op *net.OpError
	switch {
	case errors.As(err, &re):
		return re.state, re.reason
	case isTimeout(err):
		return Timeout, ""
	}
	if reason, ok := tlsReason(err); ok {
		return TLSError, reason
	}
	switch {
	case errors.As(err, &dns):
		if dns.IsNotFound {
			return NoSuchHost, "could not find the host " + dns.Name
		}
		return NoSuchHost, "could not look up the host " + dns.Name + ": " + dns.Err
	case errors.Is(err, syscall.ECONNREFUSED):
		return NoConnection, "could not connect: connection refused"
	case errors.Is(err, syscall.ENETUNREACH):
		return NoConnection, "could not connect: network unreachable"
	case errors.Is(err, syscall.EHOSTUNREACH):
		return NoConnection, "could not connect: host unreachable"
	case errors.Is(err, syscall.ECONNRESET):
		return NoConnection, "the connection was reset"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return NoConnection, "the server closed the connection without answering"
	case errors.As(err, &op) && op.Op == "dial":
		return NoConnection, "could not connect: " + op.Err.Error()
	}
	return Failed, unwrapURLError(err).Error()
}

// isTimeout says whether err is a request that ran out of time.
func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout()
}

// tlsReason says what went wrong in a TLS handshake, when err is one.
func tlsReason(err error) (string, bool) {
	var unknown x509.UnknownAuthorityError
	var host x509.HostnameError
	var invalid x509.CertificateInvalidError
	var header tls.RecordHeaderError
	var alert tls.AlertError
	var verify *tls.CertificateVerificationError
	switch {
	case errors.As(err, &unknown):
		return "certificate signed by unknown authority", true
	case errors.As(err, &host):
		return "certificate is not valid for " + host.Host, true
	case errors.As(err, &invalid) && invalid.Reason == x509.Expired:
		return "certificate has expired or is not yet valid", true
	case errors.As(err, &invalid):
		return strings.TrimPrefix(invalid.Error(), "x509: "), true
	case errors.As(err, &verify):
		return strings.TrimPrefix(verify.Err.Error(), "x509: "), true
	case errors.As(err, &header):
		return "the server does not answer in TLS", true
	case errors.As(err, &alert):
		return "the server refused the handshake (" + strings.TrimPrefix(alert.Error(), "tls: ") + ")", true
	}
	return "", false
}

// unwrapURLError drops the method and address a *url.Error adds: the
// report names the address already.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// offline says whether a request no server answered failed as it does on
// a machine without a network: its host's name did not resolve, or the
// network was unreachable.
func offline(err error) bool {
	var dns *net.DNSError
	return errors.As(err, &dns) || errors.Is(err, syscall.ENETUNREACH)
}

// noNetwork returns a *NoNetworkError when every one of the requests
// (errs, one per address of links; nil when a server answered) failed as
// on a machine without a network; nil when there were none, or one got
// through.
func noNetwork(urls []string, errs []error) *NoNetworkError {
	if len(errs) == 0 {
		return nil
	}
	nn := &NoNetworkError{}
	seen := map[string]bool{}
	for i, err := range errs {
		if err == nil || !offline(err) {
			return nil
		}
		if h := hostOf(urls[i]); !seen[h] {
			seen[h] = true
			nn.Hosts = append(nn.Hosts, h)
		}
	}
	var dns *net.DNSError
	var op *net.OpError
	switch first := errs[0]; {
	case errors.As(first, &dns):
		nn.First = dns.Error()
	case errors.As(first, &op):
		nn.First = op.Error()
	default:
		nn.First = unwrapURLError(first).Error()
	}
	return nn
}
