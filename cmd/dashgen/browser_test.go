package main

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/dashgen/dashgen/internal/cli"
)

// TestPagesRenderInChromium builds the default project and opens every page
// it writes in a headless Chromium, at a phone width and at a projector width.
// Each page must load with no network request, no console error, no uncaught
// exception, no error in the browser log, no Content-Security-Policy
// violation and no dialog; its head must start with the policy; every chart
// must draw; the page must not scroll sideways; and <html lang> must be set.
//
// The browser is DASHGEN_CHROME, or chromium, chromium-browser or
// google-chrome on PATH. Without one the test is skipped, except in CI
// (CI set), where it fails.
func TestPagesRenderInChromium(t *testing.T) {
	browser := findBrowser(t)
	t.Parallel() // the browser tests run side by side, in tabs of the shared browsers

	ctx := testContext(t)
	out := buildSite(ctx, t)
	pages, err := filepath.Glob(filepath.Join(out, "*.html"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(pages)
	if len(pages) == 0 {
		t.Fatalf("the build wrote no .html file into %s", out)
	}

	browserCtx := startBrowser(ctx, t, browser)

	viewports := []struct {
		name          string
		width, height int64
		mobile        bool // a phone: mobile emulation, so <meta name=viewport> applies
	}{
		{"phone_375x800", 375, 800, true},
		{"projector_1920x1080", 1920, 1080, false},
	}
	// The pages are checked side by side, each in tabs of its own (see
	// TestAccessibility).
	for _, path := range pages {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			for _, vp := range viewports {
				t.Run(vp.name, func(t *testing.T) {
					checkPage(browserCtx, t, path, vp.width, vp.height, vp.mobile, wantText[name])
				})
			}
		})
	}
}

// findBrowser returns the path of a Chromium-like browser, or skips the test
// (fails it in CI) when there is none. With -short it skips the test: the
// browser tests are the slow part of the suite.
func findBrowser(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("a browser test: skipped with -short")
	}
	if p := os.Getenv("DASHGEN_CHROME"); p != "" {
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("DASHGEN_CHROME=%s: %v", p, err)
		}
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	const msg = "no browser: set DASHGEN_CHROME, or install chromium (Debian/Ubuntu: apt-get install chromium)"
	if os.Getenv("CI") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// startBrowser returns a context to open tabs in, in the shared browser
// with the network cut off (see strictBrowserFlags and blockedURLs). The
// tabs close when the test ends, or when ctx does.
func startBrowser(ctx context.Context, t testing.TB, browser string) context.Context {
	t.Helper()
	return sharedBrowser(ctx, t, browser, "strict", strictBrowserFlags())
}

// buildSite runs "dashgen build" on the repository's config.yaml into a temp
// folder and returns the folder.
func buildSite(ctx context.Context, t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	args := []string{"build", "--config", filepath.Join(root, "config.yaml"), "--out", out}
	if code := cli.Run(ctx, args, &stdout, &stderr); code != 0 {
		t.Fatalf("dashgen %s: exit code %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, stdout.String(), stderr.String())
	}
	return out
}

// pageState is what the page reports about itself; see pageStateJS.
type pageState struct {
	Ready       string   `json:"ready"`
	Lang        string   `json:"lang"`
	Charts      []string `json:"charts"`
	Undrawn     []string `json:"undrawn"`
	ScrollWidth int64    `json:"scrollWidth"`
	InnerWidth  int64    `json:"innerWidth"`
	Wide        []string `json:"wide"`
	Text        string   `json:"text"`
	// Head is the first elements of <head>; CSP the policy of the page.
	Head []string `json:"head"`
	CSP  string   `json:"csp"`
	// Violations and Dialogs are what pageInitJS recorded; nil when it did
	// not run.
	Violations []string `json:"violations"`
	Dialogs    []string `json:"dialogs"`
}

// pageStateJS is a JavaScript function of the width of the viewport that was
// set. It reports the load state, the lang, the charts (.draw elements,
// by chart id) and those with no visible canvas or svg yet, the widths, the
// innermost elements that stick out to the right when the page scrolls
// sideways, and the visible text.
const pageStateJS = `((viewportWidth) => {
	const chartID = d => (d.id || '').replace(/^draw-/, '') || '(no id)';
	const draws = Array.from(document.querySelectorAll('.draw'));
	const drawn = d => Array.from(d.querySelectorAll('canvas, svg')).some(e => {
		const r = e.getBoundingClientRect();
		return r.width > 0 && r.height > 0;
	});
	const vw = Math.min(window.innerWidth, viewportWidth);
	const sw = document.documentElement.scrollWidth;
	const wide = [];
	if (sw > vw + 1 && document.body) {
		const sticksOut = e => e.getBoundingClientRect().right > vw + 1;
		for (const e of document.body.querySelectorAll('*')) {
			if (!sticksOut(e) || Array.from(e.children).some(sticksOut)) continue;
			const r = e.getBoundingClientRect();
			let d = e.tagName.toLowerCase();
			if (e.id) d += '#' + e.id;
			if (typeof e.className === 'string' && e.className) d += '.' + e.className.trim().split(/\s+/).join('.');
			wide.push(d + ' (left ' + Math.round(r.left) + ', right ' + Math.round(r.right) + ')');
			if (wide.length >= 8) break;
		}
	}
	return {
		ready: document.readyState,
		lang: document.documentElement.getAttribute('lang') || '',
		charts: draws.map(chartID),
		undrawn: draws.filter(d => !drawn(d)).map(chartID),
		scrollWidth: sw,
		innerWidth: window.innerWidth,
		wide: wide,
		// What a reader can reach as text: the visible text, plus each
		// drawn chart's "Figures as text" table (collapsed by default), the
		// uses of a source the sources page folds away ("12 more"), and
		// what only a printed page shows (its head and its list of sources).
		text: document.body ? document.body.innerText + '\n' +
			Array.from(document.querySelectorAll('details.as-text, details.uses-more, .print-only, .print-sources')).map(d => d.textContent).join('\n') : '',
		head: document.head ? Array.from(document.head.children).slice(0, 2).map(e => e.outerHTML.slice(0, 60)) : [],
		csp: (document.querySelector('meta[http-equiv="Content-Security-Policy" i]') || {}).content || '',
		violations: window.__cspViolations || null,
		dialogs: window.__dialogs || null,
	};
})`

// drawnJS resolves when the page has loaded and every chart (.draw
// element) has a visible canvas or svg, as pageStateJS counts them.
const drawnJS = `new Promise(resolve => {
	const drawn = d => Array.from(d.querySelectorAll('canvas, svg')).some(e => {
		const r = e.getBoundingClientRect();
		return r.width > 0 && r.height > 0;
	});
	const check = () => {
		if (document.readyState === 'complete' && Array.from(document.querySelectorAll('.draw')).every(drawn)) {
			resolve();
		} else {
			setTimeout(check, 10);
		}
	};
	check();
})`

// pageInitJS runs in every page before the page's own scripts (the
// policy does not apply to it). It records every Content-Security-Policy
// violation the page reports, and turns the dialogs a page can open
// (alert, confirm, prompt, print) into records, so a script that should
// never run shows up instead of blocking the page.
const pageInitJS = `(() => {
	const violations = window.__cspViolations = [];
	window.addEventListener('securitypolicyviolation', e => {
		violations.push(e.effectiveDirective + ' refused ' + (e.blockedURI || '(no URI)') +
			' at ' + (e.sourceFile || '').replace(/^.*\//, '') + ':' + e.lineNumber + ':' + e.columnNumber +
			(e.sample ? ': ' + e.sample : ''));
	}, true);
	const dialogs = window.__dialogs = [];
	for (const name of ['alert', 'confirm', 'prompt', 'print']) {
		window[name] = function (...args) {
			dialogs.push(name + '(' + args.map(String).join(', ') + ')');
			return name === 'confirm' ? false : null;
		};
	}
})()`

// blockedURLs blocks every request that would leave the machine. Chromium
// 156 blocks http and https requests with it (blockedReason "inspector"), not
// WebSockets; the flag host-resolver-rules stops those.
var blockedURLs = []*network.BlockPattern{
	{URLPattern: "http://*:*/*", Block: true},
	{URLPattern: "https://*:*/*", Block: true},
	{URLPattern: "ws://*:*/*", Block: true},
	{URLPattern: "wss://*:*/*", Block: true},
}

// wantText lists text that a page must show, by file name.
var wantText = map[string][]string{
	"overview.html":         {"613", "1,275", "487", "150"},
	"sources-compared.html": {"at least 161", "500–1,000", "about 800", "Sources:"},
	"recognitions.html":     {"more than 10", "without a date are not on this timeline"},
}

// checkPage opens the file at path in a new tab with a width x height
// viewport, as a phone when mobile is set, and checks it; want is text the
// page must show.
func checkPage(browserCtx context.Context, t *testing.T, path string, width, height int64, mobile bool, want []string) {
	_, st, done := openPage(browserCtx, t, path, width, height, mobile, false)
	defer done()

	checkWidth(t, st, width, height)
	if strings.TrimSpace(st.Lang) == "" {
		t.Errorf("<html lang> is missing or empty")
	}
	for _, want := range want {
		if strings.Contains(st.Text, want) {
			continue
		}
		where := " (nor anywhere in the file)"
		if src, err := os.ReadFile(path); err == nil && bytes.Contains(src, []byte(want)) {
			where = "; the file has it only in markup or chart data (a chart draws its labels on a canvas, which has no text)"
		}
		t.Errorf("the page's text (visible, or in a chart's Figures as text table) does not contain %q%s", want, where)
	}
}

// openPage opens the file at path in a new tab with a width x height
// viewport, as a phone when mobile is set, and waits until it has loaded
// and its charts drew. With bypassCSP the browser ignores the page's
// Content-Security-Policy, to show what the page would do without it.
//
// It checks what every page must do: load, draw every chart, start its
// head with a strict policy, and, until done is called, make no network
// request, no console error, no uncaught exception, no error in the
// browser log, no policy violation and no dialog. It returns the tab, for
// more checks, and the state of the page; call done after the last check,
// with st updated to the page's last state.
func openPage(browserCtx context.Context, t *testing.T, path string, width, height int64, mobile, bypassCSP bool) (ctx context.Context, st *pageState, done func()) {
	t.Helper()
	// The listener sees every event of the tab from its start.
	rec := &recorder{}
	ctx, cancel := chromedp.NewContext(browserCtx, chromedp.WithListener(rec.record))
	rec.setTab(ctx)
	st = &pageState{}
	// The listener sees each event that arrived before the reply to a
	// command before that command returns, so after the last command of
	// the caller rec holds everything up to that point.
	done = func() {
		t.Helper()
		if st.Dialogs == nil || st.Violations == nil {
			t.Errorf("the page did not record its dialogs and policy violations: pageInitJS did not run")
		}
		for _, d := range st.Dialogs {
			t.Errorf("the page called %s", d)
		}
		if !bypassCSP {
			for _, v := range st.Violations {
				t.Errorf("Content-Security-Policy violation: %s", v)
			}
		}
		rec.report(t)
		cancel()
	}

	pageURL := (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
	if err := chromedp.Do(ctx,
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			if _, err := chromedp.Call(ctx, network.SetBlockedURLs, network.SetBlockedURLsParams{URLPatterns: blockedURLs}); err != nil {
				return err
			}
			if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: pageInitJS}); err != nil {
				return err
			}
			if bypassCSP {
				_, err := chromedp.Call(ctx, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true})
				return err
			}
			return nil
		}),
		emulate(width, height, mobile),
		chromedp.Navigate(pageURL),
	); err != nil {
		done()
		t.Fatalf("open %s: %v", pageURL, err)
	}

	// Wait until the page has loaded and every chart drew (the page tells,
	// see drawnJS). A page that never does fails after hangGuard; how long
	// it takes is not checked.
	start := time.Now()
	wctx, cancelWait := context.WithTimeout(ctx, hangGuard)
	_, waitErr := chromedp.Run(wctx, chromedp.Evaluate[chromedp.Void](drawnJS, chromedp.EvalAwaitPromise))
	cancelWait()
	if waitErr != nil && ctx.Err() != nil {
		done()
		t.Fatalf("wait for the page to load and draw: %v", waitErr)
	}
	s, err := chromedp.Run(ctx, chromedp.Evaluate[pageState](fmt.Sprintf("(%s)(%d)", pageStateJS, width)))
	*st = s
	if err != nil {
		done()
		t.Fatalf("read the state of the page: %v", err)
	}

	if st.Ready != "complete" {
		t.Errorf("the page did not finish loading in %.1f s (document.readyState %q)", time.Since(start).Seconds(), st.Ready)
	}
	if len(st.Undrawn) > 0 {
		t.Errorf("%d of %d charts did not draw (no canvas or svg with a non-zero size in the .draw element after %.1f s): %s",
			len(st.Undrawn), len(st.Charts), time.Since(start).Seconds(), strings.Join(st.Undrawn, ", "))
	}
	// The policy comes right after <meta charset>, before anything it
	// governs, and allows nothing but the page's own inline scripts and
	// styles (by hash) and data: and blob: images.
	if len(st.Head) < 2 || !strings.HasPrefix(st.Head[0], "<meta charset=") || !strings.HasPrefix(st.Head[1], `<meta http-equiv="Content-Security-Policy"`) {
		t.Errorf("<head> does not start with <meta charset> and the Content-Security-Policy: %q", st.Head)
	}
	if !strings.HasPrefix(st.CSP, "default-src 'none'; ") || strings.Contains(st.CSP, "unsafe") || strings.Contains(st.CSP, "http") || strings.Contains(st.CSP, "*") {
		t.Errorf("the Content-Security-Policy is not strict: %q", st.CSP)
	}
	return ctx, st, done
}

// checkWidth checks that the page in a width x height viewport does not
// scroll sideways.
func checkWidth(t *testing.T, st *pageState, width, height int64) {
	t.Helper()
	// On a phone (mobile emulation) the browser widens the layout viewport
	// to fit a page that is too wide, so window.innerWidth grows with it;
	// compare with the width that was set too.
	if limit := min(st.InnerWidth, width); st.ScrollWidth > limit+1 || st.InnerWidth != width {
		t.Errorf("the page scrolls sideways in a %dx%d viewport: document scrollWidth %d, window.innerWidth %d, want both <= %d; innermost elements that stick out: %s",
			width, height, st.ScrollWidth, st.InnerWidth, width, strings.Join(st.Wide, "; "))
	}
}

// emulate sets the size of the viewport, with mobile emulation (a phone with
// a touch screen) when mobile is set.
func emulate(width, height int64, mobile bool) chromedp.Action[chromedp.Void] {
	if mobile {
		return chromedp.EmulateViewport(width, height, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	return chromedp.EmulateViewport(width, height)
}

// recorder collects the network requests that would leave the machine, the
// console errors, the uncaught exceptions and the errors in the browser log
// of one tab. Its record method runs in the loop of the tab, so it only
// appends under a lock; report hands the findings to the test.
type recorder struct {
	mu       sync.Mutex
	done     bool
	tab      context.Context // to close a dialog
	failures []string
	notes    []string
}

func (r *recorder) setTab(ctx context.Context) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.tab = ctx
}

func (r *recorder) fail(format string, args ...any) {
	r.failures = append(r.failures, fmt.Sprintf(format, args...))
}

func (r *recorder) note(format string, args ...any) {
	r.notes = append(r.notes, fmt.Sprintf(format, args...))
}

func (r *recorder) record(ev any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.done {
		return
	}
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		if ev.Request == nil {
			return
		}
		u := ev.Request.URL
		switch scheme, _, _ := strings.Cut(u, ":"); strings.ToLower(scheme) {
		case "file", "data", "about":
		default:
			r.fail("network request: %s %s (type %s, from %s)", ev.Request.Method, u, ev.Type, initiator(ev.Initiator))
		}
	case *network.EventWebSocketCreated:
		r.fail("network request: WebSocket %s (from %s)", ev.URL, initiator(ev.Initiator))
	case *network.EventWebTransportCreated:
		r.fail("network request: WebTransport %s (from %s)", ev.URL, initiator(ev.Initiator))
	case *runtime.EventConsoleAPICalled:
		switch ev.Type {
		case runtime.ConsoleAPICalledTypeError, runtime.ConsoleAPICalledTypeAssert:
			r.fail("console.%s: %s%s", ev.Type, consoleArgs(ev.Args), stackTop(ev.StackTrace))
		case runtime.ConsoleAPICalledTypeWarning:
			r.note("console.warn (not a failure): %s%s", consoleArgs(ev.Args), stackTop(ev.StackTrace))
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		if d == nil {
			r.fail("uncaught exception")
			return
		}
		msg := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			msg += " " + d.Exception.Description
		}
		r.fail("uncaught exception at %s:%d:%d: %s", shortURL(d.URL), d.LineNumber+1, d.ColumnNumber+1, msg)
	case *page.EventJavascriptDialogOpening:
		// pageInitJS replaces the dialogs; one that opens anyway blocks the
		// page until it is closed. The listener may not run a command.
		r.fail("a dialog opened (%s): %q", ev.Type, ev.Message)
		if tab := r.tab; tab != nil {
			go chromedp.Call(tab, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{})
		}
	case *log.EventEntryAdded:
		e := ev.Entry
		if e == nil {
			return
		}
		switch e.Level {
		case log.EntryLevelError:
			r.fail("browser log error (%s): %s %s", e.Source, e.Text, shortURL(e.URL))
		case log.EntryLevelWarning:
			r.note("browser log warning (not a failure) (%s): %s %s", e.Source, e.Text, shortURL(e.URL))
		}
	}
}

// report stops the recording and reports what it found through t.
func (r *recorder) report(t *testing.T) {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	r.done = true
	for _, n := range r.notes {
		t.Log(n)
	}
	for _, f := range r.failures {
		t.Error(f)
	}
}

func consoleArgs(args []*runtime.RemoteObject) string {
	var parts []string
	for _, a := range args {
		switch {
		case a == nil:
		case len(a.Value) > 0:
			parts = append(parts, strings.Trim(string(a.Value), `"`))
		case a.Description != "":
			parts = append(parts, a.Description)
		case a.UnserializableValue != "":
			parts = append(parts, string(a.UnserializableValue))
		default:
			parts = append(parts, string(a.Type))
		}
	}
	return strings.Join(parts, " ")
}

func stackTop(st *runtime.StackTrace) string {
	if st == nil || len(st.CallFrames) == 0 {
		return ""
	}
	f := st.CallFrames[0]
	return fmt.Sprintf(" (at %s %s:%d:%d)", f.FunctionName, shortURL(f.URL), f.LineNumber+1, f.ColumnNumber+1)
}

func initiator(in *network.Initiator) string {
	if in == nil {
		return "unknown"
	}
	s := string(in.Type)
	if in.URL != "" {
		s += " " + shortURL(in.URL)
	}
	if in.Stack != nil {
		s += stackTop(in.Stack)
	}
	return s
}

// shortURL keeps the file name of a file: URL, so messages stay readable.
func shortURL(u string) string {
	if strings.HasPrefix(u, "file:") {
		return filepath.Base(u)
	}
	return u
}
