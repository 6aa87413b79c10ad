package serve_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dashgen/dashgen/internal/build"
	"github.com/dashgen/dashgen/internal/config"
	"github.com/dashgen/dashgen/internal/diag"
	"github.com/dashgen/dashgen/internal/output"
	"github.com/dashgen/dashgen/internal/serve"
)

// eventDeadline is how long a test waits for an event or a build: only a
// guard against a hang, so that a busy machine with one core running -race
// does not fail the test.
const eventDeadline = 60 * time.Second

// fakeFiles is a small site as a build returns it; v marks its version in
// every file.
func fakeFiles(v string) []output.File {
	page := func(title string) []byte {
		return []byte("<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>" + title +
			"</title></head>\n<body><p>" + title + " " + v + "</p></body>\n</html>\n")
	}
	return []output.File{
		{Path: "index.html", Data: page("Home")},
		{Path: "overview.html", Data: page("Overview")},
		{Path: "embed/killed.html", Data: page("Killed")},
		{Path: "embed/embed.js", Data: []byte("/* embed " + v + " */\n")},
		{Path: "assets/page.js", Data: []byte("/* page " + v + " */\n")},
		{Path: "assets/page.css", Data: []byte("/* css " + v + " */ body { margin: 0; }\n")},
		{Path: "data/killed.json", Data: []byte(`{"version": "` + v + `"}` + "\n")},
		{Path: "data/killed.csv", Data: []byte("label,value\nall," + v + "\n")},
		{Path: "manifest.json", Data: []byte(`{"tool": "dashgen test"}` + "\n")},
	}
}

func good(v string) serve.Result {
	return serve.Result{Build: &build.Result{Files: fakeFiles(v)}}
}

// badResult is a failed build as the loop reports it.
func badResult(value string) serve.Result {
	return serve.Result{Err: &diag.Errors{Items: []diag.Diagnostic{{
		File: "data/casualties.csv", Line: 2, Column: 44, Code: diag.TypeError,
		Message: fmt.Sprintf("column \"value\": %q is not a whole number; write digits only, for example 1200", value),
	}}}}
}

// newServer is a server after one good build of fakeFiles("v1").
func newServer(t *testing.T) (*serve.Server, *httptest.Server) {
	t.Helper()
	s := serve.NewServer()
	s.Update(good("v1"))
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return s, ts
}

func get(t *testing.T, method, url string, header map[string]string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: read the body: %v", method, url, err)
	}
	return resp, body
}

// rawRequest sends target as it is, byte for byte, in the request line,
// so that no client cleans or escapes it first.
func rawRequest(t *testing.T, addr, target string) (*http.Response, []byte) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, eventDeadline)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(eventDeadline))
	if _, err := fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", target, addr); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("GET %q: %v", target, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %q: read the body: %v", target, err)
	}
	return resp, body
}

func TestServeRejectsTraversal(t *testing.T) {
	_, ts := newServer(t)
	addr := strings.TrimPrefix(ts.URL, "http://")
	// A file outside the build, which nothing may reach.
	secret := filepath.Join(t.TempDir(), "secret.txt")
	if err := os.WriteFile(secret, []byte("SECRET-OUTSIDE-THE-BUILD"), 0o644); err != nil {
		t.Fatal(err)
	}
	builtFiles := map[string]bool{}
	for _, f := range fakeFiles("v1") {
		builtFiles[f.Path] = true
	}
	targets := []string{
		"/../index.html",
		"/../../../../etc/passwd",
		"/embed/../../index.html",
		"/%2e%2e/index.html",
		"/%2e%2e/%2e%2e/etc/passwd",
		"/%2E%2E/%2E%2E/etc/passwd",
		"/..%2findex.html",
		"/..%2f..%2f..%2fetc%2fpasswd",
		"/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
		"/embed%2f..%2f..%2fetc%2fpasswd",
		`/..\..\etc\passwd`,
		"/..%5c..%5cetc%5cpasswd",
		`/embed\..\index.html`,
		"/index.html%00",
		"/index.html%00.png",
		"/%00",
		"/%252e%252e/%252e%252e/etc/passwd",
		"/%252e%252e%252findex.html",
		"/etc/passwd",
		"//etc/passwd",
		"///etc/passwd",
		"/" + secret,
		"/" + filepath.ToSlash(secret),
		"/C:/Windows/win.ini",
		"/C:%5cWindows%5cwin.ini",
		"/file:///etc/passwd",
		"http://" + addr + "/../../etc/passwd",
		"http://" + addr + "/etc/passwd",
		"/.%2e/.%2e/etc/passwd",
		"/...../etc/passwd",
		"/embed/..;/index.html",
		"/index.html/..",
	}
	for _, target := range targets {
		resp, body := rawRequest(t, addr, target)
		if bytes.Contains(body, []byte("SECRET-OUTSIDE-THE-BUILD")) || bytes.Contains(body, []byte("root:")) {
			t.Errorf("GET %q served a file from outside the build:\n%s", target, body)
		}
		switch resp.StatusCode {
		case http.StatusNotFound:
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
				t.Errorf("GET %q: 404 with Content-Type %q, want the HTML page", target, ct)
			}
		case http.StatusBadRequest:
			// Go's server refuses the request line itself: nothing served.
			t.Logf("GET %q: 400 from Go's server", target)
		default:
			t.Errorf("GET %q: status %d, want 404 (%d bytes: %.80q)", target, resp.StatusCode, len(body), body)
		}
	}
	// The same through a client, which sends the path as the URL holds it.
	for _, p := range []string{"/../index.html", "/%2e%2e/index.html", "/..%2Findex.html", "/%5C..%5Cindex.html"} {
		resp, _ := get(t, http.MethodGet, ts.URL+p, nil)
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", p, resp.StatusCode)
		}
	}
	// The build's files are still there.
	for p := range builtFiles {
		if resp, _ := get(t, http.MethodGet, ts.URL+"/"+p, nil); resp.StatusCode != http.StatusOK {
			t.Errorf("GET /%s: status %d, want 200", p, resp.StatusCode)
		}
	}
}

func TestServeNoDirectoryListing(t *testing.T) {
	_, ts := newServer(t)
	for _, p := range []string{"/embed/", "/embed", "/assets/", "/assets", "/data/", "/data", "/embed//", "/embed/./"} {
		resp, body := get(t, http.MethodGet, ts.URL+p, nil)
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", p, resp.StatusCode)
		}
		if bytes.Contains(body, []byte("killed.html")) || bytes.Contains(body, []byte("page.js")) {
			t.Errorf("GET %s lists the folder:\n%s", p, body)
		}
	}
}

func TestServeIndexAndNotFound(t *testing.T) {
	_, ts := newServer(t)
	resp, body := get(t, http.MethodGet, ts.URL+"/", nil)
	if resp.StatusCode != http.StatusOK || !bytes.Contains(body, []byte("Home v1")) {
		t.Errorf("GET /: status %d, body %q; want index.html", resp.StatusCode, body)
	}
	resp, body = get(t, http.MethodGet, ts.URL+"/no-such-page.html", nil)
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("GET /no-such-page.html: status %d, want 404", resp.StatusCode)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("404 Content-Type %q, want text/html; charset=utf-8", ct)
	}
	if !bytes.HasPrefix(body, []byte("<!DOCTYPE html>")) || !bytes.Contains(body, []byte("Not found")) {
		t.Errorf("404 body is not the HTML page: %q", body)
	}

	// Before the first good build, every page is 404.
	empty := httptest.NewServer(serve.NewServer())
	defer empty.Close()
	if resp, _ := get(t, http.MethodGet, empty.URL+"/", nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("GET / before any build: status %d, want 404", resp.StatusCode)
	}
	// A failed first build changes nothing.
	s := serve.NewServer()
	s.Update(badResult("6x4"))
	failed := httptest.NewServer(s)
	defer failed.Close()
	if resp, _ := get(t, http.MethodGet, failed.URL+"/index.html", nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("GET /index.html after a failed first build: status %d, want 404", resp.StatusCode)
	}
}

func TestServeMethods(t *testing.T) {
	_, ts := newServer(t)
	resp, body := get(t, http.MethodGet, ts.URL+"/overview.html", nil)
	if resp.StatusCode != http.StatusOK || len(body) == 0 {
		t.Fatalf("GET: status %d, %d bytes", resp.StatusCode, len(body))
	}
	resp, head := get(t, http.MethodHead, ts.URL+"/overview.html", nil)
	if resp.StatusCode != http.StatusOK {
		t.Errorf("HEAD: status %d, want 200", resp.StatusCode)
	}
	if cl := resp.Header.Get("Content-Length"); cl != fmt.Sprint(len(body)) {
		t.Errorf("HEAD: Content-Length %q, want %d", cl, len(body))
	}
	if len(head) != 0 {
		t.Errorf("HEAD: %d bytes of body, want none", len(head))
	}
	if resp.Header.Get("ETag") == "" || resp.Header.Get("Content-Type") != "text/html; charset=utf-8" {
		t.Errorf("HEAD: headers %v", resp.Header)
	}
	for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch, http.MethodOptions, "PROPFIND"} {
		for _, p := range []string{"/overview.html", "/", "/no-such-page.html"} {
			resp, _ := get(t, m, ts.URL+p, nil)
			if resp.StatusCode != http.StatusMethodNotAllowed {
				t.Errorf("%s %s: status %d, want 405", m, p, resp.StatusCode)
			}
			if allow := resp.Header.Get("Allow"); allow != "GET, HEAD" {
				t.Errorf("%s %s: Allow %q, want \"GET, HEAD\"", m, p, allow)
			}
		}
		resp, _ := get(t, m, ts.URL+serve.EventsPath, nil)
		if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "GET" {
			t.Errorf("%s %s: status %d, Allow %q; want 405, GET", m, serve.EventsPath, resp.StatusCode, resp.Header.Get("Allow"))
		}
	}
}

func TestServeContentTypes(t *testing.T) {
	_, ts := newServer(t)
	want := map[string]string{
		"/":                  "text/html; charset=utf-8",
		"/overview.html":     "text/html; charset=utf-8",
		"/embed/killed.html": "text/html; charset=utf-8",
		"/embed/embed.js":    "text/javascript; charset=utf-8",
		"/assets/page.js":    "text/javascript; charset=utf-8",
		"/assets/page.css":   "text/css; charset=utf-8",
		"/data/killed.json":  "application/json",
		"/manifest.json":     "application/json",
		"/data/killed.csv":   "text/csv; charset=utf-8",
	}
	for p, ct := range want {
		resp, _ := get(t, http.MethodGet, ts.URL+p, nil)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: status %d", p, resp.StatusCode)
		}
		if got := resp.Header.Get("Content-Type"); got != ct {
			t.Errorf("GET %s: Content-Type %q, want %q", p, got, ct)
		}
		if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("GET %s: X-Content-Type-Options %q, want nosniff", p, got)
		}
	}
}

func TestServeETag(t *testing.T) {
	s, ts := newServer(t)
	resp, body := get(t, http.MethodGet, ts.URL+"/assets/page.js", nil)
	etag := resp.Header.Get("ETag")
	if etag == "" || !strings.HasPrefix(etag, `"`) || !strings.HasSuffix(etag, `"`) {
		t.Fatalf("ETag %q, want a quoted strong tag", etag)
	}
	if cc := resp.Header.Get("Cache-Control"); cc != "no-cache" {
		t.Errorf("Cache-Control %q, want no-cache", cc)
	}
	resp, again := get(t, http.MethodGet, ts.URL+"/assets/page.js", map[string]string{"If-None-Match": etag})
	if resp.StatusCode != http.StatusNotModified || len(again) != 0 {
		t.Errorf("If-None-Match with the ETag: status %d, %d bytes; want 304, none", resp.StatusCode, len(again))
	}
	resp, _ = get(t, http.MethodGet, ts.URL+"/assets/page.js", map[string]string{"If-None-Match": `"something-else"`})
	if resp.StatusCode != http.StatusOK {
		t.Errorf("If-None-Match with another tag: status %d, want 200", resp.StatusCode)
	}
	// The same content keeps its tag across builds; new content gets a new one.
	other, _ := get(t, http.MethodGet, ts.URL+"/manifest.json", nil)
	s.Update(good("v2"))
	resp, body2 := get(t, http.MethodGet, ts.URL+"/assets/page.js", map[string]string{"If-None-Match": etag})
	if resp.StatusCode != http.StatusOK || bytes.Equal(body, body2) || resp.Header.Get("ETag") == etag {
		t.Errorf("after a build that changed the file, the old ETag gave status %d, ETag %q (was %q)", resp.StatusCode, resp.Header.Get("ETag"), etag)
	}
	if resp, _ := get(t, http.MethodGet, ts.URL+"/manifest.json", map[string]string{"If-None-Match": other.Header.Get("ETag")}); resp.StatusCode != http.StatusNotModified {
		t.Errorf("an unchanged file after a rebuild: status %d, want 304", resp.StatusCode)
	}
}

func TestServeBuildNumber(t *testing.T) {
	s, ts := newServer(t)
	check := func(n int, v string) {
		t.Helper()
		for _, p := range []string{"/", "/overview.html", "/embed/killed.html"} {
			_, body := get(t, http.MethodGet, ts.URL+p, nil)
			if want := fmt.Sprintf(`<html data-build="%d" lang="en">`, n); !bytes.Contains(body, []byte(want)) {
				t.Errorf("GET %s: no %s in\n%s", p, want, body)
			}
			if bytes.Count(body, []byte("data-build")) != 1 {
				t.Errorf("GET %s: data-build appears %d times", p, bytes.Count(body, []byte("data-build")))
			}
			if !bytes.Contains(body, []byte(" "+v+"</p>")) {
				t.Errorf("GET %s is not build %s: %s", p, v, body)
			}
		}
		resp, body := get(t, http.MethodGet, ts.URL+"/data/killed.csv", nil)
		if string(body) != "label,value\nall,"+v+"\n" || resp.Header.Get("Content-Length") != fmt.Sprint(len(body)) {
			t.Errorf("GET /data/killed.csv changed: %q", body)
		}
	}
	check(1, "v1")
	s.Update(badResult("6x4"))
	check(1, "v1")
	s.Update(good("v2"))
	check(2, "v2")
}

// sseEvent is one Server-Sent Event.
type sseEvent struct{ name, data string }

// stream is an open event stream; its events arrive on events, which is
// closed when the stream ends.
type stream struct {
	events chan sseEvent
	cancel context.CancelFunc
}

func subscribe(t *testing.T, base string) *stream {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+serve.EventsPath, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		t.Fatalf("subscribe: %v", err)
	}
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/event-stream" {
		cancel()
		resp.Body.Close()
		t.Fatalf("subscribe: status %d, Content-Type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	st := &stream{events: make(chan sseEvent, 64), cancel: cancel}
	t.Cleanup(cancel)
	go func() {
		defer close(st.events)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		var ev sseEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if ev.name != "" || ev.data != "" {
					st.events <- ev
				}
				ev = sseEvent{}
			case strings.HasPrefix(line, ":"):
			case strings.HasPrefix(line, "event: "):
				ev.name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				ev.data += strings.TrimPrefix(line, "data: ")
			}
		}
	}()
	return st
}

func (st *stream) next(t *testing.T) sseEvent {
	t.Helper()
	select {
	case ev, ok := <-st.events:
		if !ok {
			t.Fatal("the event stream ended")
		}
		return ev
	case <-time.After(eventDeadline):
		t.Fatalf("no event in %s", eventDeadline)
	}
	return sseEvent{}
}

type streamState struct {
	Build  int      `json:"build"`
	Errors []string `json:"errors"`
}

func decode(t *testing.T, ev sseEvent) streamState {
	t.Helper()
	var s streamState
	if err := json.Unmarshal([]byte(ev.data), &s); err != nil {
		t.Fatalf("event %s: data %q is not JSON: %v", ev.name, ev.data, err)
	}
	return s
}

func TestServeEvents(t *testing.T) {
	s, ts := newServer(t)
	st := subscribe(t, ts.URL)

	// The current state comes first.
	ev := st.next(t)
	if ev.name != "reload" || decode(t, ev).Build != 1 || len(decode(t, ev).Errors) != 0 {
		t.Fatalf("first event %+v, want reload of build 1", ev)
	}

	s.Update(good("v2"))
	ev = st.next(t)
	if ev.name != "reload" || decode(t, ev).Build != 2 {
		t.Fatalf("after a good build: %+v, want reload of build 2", ev)
	}
	if _, body := get(t, http.MethodGet, ts.URL+"/overview.html", nil); !bytes.Contains(body, []byte("Overview v2")) {
		t.Errorf("after the reload event the page is not the new build: %s", body)
	}

	s.Update(badResult("6x4"))
	ev = st.next(t)
	want := `data/casualties.csv:2:44: column "value": "6x4" is not a whole number; write digits only, for example 1200`
	if got := decode(t, ev); ev.name != "errors" || got.Build != 2 || len(got.Errors) != 1 || got.Errors[0] != want {
		t.Fatalf("after a bad build: event %q data %s; want errors of build 2: [%q]", ev.name, ev.data, want)
	}
	// The served files stay the last good build's.
	for _, p := range []string{"/overview.html", "/data/killed.csv"} {
		resp, body := get(t, http.MethodGet, ts.URL+p, nil)
		if resp.StatusCode != http.StatusOK || !bytes.Contains(body, []byte("v2")) || bytes.Contains(body, []byte("6x4")) {
			t.Errorf("GET %s after a bad build: status %d, %s", p, resp.StatusCode, body)
		}
	}
	// A page opened now learns of the errors at once.
	late := subscribe(t, ts.URL)
	if ev := late.next(t); ev.name != "errors" || decode(t, ev).Errors[0] != want {
		t.Errorf("a new stream after a bad build starts with %+v, want the errors", ev)
	}

	// Errors that are not diagnostics are sent as one line.
	s.Update(serve.Result{Err: errors.New("cannot read config.yaml: permission denied")})
	ev = st.next(t)
	if got := decode(t, ev); ev.name != "errors" || len(got.Errors) != 1 || got.Errors[0] != "cannot read config.yaml: permission denied" {
		t.Errorf("after a failed build: %+v", ev)
	}

	s.Update(good("v3"))
	for _, x := range []*stream{st, late} {
		var ev sseEvent
		for ev = x.next(t); ev.name == "errors"; ev = x.next(t) {
		}
		if ev.name != "reload" || decode(t, ev).Build != 3 {
			t.Errorf("after the fix: %+v, want reload of build 3", ev)
		}
	}
}

// gateWriter is a ResponseWriter whose writes wait until open is closed,
// like a page that stopped reading its stream.
type gateWriter struct {
	header  http.Header
	open    chan struct{}
	waiting chan struct{} // closed when the first write waits
	once    sync.Once
	mu      sync.Mutex
	buf     bytes.Buffer
}

func (w *gateWriter) Header() http.Header { return w.header }
func (w *gateWriter) WriteHeader(int)     {}
func (w *gateWriter) Flush()              {}
func (w *gateWriter) Write(b []byte) (int, error) {
	w.once.Do(func() { close(w.waiting) })
	<-w.open
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.Write(b)
}

func (w *gateWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// A page that falls behind may miss states, but never the newest: after it
// catches up, the last event it got is the server's current state.
func TestServeSlowStreamGetsNewestState(t *testing.T) {
	s := serve.NewServer()
	s.Update(good("v1"))
	w := &gateWriter{header: http.Header{}, open: make(chan struct{}), waiting: make(chan struct{})}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "http://127.0.0.1"+serve.EventsPath, nil).WithContext(ctx))
	}()
	select {
	case <-w.waiting:
	case <-time.After(eventDeadline):
		t.Fatal("the stream sent nothing")
	}
	// Many builds while the page does not read, the last one good.
	for i := 2; i <= 12; i++ {
		s.Update(badResult(fmt.Sprintf("6x%d", i)))
		s.Update(good(fmt.Sprintf("v%d", i)))
	}
	close(w.open)
	want := "event: reload\ndata: {\"build\":12}\n\n"
	deadline := time.Now().Add(eventDeadline)
	for !strings.HasSuffix(w.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("the stream's last event is not the current state %q; it sent:\n%s", want, w.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(eventDeadline):
		t.Fatal("the stream did not end when its request did")
	}
}

func TestServeShutdown(t *testing.T) {
	s := serve.NewServer()
	s.Update(good("v1"))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addrs := make(chan net.Addr, 1)
	var log bytes.Buffer
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, "127.0.0.1:0", func(a net.Addr) { addrs <- a }, &log) }()
	var base string
	select {
	case a := <-addrs:
		base = "http://" + a.String()
	case err := <-served:
		t.Fatalf("Serve: %v", err)
	case <-time.After(eventDeadline):
		t.Fatal("Serve did not start")
	}
	if resp, _ := get(t, http.MethodGet, base+"/overview.html", nil); resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /overview.html: status %d", resp.StatusCode)
	}
	streams := []*stream{subscribe(t, base), subscribe(t, base)}
	for _, st := range streams {
		st.next(t)
	}

	start := time.Now()
	cancel()
	for i, st := range streams {
		select {
		case ev, ok := <-st.events:
			if ok {
				t.Errorf("stream %d: event %+v after shutdown, want the end", i, ev)
			}
		case <-time.After(eventDeadline):
			t.Fatalf("stream %d still open %s after shutdown", i, eventDeadline)
		}
	}
	select {
	case err := <-served:
		if err != nil {
			t.Errorf("Serve returned %v, want nil", err)
		}
	case <-time.After(eventDeadline):
		t.Fatal("Serve did not return after its context ended")
	}
	t.Logf("shut down with 2 open streams in %v", time.Since(start).Round(time.Millisecond))
	if log.Len() > 0 {
		t.Errorf("Serve logged: %s", log.String())
	}
	if _, err := http.Get(base + "/overview.html"); err == nil {
		t.Error("the server still answers after shutdown")
	}

	// A context that has already ended: start and stop at once.
	done, stop := context.WithCancel(context.Background())
	stop()
	err := make(chan error, 1)
	go func() { err <- s.Serve(done, "127.0.0.1:0", func(net.Addr) {}, io.Discard) }()
	select {
	case e := <-err:
		if e != nil {
			t.Errorf("Serve with an ended context: %v, want nil", e)
		}
	case <-time.After(eventDeadline):
		t.Fatal("Serve with an ended context did not return")
	}
}

func TestIsLoopback(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1:8000": true, "localhost:0": true, "[::1]:8000": true, "127.1.2.3:80": true,
		"0.0.0.0:8000": false, ":8000": false, "[::]:0": false, "192.168.1.2:8000": false, "example.org:80": false, "127.0.0.1": false,
	} {
		if got := serve.IsLoopback(addr); got != want {
			t.Errorf("IsLoopback(%q) = %v, want %v", addr, got, want)
		}
	}
}

// loopProject copies the default project into a temp folder.
func loopProject(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	cp := func(from, to string) {
		b, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(to, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cp("../../config.yaml", filepath.Join(dir, "config.yaml"))
	if err := os.Mkdir(filepath.Join(dir, "data"), 0o755); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir("../../data")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue // translations: the loop test builds one language
		}
		cp(filepath.Join("../../data", e.Name()), filepath.Join(dir, "data", e.Name()))
	}
	return dir
}

// loopRun is a Loop running in a temp project.
type loopRun struct {
	dir, csv string
	orig     string
	results  chan serve.Result
	slowest  time.Duration // the longest build so far
	quiet    time.Duration // the loop's Quiet
}

// startLoop runs a Loop with the given Quiet (0: the default) in a copy of
// the default project.
func startLoop(t *testing.T, quiet time.Duration) *loopRun {
	t.Helper()
	for _, k := range []string{"DASHGEN_OUTPUT", "DASHGEN_DATA_DIR", "DASHGEN_SITE_TITLE", "DASHGEN_ASSETS", "DASHGEN_STRICT"} {
		t.Setenv(k, "")
	}
	dir := loopProject(t)
	lr := &loopRun{dir: dir, csv: filepath.Join(dir, "data", "casualties.csv"), results: make(chan serve.Result, 256), quiet: max(quiet, 30*time.Millisecond)}
	b, err := os.ReadFile(lr.csv)
	if err != nil {
		t.Fatal(err)
	}
	lr.orig = string(b)
	if !strings.Contains(lr.orig, ",613,exact,") {
		t.Fatal("data/casualties.csv has no 613 figure to edit")
	}
	cfgPath := filepath.Join(dir, "config.yaml")
	lp := &serve.Loop{
		ConfigPath: cfgPath,
		Load:       func() (*config.Config, error) { return config.Load(cfgPath, nil) },
		Options:    build.Options{Preview: true},
		Quiet:      quiet,
	}
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- lp.Run(ctx, func(r serve.Result) { lr.results <- r }) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-ran:
			if err != nil {
				t.Errorf("Loop.Run: %v", err)
			}
		case <-time.After(eventDeadline):
			t.Error("Loop.Run did not return after its context ended")
		}
	})
	return lr
}

// content is casualties.csv with the 613 figure written as value.
func (lr *loopRun) content(value string) []byte {
	return []byte(strings.Replace(lr.orig, ",613,exact,", ","+value+",exact,", 1))
}

func (lr *loopRun) write(t *testing.T, value string) {
	t.Helper()
	if err := os.WriteFile(lr.csv, lr.content(value), 0o644); err != nil {
		t.Fatal(err)
	}
}

func (lr *loopRun) next(t *testing.T) serve.Result {
	t.Helper()
	select {
	case r := <-lr.results:
		lr.slowest = max(lr.slowest, r.Took)
		return r
	case <-time.After(eventDeadline):
		t.Fatalf("no build in %s", eventDeadline)
	}
	return serve.Result{}
}

// until takes builds until ok accepts one, and returns it. A write in place
// (truncate, then write) may give a build of the file half written before
// the build of the whole; how many depends on the machine's speed, so
// those are only logged.
func (lr *loopRun) until(t *testing.T, what string, ok func(serve.Result) bool) serve.Result {
	t.Helper()
	deadline := time.After(eventDeadline)
	for {
		select {
		case r := <-lr.results:
			lr.slowest = max(lr.slowest, r.Took)
			if ok(r) {
				return r
			}
			t.Logf("before %s: a build with error %v", what, r.Err)
		case <-deadline:
			t.Fatalf("no %s in %s", what, eventDeadline)
		}
	}
}

// settle waits until no build comes for well longer than the loop can put
// one off and then build (the slowest build so far, plus the quiet time,
// plus a second), and returns the builds that came meanwhile.
func (lr *loopRun) settle() []serve.Result {
	var got []serve.Result
	for {
		select {
		case r := <-lr.results:
			lr.slowest = max(lr.slowest, r.Took)
			got = append(got, r)
		case <-time.After(lr.slowest + lr.quiet + time.Second):
			return got
		}
	}
}

// built accepts a build that succeeded and shows value on the overview.
func built(t *testing.T, value string) func(serve.Result) bool {
	return func(r serve.Result) bool { return r.Err == nil && shows(t, r, value) }
}

// page returns a file of a good build.
func page(t *testing.T, r serve.Result, name string) string {
	t.Helper()
	if r.Err != nil || r.Build == nil {
		t.Fatalf("build failed: %v", r.Err)
	}
	for _, f := range r.Build.Files {
		if f.Path == name {
			return string(f.Data)
		}
	}
	t.Fatalf("the build has no %s", name)
	return ""
}

func shows(t *testing.T, r serve.Result, value string) bool {
	t.Helper()
	return strings.Contains(page(t, r, "overview.html"), ">"+value+"<")
}

func TestLoop(t *testing.T) {
	lr := startLoop(t, 0)
	first := lr.next(t)
	if first.Err != nil {
		t.Fatalf("first build: %v", first.Err)
	}
	if !shows(t, first, "613") || first.Config == nil || first.Took <= 0 {
		t.Fatalf("first build: no 613 in overview.html, or no config or time")
	}
	t.Logf("first build took %v", first.Took)
	defer func() { t.Logf("the slowest build took %v", lr.slowest) }()

	t.Run("valid edit", func(t *testing.T) {
		lr.write(t, "614")
		r := lr.until(t, "the build of 614", func(r serve.Result) bool { return r.Err == nil })
		if !shows(t, r, "614") || shows(t, r, "613") {
			t.Fatalf("after 613 → 614 the overview does not show 614 alone")
		}
	})

	t.Run("bad edit", func(t *testing.T) {
		lr.write(t, "6x4")
		r := lr.until(t, "the errors of 6x4", func(r serve.Result) bool {
			return r.Err != nil && strings.Contains(r.Err.Error(), "6x4")
		})
		var de *diag.Errors
		if !errors.As(r.Err, &de) || r.Build != nil {
			t.Fatalf("after 614 → 6x4: err %v, build %v; want diagnostics and no build", r.Err, r.Build != nil)
		}
		lines := diag.Format(de.Items)
		if len(lines) != 1 || !strings.HasSuffix(filepath.ToSlash(de.Items[0].File), "data/casualties.csv") || de.Items[0].Line != 2 ||
			!strings.Contains(lines[0], "data/casualties.csv:2:44: ") || !strings.Contains(lines[0], `"6x4"`) {
			t.Fatalf("errors %q, want one naming data/casualties.csv:2:44 and 6x4", lines)
		}
		t.Logf("error: %s", lines[0])
		lr.write(t, "615")
		lr.until(t, "the build of 615 after the fix", built(t, "615"))
	})

	t.Run("save by rename", func(t *testing.T) {
		if extra := lr.settle(); len(extra) > 0 {
			t.Logf("%d more builds before the save", len(extra))
		}
		tmp := filepath.Join(lr.dir, "data", ".casualties.csv.swp-123")
		if err := os.WriteFile(tmp, lr.content("616"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, lr.csv); err != nil {
			t.Fatal(err)
		}
		// A rename replaces the file at once: the first build is the
		// new file's, and there is no other (the temporary file is not
		// a .csv file, so it gives none).
		r := lr.next(t)
		if r.Err != nil || !shows(t, r, "616") {
			t.Fatalf("after a save by rename: %v", r.Err)
		}
		if extra := lr.settle(); len(extra) > 0 {
			t.Errorf("a save by rename gave %d builds, want 1", 1+len(extra))
		}
	})

	t.Run("remove and re-create", func(t *testing.T) {
		if err := os.Remove(lr.csv); err != nil {
			t.Fatal(err)
		}
		r := lr.next(t)
		if r.Err == nil || !strings.Contains(r.Err.Error(), "casualties.csv") {
			t.Fatalf("with data/casualties.csv removed: err %v, want one naming the file", r.Err)
		}
		t.Logf("removed: %v", r.Err)
		lr.write(t, "617")
		// Creating and writing the file may be seen as two changes, the
		// first of an empty file.
		r = lr.until(t, "a build after re-creating the file", func(r serve.Result) bool { return r.Err == nil })
		if !shows(t, r, "617") {
			t.Fatal("the re-created file's value is not on the page")
		}
	})

	t.Run("config edit", func(t *testing.T) {
		cfgPath := filepath.Join(lr.dir, "config.yaml")
		orig, err := os.ReadFile(cfgPath)
		if err != nil {
			t.Fatal(err)
		}
		// Saved as editors do, by a rename over the file.
		tmp := filepath.Join(lr.dir, ".config.yaml.tmp")
		if err := os.WriteFile(tmp, append(slices.Clone(orig), "dashbaords: []\n"...), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, cfgPath); err != nil {
			t.Fatal(err)
		}
		// A build of the re-created data file may still come first.
		r := lr.until(t, "the errors of the config edit", func(r serve.Result) bool { return r.Err != nil })
		if r.Err == nil || !strings.Contains(r.Err.Error(), `config.yaml: dashbaords: unknown key "dashbaords"`) || r.Config != nil {
			t.Fatalf("after a bad config edit: err %v", r.Err)
		}
		if err := os.WriteFile(cfgPath, orig, 0o644); err != nil {
			t.Fatal(err)
		}
		lr.until(t, "the build after the config fix", built(t, "617"))
	})

	t.Run("translation edit", func(t *testing.T) {
		if extra := lr.settle(); len(extra) > 0 {
			t.Logf("%d more builds before the edit", len(extra))
		}
		// The copy has no translations folder: it is made while the loop
		// runs, as a project starting its second language would.
		orig, err := os.ReadFile("../../data/translations/az.yaml")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Mkdir(filepath.Join(lr.dir, "data", "translations"), 0o755); err != nil {
			t.Fatal(err)
		}
		az := filepath.Join(lr.dir, "data", "translations", "az.yaml")
		const was, now = `title: "Xocalı, 25–26 fevral 1992"`, `title: "Xocalı (redaktə), 25–26 fevral 1992"`
		if !strings.Contains(string(orig), was) {
			t.Fatalf("data/translations/az.yaml has no %s to edit", was)
		}
		if err := os.WriteFile(az, []byte(strings.Replace(string(orig), was, now, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
		lr.until(t, "the build of the edited translation", func(r serve.Result) bool {
			return r.Err == nil && strings.Contains(page(t, r, "az/overview.html"), "Xocalı (redaktə)")
		})
	})
}

// TestLoopBurst: twenty writes in a row give one build, of the last write.
// The loop waits for the files to stay unchanged for Quiet before it
// builds; here Quiet is a second and the cap on the wait is lifted, so
// that the count does not depend on the machine's speed: it is checked
// only if no two writes were half a second apart.
func TestLoopBurst(t *testing.T) {
	t.Cleanup(serve.SetMaxWait(time.Hour))
	const quiet = time.Second
	lr := startLoop(t, quiet)
	if r := lr.next(t); r.Err != nil {
		t.Fatalf("first build: %v", r.Err)
	}
	if extra := lr.settle(); len(extra) > 0 {
		t.Logf("%d more builds before the burst", len(extra))
	}
	var gap time.Duration // the longest time between two writes
	last := time.Now()
	for i := 0; i < 20; i++ {
		lr.write(t, fmt.Sprint(620+i))
		now := time.Now()
		if i > 0 {
			gap = max(gap, now.Sub(last))
		}
		last = now
	}
	r := lr.until(t, "the build of the last write", func(r serve.Result) bool { return r.Err == nil && shows(t, r, "639") })
	builds := append([]serve.Result{r}, lr.settle()...)
	t.Logf("20 writes, at most %v apart, gave %d builds", gap.Round(time.Microsecond), len(builds))
	if last := builds[len(builds)-1]; last.Err != nil || !shows(t, last, "639") {
		t.Fatalf("after the burst the last build is not the last write: %v", last.Err)
	}
	if gap >= quiet/2 {
		t.Logf("two writes were %v apart (the machine is busy): not counting the builds", gap)
		return
	}
	if len(builds) != 1 {
		t.Errorf("20 writes at most %v apart gave %d builds, want 1 (the loop waits for %v of quiet)", gap.Round(time.Microsecond), len(builds), quiet)
	}
}
