package links

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/dashgen/dashgen/internal/dataset"
)

// site is a local web server with one page of each kind a source's link
// can lead to. It counts requests, and the most that were open at once.
type site struct {
	*httptest.Server
	mu       sync.Mutex
	hits     map[string]int // "HEAD /ok"
	agents   map[string]bool
	open     int
	maxOpen  int
	released chan struct{} // closed when the test ends: /slow answers then
	arrived  chan struct{} // one send per request to /slow
}

func newSite(t *testing.T) *site {
	t.Helper()
	s := &site{hits: map[string]int{}, agents: map[string]bool{}, released: make(chan struct{}), arrived: make(chan struct{}, 16)}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(func() {
		close(s.released)
		s.Close()
	})
	return s
}

func (s *site) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.hits[r.Method+" "+r.URL.Path]++
	s.agents[r.UserAgent()] = true
	s.open++
	s.maxOpen = max(s.maxOpen, s.open)
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.open--
		s.mu.Unlock()
	}()
	switch p := r.URL.Path; {
	case p == "/ok", p == "/shared", strings.HasPrefix(p, "/page"):
		w.WriteHeader(http.StatusOK)
	case p == "/chain1":
		http.Redirect(w, r, "/chain2", http.StatusMovedPermanently)
	case p == "/chain2":
		http.Redirect(w, r, "/page/end", http.StatusMovedPermanently)
	case p == "/moved-away":
		http.Redirect(w, r, "/lost", http.StatusFound)
	case p == "/loop-a":
		http.Redirect(w, r, "/loop-b", http.StatusFound)
	case p == "/loop-b":
		http.Redirect(w, r, "/loop-a", http.StatusFound)
	case p == "/forever":
		var n int
		fmt.Sscan(r.URL.Query().Get("n"), &n)
		http.Redirect(w, r, fmt.Sprintf("/forever?n=%d", n+1), http.StatusFound)
	case p == "/to-nowhere":
		http.Redirect(w, r, "http://nowhere.example/page", http.StatusMovedPermanently)
	case p == "/missing":
		http.NotFound(w, r)
	case p == "/gone":
		w.WriteHeader(http.StatusGone)
	case p == "/error":
		w.WriteHeader(http.StatusInternalServerError)
	case p == "/head-refused":
		if r.Method == http.MethodHead {
			w.WriteHeader(http.StatusMethodNotAllowed)
			return
		}
		w.Write([]byte("a page"))
	case p == "/head-dropped":
		if r.Method == http.MethodHead {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close()
			}
			return
		}
		w.WriteHeader(http.StatusOK)
	case p == "/slow":
		s.arrived <- struct{}{}
		select {
		case <-r.Context().Done():
		case <-s.released:
		}
	default:
		http.NotFound(w, r)
	}
}

// src is a source of sources.csv at line.
func src(line int, id, url, archive string) *dataset.Source {
	return &dataset.Source{Place: dataset.Place{File: "data/sources.csv", Line: line}, ID: id, URL: url, ArchiveURL: archive}
}

// text is the report as text, with the servers' addresses replaced.
func text(t *testing.T, rep *Report, addrs map[string]string) string {
	t.Helper()
	var b bytes.Buffer
	if err := rep.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	return placeholders(b.String(), addrs)
}

func placeholders(s string, addrs map[string]string) string {
	for addr, name := range addrs {
		s = strings.ReplaceAll(s, addr, name)
	}
	return s
}

// generous is a timeout no answering server on a busy machine comes near:
// the tests of endpoints that answer do not depend on time.
var generous = Options{Timeout: 60 * time.Second, UserAgent: "dashgen/test (source link check)"}

func TestCheckReport(t *testing.T) {
	s := newSite(t)
	tlsSite := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	tlsSite.Config.ErrorLog = log.New(io.Discard, "", 0) // the handshakes fail: that is the test
	tlsSite.StartTLS()
	defer tlsSite.Close()
	closed := httptest.NewServer(http.NotFoundHandler())
	closedURL := closed.URL
	closed.Close()
	u := s.URL
	sources := []*dataset.Source{
		src(2, "ok", u+"/ok", ""),
		src(3, "chain", u+"/chain1", ""),
		src(4, "loop", u+"/loop-a", ""),
		src(5, "too-many", u+"/forever", ""),
		src(6, "missing", u+"/missing", ""),
		src(7, "gone", u+"/gone", ""),
		src(8, "head-refused", u+"/head-refused", ""),
		src(9, "head-dropped", u+"/head-dropped", ""),
		src(10, "bad-certificate", tlsSite.URL+"/page", ""),
		src(11, "refused", closedURL+"/page", ""),
		src(12, "archived", u+"/missing", u+"/page/archived"),
		src(13, "archive-dead", u+"/gone", u+"/error"),
		src(14, "archive-dead-page-live", u+"/ok", u+"/missing"),
		src(15, "moved-away", u+"/moved-away", ""),
		src(16, "not-web", "www.example.org/report", ""),
		src(17, "no-address", "", ""),
		src(18, "shared-1", u+"/shared", ""),
		src(19, "shared-2", u+"/shared", ""),
		src(20, "archive-only", "", u+"/page/only-copy"),
	}
	rep, err := Check(context.Background(), sources, generous)
	if err != nil {
		t.Fatal(err)
	}
	got := text(t, rep, map[string]string{u: "http://LOCAL", tlsSite.URL: "https://TLS", closedURL: "http://CLOSED"})
	want := `ok (data/sources.csv:2)
  url http://LOCAL/ok: ok
chain (data/sources.csv:3)
  url http://LOCAL/chain1: redirected to http://LOCAL/page/end (301 → 301 → 200)
loop (data/sources.csv:4)
  url http://LOCAL/loop-a: redirect loop: back to http://LOCAL/loop-a (302 → 302); no archived copy
too-many (data/sources.csv:5)
  url http://LOCAL/forever: too many redirects: more than 10; no archived copy
missing (data/sources.csv:6)
  url http://LOCAL/missing: 404 not found; no archived copy
gone (data/sources.csv:7)
  url http://LOCAL/gone: 410 gone; no archived copy
head-refused (data/sources.csv:8)
  url http://LOCAL/head-refused: ok
head-dropped (data/sources.csv:9)
  url http://LOCAL/head-dropped: ok
bad-certificate (data/sources.csv:10)
  url https://TLS/page: TLS error: certificate signed by unknown authority; no archived copy
refused (data/sources.csv:11)
  url http://CLOSED/page: could not connect: connection refused; no archived copy
archived (data/sources.csv:12)
  url http://LOCAL/missing: 404 not found; the archived copy works
  archive_url http://LOCAL/page/archived: ok
archive-dead (data/sources.csv:13)
  url http://LOCAL/gone: 410 gone; the archived copy is dead too
  archive_url http://LOCAL/error: 500 internal server error
archive-dead-page-live (data/sources.csv:14)
  url http://LOCAL/ok: ok
  archive_url http://LOCAL/missing: 404 not found
moved-away (data/sources.csv:15)
  url http://LOCAL/moved-away: 404 not found at http://LOCAL/lost (302 → 404); no archived copy
not-web (data/sources.csv:16)
  url www.example.org/report: not a web address (only http and https addresses are checked)
shared-1 (data/sources.csv:18)
  url http://LOCAL/shared: ok
shared-2 (data/sources.csv:19)
  url http://LOCAL/shared: ok
archive-only (data/sources.csv:20)
  archive_url http://LOCAL/page/only-copy: ok
19 sources, 21 links: 8 ok, 1 redirected, 11 dead (1 with a working archived copy), 1 not a web address; 1 source has no address
`
	if got != want {
		t.Errorf("report:\n%s\nwant:\n%s", got, want)
	}
	sum := rep.Summary()
	wantBroken := []string{"loop", "too-many", "missing", "gone", "bad-certificate", "refused", "archive-dead", "moved-away"}
	if fmt.Sprint(sum.Broken) != fmt.Sprint(wantBroken) || sum.Fine() {
		t.Errorf("broken %v, want %v", sum.Broken, wantBroken)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	// Each address is asked once, however many sources give it; HEAD
	// first, GET only where HEAD failed.
	for req, n := range map[string]int{"HEAD /shared": 1, "GET /shared": 0, "HEAD /ok": 1, "GET /ok": 0, "HEAD /head-refused": 1, "GET /head-refused": 1, "GET /head-dropped": 1, "HEAD /missing": 1, "GET /missing": 1} {
		if s.hits[req] != n {
			t.Errorf("%s: %d requests, want %d", req, s.hits[req], n)
		}
	}
	if len(s.agents) != 1 || !s.agents[generous.UserAgent] {
		t.Errorf("user agents %v, want only %q", s.agents, generous.UserAgent)
	}
	if s.maxOpen > DefaultPerHost {
		t.Errorf("%d requests to one host at once, want at most %d", s.maxOpen, DefaultPerHost)
	}
}

func TestCheckJSON(t *testing.T) {
	s := newSite(t)
	u := s.URL
	rep, err := Check(context.Background(), []*dataset.Source{
		src(2, "a", u+"/chain1", u+"/missing"),
		src(3, "b", u+"/gone", ""),
		src(4, "c", "", ""),
	}, generous)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := rep.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	got := placeholders(b.String(), map[string]string{u: "http://LOCAL"})
	want := `{
  "ok": false,
  "sources": [
    {
      "id": "a",
      "file": "data/sources.csv",
      "line": 2,
      "broken": false,
      "links": [
        {
          "kind": "url",
          "url": "http://LOCAL/chain1",
          "state": "redirected",
          "status": 200,
          "redirects": [
            301,
            301,
            200
          ],
          "final_url": "http://LOCAL/page/end",
          "message": "redirected to http://LOCAL/page/end (301 → 301 → 200)"
        },
        {
          "kind": "archive_url",
          "url": "http://LOCAL/missing",
          "state": "not-found",
          "status": 404,
          "error": "404 not found",
          "message": "404 not found"
        }
      ]
    },
    {
      "id": "b",
      "file": "data/sources.csv",
      "line": 3,
      "broken": true,
      "links": [
        {
          "kind": "url",
          "url": "http://LOCAL/gone",
          "state": "gone",
          "status": 410,
          "error": "410 gone",
          "message": "410 gone; no archived copy"
        }
      ]
    },
    {
      "id": "c",
      "file": "data/sources.csv",
      "line": 4,
      "broken": false,
      "links": []
    }
  ],
  "summary": {
    "sources": 3,
    "links": 3,
    "ok": 0,
    "redirected": 1,
    "dead": 2,
    "not_web": 0,
    "no_address": 1,
    "dead_with_archived_copy": 0,
    "broken": [
      "b"
    ]
  }
}
`
	if got != want {
		t.Errorf("JSON:\n%s\nwant:\n%s", got, want)
	}
	var doc map[string]any
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
}

// TestCheckTimeout runs the slow page alone, with a short timeout: the
// page never answers, so the result does not depend on the machine's
// speed.
func TestCheckTimeout(t *testing.T) {
	s := newSite(t)
	o := generous
	o.Timeout = 200 * time.Millisecond
	rep, err := Check(context.Background(), []*dataset.Source{src(2, "slow", s.URL+"/slow", "")}, o)
	if err != nil {
		t.Fatal(err)
	}
	got := text(t, rep, map[string]string{s.URL: "http://LOCAL"})
	want := `slow (data/sources.csv:2)
  url http://LOCAL/slow: timed out after 200ms; no archived copy
1 source, 1 link: 0 ok, 0 redirected, 1 dead
`
	if got != want {
		t.Errorf("report:\n%s\nwant:\n%s", got, want)
	}
}

// TestCheckStopsOnCancel: a run whose context ends stops its requests and
// returns the context's error, with no report.
func TestCheckStopsOnCancel(t *testing.T) {
	s := newSite(t)
	ctx, cancel := context.WithCancel(context.Background())
	var sources []*dataset.Source
	for i := range 5 {
		sources = append(sources, src(2+i, fmt.Sprint("slow-", i), fmt.Sprintf("%s/slow?%d", s.URL, i), ""))
	}
	type result struct {
		rep *Report
		err error
	}
	done := make(chan result, 1)
	go func() {
		rep, err := Check(ctx, sources, generous)
		done <- result{rep, err}
	}()
	select {
	case <-s.arrived: // a request is under way
	case <-time.After(60 * time.Second):
		t.Fatal("no request arrived")
	}
	cancel()
	select {
	case r := <-done:
		if !errors.Is(r.err, context.Canceled) || r.rep != nil {
			t.Errorf("Check returned %v, %v; want no report and context.Canceled", r.rep, r.err)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("Check did not stop after its context ended")
	}
}

// offlineDial fails like a machine without a network: with errNet, or, for
// a host name, as its lookup fails.
func offlineDial(errNet error) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		host, _, _ := net.SplitHostPort(addr)
		if errNet != nil {
			return nil, &net.OpError{Op: "dial", Net: network, Err: &os.SyscallError{Syscall: "connect", Err: errNet}}
		}
		return nil, &net.OpError{Op: "dial", Net: network, Err: &net.DNSError{Err: "no such host", Name: host, Server: "10.0.0.53:53", IsNotFound: true}}
	}
}

func TestNoNetwork(t *testing.T) {
	sources := []*dataset.Source{
		src(2, "a", "https://one.example/a", "https://archive.example/a"),
		src(3, "b", "https://two.example/b", ""),
		src(4, "c", "not an address", ""),
	}
	for _, tc := range []struct {
		name string
		dial func(ctx context.Context, network, addr string) (net.Conn, error)
		want string
	}{
		{"names do not resolve", offlineDial(nil), "no network: could not reach any of the 3 hosts (lookup one.example on 10.0.0.53:53: no such host)"},
		{"network unreachable", offlineDial(syscall.ENETUNREACH), "no network: could not reach any of the 3 hosts (dial tcp: connect: network is unreachable)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := generous
			o.Dial = tc.dial
			o.Jobs = 1 // the first failure named is the first address's
			rep, err := Check(context.Background(), sources, o)
			var nn *NoNetworkError
			if !errors.As(err, &nn) || rep != nil {
				t.Fatalf("Check returned %v, %v; want a *NoNetworkError", rep, err)
			}
			if err.Error() != tc.want {
				t.Errorf("error %q\nwant  %q", err, tc.want)
			}
		})
	}
	t.Run("one host", func(t *testing.T) {
		o := generous
		o.Dial = offlineDial(nil)
		_, err := Check(context.Background(), sources[1:2], o)
		if want := "no network: could not reach two.example (lookup two.example on 10.0.0.53:53: no such host)"; err == nil || err.Error() != want {
			t.Errorf("error %v\nwant  %q", err, want)
		}
	})
}

// TestSomeHostsUnknown: when one server answers, names that do not
// resolve are dead links of their own, not a machine without a network.
func TestSomeHostsUnknown(t *testing.T) {
	s := newSite(t)
	var d net.Dialer
	o := generous
	o.Dial = func(ctx context.Context, network, addr string) (net.Conn, error) {
		if strings.HasPrefix(addr, "nowhere.example:") {
			return offlineDial(nil)(ctx, network, addr)
		}
		return d.DialContext(ctx, network, addr)
	}
	rep, err := Check(context.Background(), []*dataset.Source{
		src(2, "a", "http://nowhere.example/a", s.URL+"/ok"),
		src(3, "b", "http://nowhere.example/b", ""),
		src(4, "c", s.URL+"/to-nowhere", ""),
	}, o)
	if err != nil {
		t.Fatal(err)
	}
	got := text(t, rep, map[string]string{s.URL: "http://LOCAL"})
	want := `a (data/sources.csv:2)
  url http://nowhere.example/a: could not find the host nowhere.example; the archived copy works
  archive_url http://LOCAL/ok: ok
b (data/sources.csv:3)
  url http://nowhere.example/b: could not find the host nowhere.example; no archived copy
c (data/sources.csv:4)
  url http://LOCAL/to-nowhere: could not find the host nowhere.example after redirects (301) to http://nowhere.example/page; no archived copy
3 sources, 4 links: 1 ok, 0 redirected, 3 dead (1 with a working archived copy)
`
	if got != want {
		t.Errorf("report:\n%s\nwant:\n%s", got, want)
	}
}

func TestNoAddressesNoRequest(t *testing.T) {
	o := generous
	o.Dial = offlineDial(nil)
	rep, err := Check(context.Background(), []*dataset.Source{src(2, "a", "", ""), src(3, "b", "ftp://x.example/a", "")}, o)
	if err != nil {
		t.Fatalf("with nothing to fetch, no network is no problem: %v", err)
	}
	got := text(t, rep, nil)
	want := `b (data/sources.csv:3)
  url ftp://x.example/a: not a web address (only http and https addresses are checked)
2 sources, 1 link: 0 ok, 0 redirected, 0 dead, 1 not a web address; 1 source has no address
`
	if got != want || !rep.Summary().Fine() {
		t.Errorf("report:\n%s\nwant:\n%s", got, want)
	}
}

func TestByHostInTurn(t *testing.T) {
	var todo []*Link
	for _, u := range []string{"https://a.example/1", "https://a.example/2", "https://A.example/3", "https://b.example/1", "http://c.example/1", "https://b.example/2"} {
		todo = append(todo, &Link{URL: u})
	}
	var got []string
	for _, l := range byHostInTurn(todo) {
		got = append(got, l.URL)
	}
	want := "[https://a.example/1 https://b.example/1 http://c.example/1 https://a.example/2 https://b.example/2 https://A.example/3]"
	if fmt.Sprint(got) != want {
		t.Errorf("order %v\nwant  %s", got, want)
	}
}
