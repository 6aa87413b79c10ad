package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// serveDeadline is how long the tests wait for a build, an event or an
// exit: only a guard against a hang, so that a busy machine with one core
// running -race does not fail them.
const serveDeadline = hangGuard

// proc is a dashgen command running in the background, with its output
// collected as it comes.
type proc struct {
	cmd    *exec.Cmd
	mu     sync.Mutex
	stdout bytes.Buffer
	stderr bytes.Buffer
	exited chan struct{} // closed when the process has exited
	code   int           // its exit code, once exited is closed
}

// startProc starts dashgen with args in dir. The process is killed when
// the test ends, if it is still running.
func startProc(t testing.TB, exe, dir string, args ...string) *proc {
	t.Helper()
	p := &proc{cmd: exec.Command(exe, args...), exited: make(chan struct{})}
	p.cmd.Dir = dir
	p.cmd.Env = append(os.Environ(), "DASHGEN_CONFIG=", "DASHGEN_OUTPUT=", "DASHGEN_SITE_TITLE=", "DASHGEN_DATA_DIR=")
	outPipe, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	errPipe, err := p.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var copies sync.WaitGroup
	copyTo := func(buf *bytes.Buffer, r io.Reader) {
		defer copies.Done()
		b := make([]byte, 4096)
		for {
			n, err := r.Read(b)
			p.mu.Lock()
			buf.Write(b[:n])
			p.mu.Unlock()
			if err != nil {
				return
			}
		}
	}
	copies.Add(2)
	go copyTo(&p.stdout, outPipe)
	go copyTo(&p.stderr, errPipe)
	go func() {
		copies.Wait()
		err := p.cmd.Wait()
		p.code = 0
		if ee, ok := err.(*exec.ExitError); ok {
			p.code = ee.ExitCode()
		} else if err != nil {
			p.code = -1
		}
		close(p.exited)
	}()
	t.Cleanup(func() {
		select {
		case <-p.exited:
		default:
			p.cmd.Process.Kill()
			<-p.exited
		}
	})
	return p
}

// output returns what the process printed so far.
func (p *proc) output() (stdout, stderr string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stdout.String(), p.stderr.String()
}

// waitFor polls the output until ok says yes, and fails the test after
// serveDeadline or when the process exits first.
func (p *proc) waitFor(t testing.TB, what string, ok func(stdout, stderr string) bool) {
	t.Helper()
	deadline := time.Now().Add(serveDeadline)
	for {
		stdout, stderr := p.output()
		if ok(stdout, stderr) {
			return
		}
		select {
		case <-p.exited:
			stdout, stderr = p.output()
			if ok(stdout, stderr) {
				return
			}
			t.Fatalf("dashgen exited (code %d) before %s\nstdout:\n%s\nstderr:\n%s", p.code, what, stdout, stderr)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("no %s after %s\nstdout:\n%s\nstderr:\n%s", what, serveDeadline, stdout, stderr)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// wait waits for the process to exit and returns its exit code.
func (p *proc) wait(t testing.TB, within time.Duration) int {
	t.Helper()
	select {
	case <-p.exited:
		return p.code
	case <-time.After(within):
		stdout, stderr := p.output()
		t.Fatalf("dashgen still running %s later\nstdout:\n%s\nstderr:\n%s", within, stdout, stderr)
	}
	return 0
}

var servingLine = regexp.MustCompile(`serving http://(\S+)/ `)

// startServe starts dashgen serve with args in dir, waits until it serves
// and returns it with its address, as http://127.0.0.1:PORT.
func startServe(t testing.TB, exe, dir string, args ...string) (*proc, string) {
	t.Helper()
	p := startProc(t, exe, dir, append([]string{"serve"}, args...)...)
	var base string
	p.waitFor(t, `"serving http://…/" line`, func(stdout, _ string) bool {
		m := servingLine.FindStringSubmatch(stdout)
		if m != nil {
			base = "http://" + m[1]
		}
		return m != nil
	})
	return p, base
}

// sseEvent is one Server-Sent Event, with its data decoded.
type sseEvent struct {
	name   string
	Build  int      `json:"build"`
	Errors []string `json:"errors"`
	at     time.Time
}

// eventStream is an open /_dashgen/events; events is closed when the
// stream ends.
type eventStream struct {
	events chan sseEvent
	cancel context.CancelFunc
}

func subscribeEvents(t testing.TB, base string) *eventStream {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/_dashgen/events", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("subscribe to the events: %v", err)
	}
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/event-stream" {
		resp.Body.Close()
		t.Fatalf("subscribe to the events: status %d, Content-Type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	es := &eventStream{events: make(chan sseEvent, 256), cancel: cancel}
	go func() {
		defer close(es.events)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		var name, data string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if name != "" {
					ev := sseEvent{name: name, at: time.Now()}
					if err := json.Unmarshal([]byte(data), &ev); err != nil {
						ev.name = fmt.Sprintf("%s with data that is not JSON (%v): %s", name, err, data)
					}
					es.events <- ev
				}
				name, data = "", ""
			case strings.HasPrefix(line, "event: "):
				name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				data += strings.TrimPrefix(line, "data: ")
			}
		}
	}()
	return es
}

// next returns the next event, failing the test after serveDeadline or
// when the stream ends.
func (es *eventStream) next(t testing.TB) sseEvent {
	t.Helper()
	select {
	case ev, ok := <-es.events:
		if !ok {
			t.Fatal("the event stream ended")
		}
		return ev
	case <-time.After(serveDeadline):
		t.Fatalf("no event in %s", serveDeadline)
	}
	return sseEvent{}
}

// waitEvent skips events until one that ok accepts.
func (es *eventStream) waitEvent(t testing.TB, what string, ok func(sseEvent) bool) sseEvent {
	t.Helper()
	deadline := time.After(serveDeadline)
	var seen []string
	for {
		select {
		case ev, open := <-es.events:
			if !open {
				t.Fatalf("the event stream ended before %s; events: %s", what, strings.Join(seen, "; "))
			}
			if ok(ev) {
				return ev
			}
			seen = append(seen, fmt.Sprintf("%s %d %q", ev.name, ev.Build, ev.Errors))
		case <-deadline:
			t.Fatalf("no %s in %s; events: %s", what, serveDeadline, strings.Join(seen, "; "))
		}
	}
}

// ended waits for the stream to end (the reader gets EOF).
func (es *eventStream) ended(t testing.TB, within time.Duration) {
	t.Helper()
	deadline := time.After(within)
	for {
		select {
		case _, open := <-es.events:
			if !open {
				return
			}
		case <-deadline:
			t.Fatalf("the event stream is still open %s later", within)
		}
	}
}

// casualties edits data/casualties.csv of a project copy: set writes it
// with the 613 figure (statement-killed, line 2) replaced by value.
type casualties struct {
	path, orig string
}

func newCasualties(t testing.TB, dir string) *casualties {
	t.Helper()
	path := filepath.Join(dir, "data", "casualties.csv")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte("\nstatement-killed,")) || !bytes.Contains(b, []byte(",613,exact,")) {
		t.Fatal("data/casualties.csv has no statement-killed figure of 613 to edit")
	}
	return &casualties{path: path, orig: string(b)}
}

func (c *casualties) content(value string) []byte {
	return []byte(strings.Replace(c.orig, ",613,exact,", ","+value+",exact,", 1))
}

func (c *casualties) set(t testing.TB, value string) {
	t.Helper()
	if err := os.WriteFile(c.path, c.content(value), 0o644); err != nil {
		t.Fatal(err)
	}
}

// setByRename saves as many editors do: a new file beside, renamed over.
func (c *casualties) setByRename(t testing.TB, value string) {
	t.Helper()
	tmp := filepath.Join(filepath.Dir(c.path), ".casualties.csv.dashgen-test~")
	if err := os.WriteFile(tmp, c.content(value), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, c.path); err != nil {
		t.Fatal(err)
	}
}

// fetch gets a page, which must be 200.
func fetch(t testing.TB, u string) string {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d", u, resp.StatusCode)
	}
	return string(b)
}

// badLinePrefix starts the error that the 613 figure written as 6x4 gives,
// on the terminal and on the page.
const badLinePrefix = "data/casualties.csv:2:"

func TestServe(t *testing.T) {
	t.Parallel()
	exe := binary(t)

	t.Run("rebuilds and keeps the last good build", func(t *testing.T) {
		dir := project(t)
		csv := newCasualties(t, dir)
		p, base := startServe(t, exe, dir, "--addr", "127.0.0.1:0")
		es := subscribeEvents(t, base)
		if ev := es.next(t); ev.name != "reload" || ev.Build != 1 {
			t.Fatalf("first event: %+v, want the current state, reload of build 1", ev)
		}
		if page := fetch(t, base+"/overview.html"); !strings.Contains(page, ">613<") || !strings.Contains(page, `<html data-build="1" `) {
			t.Fatal("overview.html is not build 1 with 613")
		}
		if _, err := os.Stat(filepath.Join(dir, "output")); err == nil {
			t.Error("serve wrote the output folder")
		}

		csv.set(t, "614")
		ev := es.waitEvent(t, "reload after 613 → 614", func(ev sseEvent) bool { return ev.name == "reload" })
		page := fetch(t, base+"/overview.html")
		if !strings.Contains(page, ">614<") || !strings.Contains(page, fmt.Sprintf(`<html data-build="%d" `, ev.Build)) {
			t.Fatalf("after the reload event (build %d), overview.html lacks >614< or its build number", ev.Build)
		}
		good := ev.Build

		csv.set(t, "6x4")
		ev = es.waitEvent(t, "errors naming "+badLinePrefix, func(ev sseEvent) bool {
			return ev.name == "errors" && len(ev.Errors) > 0 && strings.HasPrefix(ev.Errors[0], badLinePrefix) && strings.Contains(ev.Errors[0], `"6x4"`)
		})
		line := ev.Errors[0]
		t.Logf("errors event: %q", ev.Errors)
		if ev.Build != good {
			t.Errorf("the errors event names build %d, want the last good one, %d", ev.Build, good)
		}
		p.waitFor(t, "the same error on stderr", func(_, stderr string) bool {
			return strings.Contains(stderr, "\n"+line+"\n") || strings.HasPrefix(stderr, line+"\n")
		})
		p.waitFor(t, "still serving on stderr", func(_, stderr string) bool {
			return strings.Contains(stderr, "dashgen: 1 error; still serving the last good build")
		})
		page = fetch(t, base+"/overview.html")
		if !strings.Contains(page, ">614<") || strings.Contains(page, "6x4") || !strings.Contains(page, fmt.Sprintf(`<html data-build="%d" `, good)) {
			t.Error("after a bad edit overview.html is not the last good build")
		}
		if fetch(t, base+"/") == "" {
			t.Error("GET / is empty")
		}

		csv.set(t, "614")
		ev = es.waitEvent(t, "reload after the fix", func(ev sseEvent) bool { return ev.name == "reload" })
		if ev.Build <= good {
			t.Errorf("after the fix the build is %d, want more than %d", ev.Build, good)
		}
		if page := fetch(t, base+"/overview.html"); !strings.Contains(page, fmt.Sprintf(`<html data-build="%d" `, ev.Build)) {
			t.Error("after the fix overview.html is not the new build")
		}
		// The reload event may come before the build's line on stdout.
		p.waitFor(t, "3 or more build lines on stdout", func(stdout, _ string) bool {
			return strings.Count(stdout, "built 4 dashboards") >= 3
		})
	})

	t.Run("public address", func(t *testing.T) {
		dir := project(t)
		r := run(t, exe, dir, "serve", "--addr", "0.0.0.0:0")
		if r.code != 2 || !strings.Contains(r.stderr, "--public") || !strings.Contains(r.stderr, "0.0.0.0:0") {
			t.Errorf("serve --addr 0.0.0.0:0: exit %d, stderr %q; want 2 and a message naming the address and --public", r.code, r.stderr)
		}
		if r := run(t, exe, dir, "serve", "--addr", "8000"); r.code != 2 || !strings.Contains(r.stderr, "host:port") {
			t.Errorf("serve --addr 8000: exit %d, stderr %q; want 2 and host:port", r.code, r.stderr)
		}
		p, base := startServe(t, exe, dir, "--addr", "0.0.0.0:0", "--public")
		_, stderr := p.output()
		if !strings.Contains(stderr, "warning") || !strings.Contains(stderr, "other machines") {
			t.Errorf("serve --public: no warning on stderr: %q", stderr)
		}
		_, port, err := net.SplitHostPort(strings.TrimPrefix(base, "http://"))
		if err != nil {
			t.Fatalf("serving address %s: %v", base, err)
		}
		if page := fetch(t, "http://127.0.0.1:"+port+"/overview.html"); !strings.Contains(page, ">613<") {
			t.Error("serve --public does not serve overview.html")
		}
	})

	t.Run("address in use", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		r := run(t, exe, project(t), "serve", "--addr", ln.Addr().String())
		if r.code != 1 || !strings.Contains(r.stderr, "cannot listen on "+ln.Addr().String()) {
			t.Errorf("serve on a port in use: exit %d, stderr %q; want 1 and cannot listen", r.code, r.stderr)
		}
	})

	for _, sig := range []os.Signal{syscall.SIGTERM, os.Interrupt} {
		t.Run("stops on "+sig.String(), func(t *testing.T) {
			if runtime.GOOS == "windows" {
				t.Skip("no signals to send on Windows")
			}
			p, base := startServe(t, exe, project(t), "--addr", "127.0.0.1:0")
			es := subscribeEvents(t, base)
			es.next(t)
			start := time.Now()
			if err := p.cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			es.ended(t, serveDeadline)
			ended := time.Since(start)
			if code, want := p.wait(t, serveDeadline), 128+int(sig.(syscall.Signal)); code != want {
				_, stderr := p.output()
				t.Errorf("exit code %d after %v, want %d; stderr:\n%s", code, sig, want, stderr)
			}
			stdout, stderr := p.output()
			if !strings.HasSuffix(stdout, "stopped\n") {
				t.Errorf("stdout does not end with \"stopped\":\n%s", stdout)
			}
			if stderr != "" {
				t.Errorf("stderr:\n%s", stderr)
			}
			t.Logf("%v: the event stream ended in %v, dashgen exited in %v", sig, ended.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
		})
	}

	t.Run("many clients while the data changes", func(t *testing.T) {
		dir := project(t)
		csv := newCasualties(t, dir)
		_, base := startServe(t, exe, dir, "--addr", "127.0.0.1:0")
		var manifest struct {
			Outputs map[string]string `json:"outputs"`
		}
		if err := json.Unmarshal([]byte(fetch(t, base+"/manifest.json")), &manifest); err != nil {
			t.Fatalf("manifest.json: %v", err)
		}
		paths := []string{"/", "/manifest.json"}
		for p := range manifest.Outputs {
			paths = append(paths, "/"+p)
		}
		sort.Strings(paths)
		if len(paths) < 20 {
			t.Fatalf("only %d paths to request: %q", len(paths), paths)
		}
		es := subscribeEvents(t, base)
		es.next(t)

		// Every client requests paths in pairs: a request (conditional when
		// it has an ETag for the path), then at once the same path with
		// the ETag just received. Together the clients request every
		// path in at least one pair before they may stop, so a path
		// whose content no edit changes (the assets) is answered 304 by
		// construction, however slow the machine. The edits below wait
		// for their events, so there are reloads and errors by
		// construction too.
		const clients = 40
		client := &http.Client{
			Transport: &http.Transport{MaxIdleConns: 2 * clients, MaxIdleConnsPerHost: 2 * clients},
			Timeout:   serveDeadline,
		}
		defer client.CloseIdleConnections()
		var requests, ok200, ok304, failed, bytesRead atomic.Int64
		var failMu sync.Mutex
		var failures []string
		fail := func(format string, args ...any) {
			failed.Add(1)
			failMu.Lock()
			defer failMu.Unlock()
			if len(failures) < 20 {
				failures = append(failures, fmt.Sprintf(format, args...))
			}
		}
		// get requests path, with If-None-Match: etag unless etag is
		// empty, checks the answer and returns the ETag to use next.
		get := func(path, etag string) string {
			req, _ := http.NewRequest(http.MethodGet, base+path, nil)
			conditional := etag != ""
			if conditional {
				req.Header.Set("If-None-Match", etag)
			}
			requests.Add(1)
			resp, err := client.Do(req)
			if err != nil {
				fail("GET %s: %v", path, err)
				return ""
			}
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			bytesRead.Add(int64(len(body)))
			switch {
			case err != nil:
				fail("GET %s: read the body: %v (%d bytes)", path, err, len(body))
			case resp.StatusCode == http.StatusNotModified:
				if !conditional || len(body) != 0 {
					fail("GET %s: 304 (conditional %v) with %d bytes", path, conditional, len(body))
				}
				ok304.Add(1)
				return etag
			case resp.StatusCode != http.StatusOK:
				fail("GET %s: status %d", path, resp.StatusCode)
			case resp.ContentLength != int64(len(body)):
				fail("GET %s: Content-Length %d, body %d bytes", path, resp.ContentLength, len(body))
			case conditional && resp.Header.Get("ETag") == etag:
				fail("GET %s: 200 to If-None-Match %s, with that same ETag", path, etag)
			case strings.HasSuffix(path, ".html") || path == "/":
				if !bytes.HasSuffix(bytes.TrimSpace(body), []byte("</html>")) || !bytes.Contains(body, []byte("<html data-build=")) {
					fail("GET %s: the page is cut short or has no build number (%d bytes)", path, len(body))
				} else {
					ok200.Add(1)
				}
			default:
				ok200.Add(1)
			}
			return resp.Header.Get("ETag")
		}
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for c := 0; c < clients; c++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				etags := map[string]string{}
				for n := c; ; n += clients {
					if n >= len(paths) {
						// Every path of this client had its pair.
						select {
						case <-stop:
							return
						default:
						}
					}
					path := paths[n%len(paths)]
					etags[path] = get(path, etags[path])
					if etags[path] != "" {
						etags[path] = get(path, etags[path])
					}
				}
			}()
		}

		// Edits while the clients request: a valid value, then a bad one,
		// each awaited (its reload, or its errors).
		start := time.Now()
		edits := 0
		for i := 0; i < 6; i++ {
			if i%2 == 0 {
				value := fmt.Sprint(614 + i)
				csv.set(t, value)
				es.waitEvent(t, "reload with "+value, func(ev sseEvent) bool {
					return ev.name == "reload" && strings.Contains(fetch(t, base+"/overview.html"), ">"+value+"<")
				})
			} else {
				value := fmt.Sprintf("6x%d", i)
				csv.set(t, value)
				es.waitEvent(t, "errors naming "+value, func(ev sseEvent) bool {
					return ev.name == "errors" && len(ev.Errors) > 0 && strings.Contains(ev.Errors[0], `"`+value+`"`)
				})
			}
			edits++
		}
		close(stop)
		wg.Wait()
		took := time.Since(start)
		// A last valid edit: its reload event comes after those of the
		// edits before, and then the page shows it.
		csv.set(t, "700")
		es.waitEvent(t, "reload with the last edit", func(ev sseEvent) bool {
			return ev.name == "reload" && strings.Contains(fetch(t, base+"/overview.html"), ">700<")
		})

		t.Logf("%d clients, %v: %d requests (%.0f/s), %d × 200, %d × 304, %d failed, %.1f MB read; %d edits and a last one",
			clients, took.Round(time.Millisecond), requests.Load(), float64(requests.Load())/took.Seconds(),
			ok200.Load(), ok304.Load(), failed.Load(), float64(bytesRead.Load())/1e6, edits)
		for _, f := range failures {
			t.Error(f)
		}
		if failed.Load() > 0 {
			t.Errorf("%d of %d requests failed", failed.Load(), requests.Load())
		}
		if ok304.Load() == 0 || ok200.Load() == 0 {
			t.Errorf("no 200 or no 304 among the answers")
		}
	})
}

func TestBuildWatch(t *testing.T) {
	t.Parallel()
	exe := binary(t)
	dir := project(t)
	csv := newCasualties(t, dir)
	out := filepath.Join(dir, "output")
	overview := filepath.Join(out, "overview.html")
	p := startProc(t, exe, dir, "build", "--watch")
	builds := func(n int) func(string, string) bool {
		return func(stdout, _ string) bool { return strings.Count(stdout, "built 4 dashboards") >= n }
	}
	p.waitFor(t, "the first build", builds(1))
	if b, err := os.ReadFile(overview); err != nil || !bytes.Contains(b, []byte(">613<")) {
		t.Fatalf("after the first build output/overview.html lacks >613< (%v)", err)
	}

	csv.set(t, "614")
	p.waitFor(t, "a second build", builds(2))
	first := snapshot(t, out)
	if !strings.Contains(first["overview.html"], ">614<") {
		t.Fatal("after 613 → 614 output/overview.html lacks >614<")
	}
	if strings.Contains(first["overview.html"], "data-build") || strings.Contains(first["overview.html"], "_dashgen/events") {
		t.Error("build --watch wrote a preview page (with a build number or the live-reload script)")
	}

	csv.set(t, "6x4")
	p.waitFor(t, "the error on stderr", func(_, stderr string) bool {
		return strings.Contains(stderr, badLinePrefix) && strings.Contains(stderr, `"6x4"`) &&
			strings.Contains(stderr, "dashgen: 1 error; nothing was written; watching for the next change")
	})
	after := snapshot(t, out)
	if len(after) != len(first) {
		t.Errorf("after a bad edit the output has %d files, before %d", len(after), len(first))
	}
	for name, b := range first {
		if after[name] != b {
			t.Errorf("a bad edit changed output/%s", name)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 3 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("the project folder holds %q, want config.yaml, data and output", names)
	}

	csv.set(t, "615")
	p.waitFor(t, "a build after the fix", builds(3))
	if b, _ := os.ReadFile(overview); !bytes.Contains(b, []byte(">615<")) {
		t.Error("after the fix output/overview.html lacks >615<")
	}

	if runtime.GOOS == "windows" {
		return
	}
	if err := p.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	if code := p.wait(t, serveDeadline); code != 130 {
		t.Errorf("build --watch exited %d after an interrupt, want 130", code)
	}
	if stdout, _ := p.output(); !strings.HasSuffix(stdout, "stopped watching\n") {
		t.Errorf("stdout does not end with \"stopped watching\":\n%s", stdout)
	}
}
