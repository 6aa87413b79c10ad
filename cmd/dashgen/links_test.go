package main

import (
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// The tests of dashgen links run the binary against local servers: a site
// with a page of every kind a source's link leads to, a TLS server whose
// certificate nobody trusts, and a fake of the Internet Archive's
// availability API. Run with -v, TestLinksAgainstLocalServer prints the
// report as a reader sees it.

// linkSite is the local site; it counts the requests it gets.
type linkSite struct {
	*httptest.Server
	mu       sync.Mutex
	requests int
	released chan struct{}
	arrived  chan struct{} // a send per request to /slow, when there is room
}

func newLinkSite(t *testing.T) *linkSite {
	t.Helper()
	s := &linkSite{released: make(chan struct{}), arrived: make(chan struct{}, 16)}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.requests++
		s.mu.Unlock()
		switch r.URL.Path {
		case "/report", "/archived-copy":
			w.WriteHeader(http.StatusOK)
		case "/old-address":
			http.Redirect(w, r, "/moved", http.StatusMovedPermanently)
		case "/moved":
			http.Redirect(w, r, "/report-2024", http.StatusMovedPermanently)
		case "/report-2024":
			w.WriteHeader(http.StatusOK)
		case "/loop":
			http.Redirect(w, r, "/loop-back", http.StatusFound)
		case "/loop-back":
			http.Redirect(w, r, "/loop", http.StatusFound)
		case "/gone":
			w.WriteHeader(http.StatusGone)
		case "/no-head":
			if r.Method == http.MethodHead {
				w.WriteHeader(http.StatusMethodNotAllowed)
				return
			}
			io.WriteString(w, "a page")
		case "/slow":
			select {
			case s.arrived <- struct{}{}:
			default:
			}
			select {
			case <-r.Context().Done():
			case <-s.released:
			}
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(func() {
		close(s.released)
		s.Close()
	})
	return s
}

func (s *linkSite) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests
}

// untrusted is an https server whose certificate the client does not
// trust.
func untrusted(t *testing.T) *httptest.Server {
	s := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	s.Config.ErrorLog = log.New(io.Discard, "", 0) // the handshakes fail: that is the test
	s.StartTLS()
	t.Cleanup(s.Close)
	return s
}

// linksProject is a new project (dashgen init) whose sources.csv is
// header and rows; example-source is the source its figures cite.
func linksProject(t *testing.T, exe string, rows ...string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "proj")
	if r := run(t, exe, filepath.Dir(dir), "init", "proj"); r.code != 0 {
		t.Fatalf("init: exit %d: %s", r.code, r.stderr)
	}
	csv := "id,title,publisher,kind,published,url,accessed,label,note,archive_url,archived\n" + strings.Join(rows, "\n") + "\n"
	if err := os.WriteFile(filepath.Join(dir, "data", "sources.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestLinksAgainstLocalServer(t *testing.T) {
	t.Parallel()
	exe := binary(t)
	site := newLinkSite(t)
	tlsSite := untrusted(t)
	u, tu := site.URL, tlsSite.URL
	dir := linksProject(t, exe,
		"example-source,Example report,Example publisher,ngo,2020,"+u+"/report,2024-03-01,,,,",
		"moved,A page that moved,,media,2021,"+u+"/old-address,,,,,",
		"loop,A page that redirects to itself,,media,,"+u+"/loop,,,,,",
		"removed,A removed page,,media,,"+u+"/removed,,,,,",
		"gone,A page gone for good,,media,,"+u+"/gone,,,,,",
		"archived,A removed page with a copy,,media,,"+u+"/removed-too,,,,"+u+"/archived-copy,2024-03-01",
		"no-head,A server that refuses HEAD,,media,,"+u+"/no-head,,,,,",
		"bad-tls,A site with a certificate nobody trusts,,media,,"+tu+"/page,,,,,",
		`printed,"A printed report, not online",,other,1993,,,,,,`,
	)
	addrs := map[string]string{u: "http://LOCAL", tu: "https://LOCAL-TLS"}
	r := run(t, exe, dir, "links")
	got := placeholders(r.stdout, addrs)
	t.Logf("dashgen links (exit %d):\n%s%s", r.code, got, placeholders(r.stderr, addrs))
	want := `example-source (data/sources.csv:2)
  url http://LOCAL/report: ok
moved (data/sources.csv:3)
  url http://LOCAL/old-address: redirected to http://LOCAL/report-2024 (301 → 301 → 200)
loop (data/sources.csv:4)
  url http://LOCAL/loop: redirect loop: back to http://LOCAL/loop (302 → 302); no archived copy
removed (data/sources.csv:5)
  url http://LOCAL/removed: 404 not found; no archived copy
gone (data/sources.csv:6)
  url http://LOCAL/gone: 410 gone; no archived copy
archived (data/sources.csv:7)
  url http://LOCAL/removed-too: 404 not found; the archived copy works
  archive_url http://LOCAL/archived-copy: ok
no-head (data/sources.csv:8)
  url http://LOCAL/no-head: ok
bad-tls (data/sources.csv:9)
  url https://LOCAL-TLS/page: TLS error: certificate signed by unknown authority; no archived copy
9 sources, 9 links: 3 ok, 1 redirected, 5 dead (1 with a working archived copy); 1 source has no address
`
	wantErr := "dashgen links: 4 sources have a dead link and no archived copy that works: loop, removed, gone, bad-tls\n"
	if r.code != 1 || got != want || r.stderr != wantErr {
		t.Errorf("exit %d, stdout:\n%s\nstderr:\n%s\nwant exit 1, stdout:\n%s\nstderr:\n%s", r.code, got, r.stderr, want, wantErr)
	}

	// The same as JSON, for other programs.
	r = run(t, exe, dir, "links", "--format", "json")
	var doc struct {
		OK      bool `json:"ok"`
		Sources []struct {
			ID     string `json:"id"`
			Line   int    `json:"line"`
			Broken bool   `json:"broken"`
			Links  []struct {
				Kind, URL, State, Error string
				Status                  int
				Redirects               []int
				FinalURL                string `json:"final_url"`
			} `json:"links"`
		} `json:"sources"`
		Summary struct {
			Broken []string `json:"broken"`
		} `json:"summary"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || r.code != 1 || r.stderr != "" {
		t.Fatalf("exit %d, stderr %q, JSON %v:\n%s", r.code, r.stderr, err, r.stdout)
	}
	var lines []string
	for _, s := range doc.Sources {
		for _, l := range s.Links {
			lines = append(lines, placeholders(fmt.Sprintf("%s:%d %s %s %s %d %v %s %q broken=%v", s.ID, s.Line, l.Kind, l.URL, l.State, l.Status, l.Redirects, l.FinalURL, l.Error, s.Broken), addrs))
		}
	}
	wantJSON := `example-source:2 url http://LOCAL/report ok 200 []  "" broken=false
moved:3 url http://LOCAL/old-address redirected 200 [301 301 200] http://LOCAL/report-2024 "" broken=false
loop:4 url http://LOCAL/loop redirect-loop 0 []  "back to http://LOCAL/loop (302 → 302)" broken=true
removed:5 url http://LOCAL/removed not-found 404 []  "404 not found" broken=true
gone:6 url http://LOCAL/gone gone 410 []  "410 gone" broken=true
archived:7 url http://LOCAL/removed-too not-found 404 []  "404 not found" broken=false
archived:7 archive_url http://LOCAL/archived-copy ok 200 []  "" broken=false
no-head:8 url http://LOCAL/no-head ok 200 []  "" broken=false
bad-tls:9 url https://LOCAL-TLS/page tls-error 0 []  "certificate signed by unknown authority" broken=true`
	if g := strings.Join(lines, "\n"); g != wantJSON || doc.OK || fmt.Sprint(doc.Summary.Broken) != "[loop removed gone bad-tls]" {
		t.Errorf("JSON links:\n%s\nwant:\n%s\nok %v, broken %v", g, wantJSON, doc.OK, doc.Summary.Broken)
	}
}

// Dead links with working archived copies are reported, and exit 0.
func TestLinksArchivedCopiesSuffice(t *testing.T) {
	t.Parallel()
	exe := binary(t)
	site := newLinkSite(t)
	u := site.URL
	dir := linksProject(t, exe,
		"example-source,Example report,,ngo,2020,"+u+"/report,,,,,",
		"removed,A removed page,,media,,"+u+"/removed,,,,"+u+"/archived-copy,2024-03-01",
	)
	r := run(t, exe, dir, "links")
	want := `example-source (data/sources.csv:2)
  url http://LOCAL/report: ok
removed (data/sources.csv:3)
  url http://LOCAL/removed: 404 not found; the archived copy works
  archive_url http://LOCAL/archived-copy: ok
2 sources, 3 links: 2 ok, 0 redirected, 1 dead (1 with a working archived copy)
`
	if got := placeholders(r.stdout, map[string]string{u: "http://LOCAL"}); r.code != 0 || got != want || r.stderr != "" {
		t.Errorf("exit %d, stdout:\n%s\nstderr %q; want exit 0 and\n%s", r.code, got, r.stderr, want)
	}
}

// The slow page runs alone, with a short timeout: it never answers, so
// the result does not depend on the machine's speed.
func TestLinksTimeout(t *testing.T) {
	t.Parallel()
	exe := binary(t)
	site := newLinkSite(t)
	dir := linksProject(t, exe, "example-source,Example report,,ngo,2020,"+site.URL+"/slow,,,,,")
	r := run(t, exe, dir, "links", "--timeout", "300ms")
	want := `example-source (data/sources.csv:2)
  url http://LOCAL/slow: timed out after 300ms; no archived copy
1 source, 1 link: 0 ok, 0 redirected, 1 dead
`
	if got := placeholders(r.stdout, map[string]string{site.URL: "http://LOCAL"}); r.code != 1 || got != want ||
		r.stderr != "dashgen links: 1 source has a dead link and no archived copy that works: example-source\n" {
		t.Errorf("exit %d, stdout:\n%s\nstderr %q", r.code, got, r.stderr)
	}
}

// fakeAvailability answers like the Internet Archive's availability API:
// a snapshot on the day asked for when the address has "found" in it,
// none when it has "none", a server error when it has "fail".
func fakeAvailability(t *testing.T) *httptest.Server {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		page, ts := r.URL.Query().Get("url"), r.URL.Query().Get("timestamp")
		day := "20240301"
		if ts != "" {
			day = (ts + "0101")[:8]
		}
		switch {
		case strings.Contains(page, "found"):
			fmt.Fprintf(w, `{"url": %q, "archived_snapshots": {"closest": {"status": "200", "available": true, "url": "http://web.archive.org/web/%s093000/%s", "timestamp": "%s093000"}}}`, page, day, page, day)
		case strings.Contains(page, "none"):
			fmt.Fprintf(w, `{"url": %q, "archived_snapshots": {}}`, page)
		default:
			http.Error(w, "unavailable", http.StatusServiceUnavailable)
		}
	}))
	t.Cleanup(s.Close)
	return s
}

func TestLinksArchive(t *testing.T) {
	t.Parallel()
	exe := binary(t)
	api := fakeAvailability(t)
	rows := []string{
		`example-source,"Example report, with a comma",Example publisher,ngo,2020,https://a.example/found,2024-03-01,,"a ""quoted"" note",,`,
		"b,Page B,,media,2019-05,https://b.example/found,,,,,",
		"c,Page C,,media,,https://c.example/none,,,,,",
		"d,Page D,,media,,https://d.example/found,,,,https://web.archive.org/web/2020/https://d.example/found,2020-01-01",
		"e,Printed,,other,1993,,,,,,",
	}
	dir := linksProject(t, exe, rows...)
	sources := filepath.Join(dir, "data", "sources.csv")
	before, err := os.ReadFile(sources)
	if err != nil {
		t.Fatal(err)
	}
	r := run(t, exe, dir, "links", "--archive", "--archive-api", api.URL+"/wayback/available")
	wantOut := `example-source,"Example report, with a comma",Example publisher,ngo,2020,https://a.example/found,2024-03-01,,"a ""quoted"" note",https://web.archive.org/web/20240301093000/https://a.example/found,2024-03-01
b,Page B,,media,2019-05,https://b.example/found,,,,https://web.archive.org/web/20190501093000/https://b.example/found,2019-05-01
`
	wantErr := `data/sources.csv:4: c: no archived copy of https://c.example/none
dashgen links: 2 archived copies found (the rows above: paste each over its row in data/sources.csv), 1 source has no copy; nothing was written
`
	if r.code != 0 || r.stdout != wantOut || r.stderr != wantErr {
		t.Errorf("exit %d, stdout:\n%s\nstderr:\n%s\nwant exit 0, stdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr, wantOut, wantErr)
	}
	if after, err := os.ReadFile(sources); err != nil || string(after) != string(before) {
		t.Errorf("--archive changed data/sources.csv (%v)", err)
	}

	// A lookup the API fails is said, with exit 1; the others still give
	// their rows.
	dir = linksProject(t, exe, append(rows[:1], "f,Page F,,media,,https://f.example/fail,,,,,")...)
	r = run(t, exe, dir, "links", "--archive", "--archive-api", api.URL+"/wayback/available")
	wantErr = `data/sources.csv:3: f: the archive's availability API gave no answer for https://f.example/fail: it answered 503 service unavailable
dashgen links: 1 archived copy found (the rows above: paste each over its row in data/sources.csv), 0 sources have no copy, 1 lookup failed; nothing was written
`
	if r.code != 1 || !strings.HasPrefix(r.stdout, "example-source,") || r.stderr != wantErr {
		t.Errorf("exit %d, stdout:\n%s\nstderr:\n%s\nwant exit 1 and stderr:\n%s", r.code, r.stdout, r.stderr, wantErr)
	}
}

// A sources.csv without the archive columns gets rows that end with them,
// and is told what to add.
func TestLinksArchiveAddsColumns(t *testing.T) {
	t.Parallel()
	exe := binary(t)
	api := fakeAvailability(t)
	dir := linksProject(t, exe)
	if err := os.WriteFile(filepath.Join(dir, "data", "sources.csv"), []byte("id,title,kind,url\nexample-source,Example report,ngo,https://a.example/found\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := run(t, exe, dir, "links", "--archive", "--archive-api", api.URL)
	wantOut := "example-source,Example report,ngo,https://a.example/found,https://web.archive.org/web/20240301093000/https://a.example/found,2024-03-01\n"
	wantErr := `dashgen links: data/sources.csv has no archive_url or archived columns: the rows end with them; add ",archive_url,archived" to its header and as many empty cells to its other rows
dashgen links: 1 archived copy found (the rows above: paste each over its row in data/sources.csv), 0 sources have no copy; nothing was written
`
	if r.code != 0 || r.stdout != wantOut || r.stderr != wantErr {
		t.Errorf("exit %d, stdout:\n%s\nstderr:\n%s\nwant exit 0, stdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr, wantOut, wantErr)
	}
}

func TestLinksBadFlags(t *testing.T) {
	t.Parallel()
	exe := binary(t)
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--jobs", "0"}, "--jobs 0: use from 1 to 64 requests at once"},
		{[]string{"--timeout", "-1s"}, "--timeout -1s: use a duration above zero, such as 20s or 1m"},
		{[]string{"--format", "xml"}, `--format must be text or json, not "xml"`},
		{[]string{"--archive", "--archive-api", "archive.org"}, `--archive-api "archive.org": use the http or https address of an availability API, such as https://archive.org/wayback/available`},
	} {
		r := run(t, exe, dir, append([]string{"links"}, tc.args...)...)
		want := "dashgen: " + tc.want + "\nRun 'dashgen --help' for usage.\n"
		if r.code != 2 || r.stdout != "" || r.stderr != want {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit 2 and %q", tc.args, r.code, r.stdout, r.stderr, want)
		}
	}
}

// A build never goes to the network, whatever the sources link to.
func TestBuildStaysOffline(t *testing.T) {
	t.Parallel()
	exe := binary(t)
	site := newLinkSite(t)
	dir := linksProject(t, exe, "example-source,Example report,,ngo,2020,"+site.URL+"/report,,,,"+site.URL+"/archived-copy,2024-03-01")
	if r := run(t, exe, dir, "build"); r.code != 0 {
		t.Fatalf("build: exit %d: %s", r.code, r.stderr)
	}
	if r := run(t, exe, dir, "validate"); r.code != 0 {
		t.Fatalf("validate: exit %d: %s", r.code, r.stderr)
	}
	if n := site.count(); n != 0 {
		t.Errorf("build and validate made %d requests to the sources' site; want none", n)
	}
}

// placeholders replaces the local servers' addresses in s.
func placeholders(s string, addrs map[string]string) string {
	for addr, name := range addrs {
		s = strings.ReplaceAll(s, addr, name)
	}
	return s
}
