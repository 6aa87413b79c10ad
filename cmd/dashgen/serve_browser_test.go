package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// liveState is what a served page reports about itself; see liveStateJS.
type liveState struct {
	Ready     string       `json:"ready"`
	Build     string       `json:"build"`
	ScrollY   float64      `json:"scrollY"`
	ScrollMax float64      `json:"scrollMax"`
	Text      string       `json:"text"`
	CSP       string       `json:"csp"`
	Overlay   *liveOverlay `json:"overlay"`
	// Violations and Dialogs are what pageInitJS recorded in this document.
	Violations []string `json:"violations"`
	Dialogs    []string `json:"dialogs"`
}

type liveOverlay struct {
	Visible bool `json:"visible"`
	Items   []struct {
		Text     string `json:"text"`
		Elements int    `json:"elements"`
	} `json:"items"`
	Text string `json:"text"`
}

const liveStateJS = `(() => {
	const o = document.getElementById('dashgen-errors');
	let overlay = null;
	if (o) {
		const r = o.getBoundingClientRect();
		overlay = {
			visible: r.width > 0 && r.height > 0 && getComputedStyle(o).visibility !== 'hidden',
			items: Array.from(o.querySelectorAll('li')).map(li => ({text: li.textContent, elements: li.children.length})),
			text: o.innerText,
		};
	}
	return {
		ready: document.readyState,
		build: document.documentElement.getAttribute('data-build') || '',
		scrollY: window.scrollY,
		scrollMax: document.documentElement.scrollHeight - window.innerHeight,
		text: document.body ? document.body.innerText : '',
		csp: (document.querySelector('meta[http-equiv="Content-Security-Policy" i]') || {}).content || '',
		overlay: overlay,
		violations: window.__cspViolations || null,
		dialogs: window.__dialogs || null,
	};
})()`

// TestServeLiveReloadInChromium opens a page served by dashgen serve in
// headless Chromium and edits the data under it: a bad edit shows the
// errors over the page, as text; a good edit reloads the page at the same
// scroll position, without the errors. The page makes no request but to
// the server, logs no error and violates no Content-Security-Policy.
//
// Like TestPagesRenderInChromium, it skips without a browser unless CI is
// set.
func TestServeLiveReloadInChromium(t *testing.T) {
	browser := findBrowser(t)
	t.Parallel() // the browser tests run side by side, in tabs of the shared browsers
	exe := binary(t)
	dir := project(t)
	csv := newCasualties(t, dir)
	_, base := startServe(t, exe, dir, "--addr", "127.0.0.1:0")

	browserCtx := startEmbedBrowser(testContext(t), t, browser)
	tab, err := openEmbedTab(browserCtx, []string{base + "/"}, 1280, 700, false)
	if err != nil {
		t.Fatal(err)
	}
	// The tab closes, and reports what it recorded, before the server stops.
	defer tab.close(t)

	// poll reads the page's state until ok accepts it; a read may fail
	// while the page reloads.
	poll := func(what string, ok func(liveState) bool) liveState {
		t.Helper()
		deadline := time.Now().Add(serveDeadline)
		var st liveState
		var err error
		for {
			st, err = evalIn[liveState](tab, "", liveStateJS)
			if err == nil && ok(st) {
				return st
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: not so after %s (last read error: %v); the page: build %q, ready %q, scrollY %v, overlay %+v",
					what, serveDeadline, err, st.Build, st.Ready, st.ScrollY, st.Overlay)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	// clean checks what pageInitJS recorded in the current document.
	clean := func(st liveState, when string) {
		t.Helper()
		if st.Violations == nil || st.Dialogs == nil {
			t.Errorf("%s: pageInitJS did not run", when)
		}
		for _, v := range st.Violations {
			t.Errorf("%s: Content-Security-Policy violation: %s", when, v)
		}
		for _, d := range st.Dialogs {
			t.Errorf("%s: the page called %s", when, d)
		}
	}

	if err := tab.navigate(base + "/overview.html"); err != nil {
		t.Fatal(err)
	}
	st := poll("the page loads as build 1", func(st liveState) bool { return st.Ready == "complete" && st.Build == "1" })
	if !strings.Contains(st.CSP, "connect-src 'self'") {
		t.Errorf("the preview page's policy does not allow its event stream (connect-src 'self'): %q", st.CSP)
	}
	if !strings.Contains(st.Text, "613") || st.Overlay != nil {
		t.Errorf("build 1: no 613 in the text, or an error overlay: %+v", st.Overlay)
	}
	if st.ScrollMax < 600 {
		t.Fatalf("the page scrolls only %v px at 1280x700; the test needs 600", st.ScrollMax)
	}

	// A bad edit: the errors show over the page, which stays as it was.
	csv.set(t, "6x4")
	// A build may catch the file half written and show another error
	// first; wait for this one.
	line := -1
	st = poll("#dashgen-errors lists "+badLinePrefix+"…\"6x4\"…", func(st liveState) bool {
		if st.Overlay == nil {
			return false
		}
		for i, it := range st.Overlay.Items {
			if strings.HasPrefix(it.Text, badLinePrefix) && strings.Contains(it.Text, `"6x4"`) {
				line = i
				return true
			}
		}
		return false
	})
	if st.Build != "1" {
		t.Errorf("after a bad edit the page is build %q, want 1", st.Build)
	}
	if !st.Overlay.Visible {
		t.Error("#dashgen-errors is not visible")
	}
	if n := st.Overlay.Items[line].Elements; n != 0 {
		t.Errorf("the error line is not plain text: %d elements in it", n)
	}
	t.Logf("overlay: %q", st.Overlay.Text)
	clean(st, "build 1 with the errors")

	// Scroll down, then a good edit: the page reloads where it was.
	if _, err := evalIn[float64](tab, "", "window.scrollTo(0, 600), window.scrollY"); err != nil {
		t.Fatal(err)
	}
	poll("the page scrolls to 600", func(st liveState) bool { return st.ScrollY == 600 })
	start := time.Now()
	csv.set(t, "614")
	st = poll("the page reloads as a new build", func(st liveState) bool {
		return st.Ready == "complete" && st.Build != "" && st.Build != "1"
	})
	t.Logf("reloaded as build %s in %v", st.Build, time.Since(start).Round(time.Millisecond))
	if st.Build != "2" {
		t.Errorf("the reloaded page is build %q, want 2", st.Build)
	}
	st = poll("the scroll position comes back", func(st liveState) bool { return math.Abs(st.ScrollY-600) <= 2 })
	if st.Overlay != nil {
		t.Errorf("after the good edit the errors still show: %q", st.Overlay.Text)
	}
	if !strings.Contains(st.Text, "614") {
		t.Error("the reloaded page does not show 614")
	}
	// The page stays as it is: no second reload, no overlay. The server's
	// current state, the first event of a new stream, is this build.
	ectx, cancel := context.WithTimeout(tab.ctx, serveDeadline)
	defer cancel()
	server, err := chromedp.Run(ectx, chromedp.Evaluate[struct {
		Name string `json:"name"`
		Data string `json:"data"`
	}](serverStateJS, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("read the server's state from its event stream: %v", err)
	}
	var state struct {
		Build int `json:"build"`
	}
	if err := json.Unmarshal([]byte(server.Data), &state); server.Name != "reload" || err != nil || state.Build != 2 {
		t.Errorf("the server's state after the good edit: event %q, data %s (%v); want a reload event of build 2", server.Name, server.Data, err)
	}
	st = poll("the page is settled", func(st liveState) bool { return st.Ready == "complete" })
	if st.Build != "2" || st.Overlay != nil || math.Abs(st.ScrollY-600) > 2 {
		t.Errorf("after settling: build %q, overlay %v, scrollY %v", st.Build, st.Overlay != nil, st.ScrollY)
	}
	clean(st, fmt.Sprintf("build %s", st.Build))
}

// serverStateJS opens the server's event stream from the page and
// resolves with its first event, the server's current state, and closes
// it.
const serverStateJS = `new Promise((resolve, reject) => {
	const events = new EventSource('/_dashgen/events');
	for (const name of ['reload', 'errors']) {
		events.addEventListener(name, e => { events.close(); resolve({name: name, data: e.data}); });
	}
	events.onerror = () => { events.close(); reject(new Error('the event stream failed')); };
})`
