package serve_test

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/dashgen/dashgen/internal/build"
	"github.com/dashgen/dashgen/internal/config"
	"github.com/dashgen/dashgen/internal/serve"
)

// getHost sends a GET for path with the Host header host.
func getHost(t *testing.T, base, path, host string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Host = host
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

const misdirectedBody = "421 misdirected request: this dashgen preview answers only to its own addresses (such as 127.0.0.1 and localhost). To reach it by another name, start it with --allow-host and that name.\n"

// A page elsewhere that points its own name at this machine (DNS
// rebinding) sends that name as Host: it gets 421 for pages, data and
// the event stream alike; the server's own names get the site.
func TestServeAnswersOnlyItsOwnHostNames(t *testing.T) {
	s, ts := newServer(t)
	s.AllowHosts("Dashboards.Local")
	for _, c := range []struct {
		host string
		code int
	}{
		{ts.Listener.Addr().String(), 200},
		{"127.0.0.1", 200},
		{"localhost:8000", 200},
		{"LOCALHOST.:8000", 200},
		{"[::1]:8000", 200},
		{"127.0.0.2:8000", 200},
		{"dashboards.local:8000", 200},
		{"DASHBOARDS.LOCAL", 200},
		{"evil.com", 421},
		{"evil.com:" + strings.TrimPrefix(ts.URL, "http://127.0.0.1:"), 421},
		{"localhost.evil.com", 421},
		{"127.0.0.1.evil.com", 421},
		{"sub.dashboards.local", 421},
		{"192.0.2.1:8000", 421},
	} {
		for _, path := range []string{"/", "/data/killed.json", "/embed/killed.html", "/missing.html"} {
			resp, body := getHost(t, ts.URL, path, c.host)
			want := c.code
			if want == 200 && path == "/missing.html" {
				want = 404
			}
			if resp.StatusCode != want {
				t.Errorf("Host %q, %s: status %d, want %d", c.host, path, resp.StatusCode, want)
			}
			if want == 421 {
				if body != misdirectedBody || resp.Header.Get("Content-Type") != "text/plain; charset=utf-8" {
					t.Errorf("Host %q: body %q, type %q", c.host, body, resp.Header.Get("Content-Type"))
				}
				if strings.Contains(body, "v1") {
					t.Errorf("Host %q: the 421 shows the site", c.host)
				}
			}
		}
	}
	// The event stream too: it carries the build's errors.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, ts.URL+serve.EventsPath, nil)
	req.Host = "evil.com"
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMisdirectedRequest {
		t.Fatalf("event stream for evil.com: %d", resp.StatusCode)
	}
}

// safeBuffer is a log written by the server's goroutines.
type safeBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (w *safeBuffer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (w *safeBuffer) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

// Serve allows the host of the address bound, and tells the terminal
// once about each name it refused.
func TestServeAllowsBoundAddressAndReportsRefusals(t *testing.T) {
	s := serve.NewServer()
	s.Update(good("v1"))
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan net.Addr, 1)
	var log safeBuffer
	done := make(chan error, 1)
	go func() {
		done <- s.Serve(ctx, "127.0.0.1:0", func(a net.Addr) { addrc <- a }, &log)
	}()
	addr := (<-addrc).String()
	base := "http://" + addr
	if resp, _ := getHost(t, base, "/", addr); resp.StatusCode != 200 {
		t.Fatalf("bound address: %d", resp.StatusCode)
	}
	for range 3 {
		if resp, _ := getHost(t, base, "/", "evil.com"); resp.StatusCode != 421 {
			t.Fatalf("evil.com: %d", resp.StatusCode)
		}
	}
	getHost(t, base, "/", "other.example:80")
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	want := `dashgen: refused a request for the host "evil.com" (421); if that is a name of this machine, add --allow-host evil.com
dashgen: refused a request for the host "other.example" (421); if that is a name of this machine, add --allow-host other.example
`
	if log.String() != want {
		t.Fatalf("log:\n%s\nwant:\n%s", log.String(), want)
	}
}

func TestValidHost(t *testing.T) {
	for _, h := range []string{"dashboards.local", "my-box", "192.168.1.20", "::1", "[::1]", "fe80::1"} {
		if err := serve.ValidHost(h); err != nil {
			t.Errorf("%q: %v", h, err)
		}
	}
	for _, h := range []string{"", "http://x.org", "x.org:8000", "x.org/path", "*", "*.x.org", "a b", "user@x.org"} {
		err := serve.ValidHost(h)
		want := `--allow-host "` + h + `": give a host name or an IP address, such as dashboards.local or 192.168.1.20`
		if err == nil || err.Error() != want {
			t.Errorf("%q: got %v", h, err)
		}
	}
}

// Preview pages send their Content-Security-Policy as a header too: the
// policy of the page's <meta> element (hashes of its own scripts and
// styles) and frame-ancestors, which a <meta> cannot carry.
func TestServePagesSendPolicyHeaders(t *testing.T) {
	dir := loopProject(t)
	cfg, err := config.Load(filepath.Join(dir, "config.yaml"), nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := build.BuildWith(context.Background(), cfg, build.Options{Preview: true})
	if err != nil {
		t.Fatal(err)
	}
	s := serve.NewServer()
	s.Update(serve.Result{Config: cfg, Build: res})
	ts := httptestServer(t, s)
	meta := regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="([^"]+)">`)
	pages, embeds := 0, 0
	for _, f := range res.Files {
		if !strings.HasSuffix(f.Path, ".html") {
			continue
		}
		m := meta.FindSubmatch(f.Data)
		if m == nil {
			t.Fatalf("%s has no policy element", f.Path)
		}
		if !strings.Contains(string(m[1]), "script-src 'sha256-") {
			t.Fatalf("%s: policy without hashes: %s", f.Path, m[1])
		}
		want := string(m[1]) + "; frame-ancestors 'self'"
		if strings.HasPrefix(f.Path, "embed/") || strings.Contains(f.Path, "/embed/") {
			want += " localhost:* 127.0.0.1:*"
			embeds++
		} else {
			pages++
		}
		resp, _ := getHost(t, ts, "/"+f.Path, "127.0.0.1")
		if got := resp.Header.Get("Content-Security-Policy"); got != want {
			t.Errorf("%s: header\n%s\nwant\n%s", f.Path, got, want)
		}
	}
	if pages == 0 || embeds == 0 {
		t.Fatalf("%d pages, %d embeds", pages, embeds)
	}
	// Data is not a page: no policy needed, but never sniffed.
	resp, _ := getHost(t, ts, "/manifest.json", "127.0.0.1")
	if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Error("manifest.json without nosniff")
	}
}

func httptestServer(t *testing.T, h http.Handler) string {
	t.Helper()
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts.URL
}
