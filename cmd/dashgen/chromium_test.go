package main

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The browser tests share one Chromium per kind of browser (see
// strictBrowserFlags and loopbackBrowserFlags) for the whole test process:
// starting one costs seconds on a busy machine. Each test gets a browser
// context of its own in it (like a private window: no cookies, storage or
// cache shared with another test), which is closed when the test ends.

// strictBrowserFlags start a browser with the network cut off (see
// blockedURLs): no name resolves, so no connection leaves the machine, not
// even to an IP address.
func strictBrowserFlags() []chromedp.ExecAllocatorOption {
	return append(commonBrowserFlags(),
		// Network.setBlockedURLs (see blockedURLs) does not stop WebSockets;
		// with no name resolving, no connection leaves the machine, not even
		// to an IP address. The requests are still recorded, and fail the test.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND"),
	)
}

// loopbackBrowserFlags start a browser for pages served from loopback
// ports: the names still resolve to nothing, but 127.0.0.1 is reached, and
// site isolation is off so that the embeds (cross-origin frames) run in the
// process of their host page, where their console, their exceptions and
// their JavaScript are reached through the host's tab.
func loopbackBrowserFlags() []chromedp.ExecAllocatorOption {
	return append(commonBrowserFlags(),
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"),
		chromedp.Flag("disable-site-isolation-trials", true),
		chromedp.Flag("disable-features", "IsolateOrigins,site-per-process,OriginKeyedProcessesByDefault"),
	)
}

func commonBrowserFlags() []chromedp.ExecAllocatorOption {
	return []chromedp.ExecAllocatorOption{
		chromedp.Headless,
		chromedp.NoSandbox, // the tests may run as root
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		// Background tabs (a host page while a chart is measured alone,
		// the other tabs of a test) keep their timers and drawing.
		chromedp.Flag("disable-background-timer-throttling", true),
		chromedp.Flag("disable-renderer-backgrounding", true),
		chromedp.Flag("disable-backgrounding-occluded-windows", true),
	}
}

// runningBrowser is a Chromium shared by the tests of this process.
type runningBrowser struct {
	ctx    context.Context // its first tab: the browser
	cancel func()          // stops it and removes its profile folder
}

var browsers struct {
	mu      sync.Mutex
	running map[string]*runningBrowser // by kind and path
}

// sharedBrowser returns a context for tabs in a browser context of its own,
// in the Chromium at path started with flags (kind names the set of
// flags), which is started on first use and shared by every test of the
// process. The browser context closes when the test ends, or when ctx
// does, which stops the test's tabs.
func sharedBrowser(ctx context.Context, t testing.TB, path, kind string, flags []chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	browsers.mu.Lock()
	b := browsers.running[kind+"\x00"+path]
	if b == nil || b.ctx.Err() != nil {
		// Not started yet, or it stopped (a crash): start one.
		if b != nil {
			b.cancel()
		}
		var err error
		b, err = launch(path, flags)
		if err != nil {
			browsers.mu.Unlock()
			t.Fatalf("start %s: %v", path, err)
		}
		if browsers.running == nil {
			browsers.running = map[string]*runningBrowser{}
		}
		browsers.running[kind+"\x00"+path] = b
	}
	browsers.mu.Unlock()

	parent, cancelParent := context.WithCancel(b.ctx)
	stop := context.AfterFunc(ctx, cancelParent)
	tabs, cancelTabs := chromedp.NewContext(parent, chromedp.WithNewBrowserContext())
	t.Cleanup(func() {
		cancelTabs()
		stop()
		cancelParent()
	})
	if err := chromedp.Do(tabs); err != nil {
		t.Fatalf("open a browser context in %s: %v", path, err)
	}
	return tabs
}

// launch starts the browser at path with a profile folder of its own.
func launch(path string, flags []chromedp.ExecAllocatorOption) (*runningBrowser, error) {
	dir, err := os.MkdirTemp("", "dashgen-test-chromium-")
	if err != nil {
		return nil, err
	}
	opts := append([]chromedp.ExecAllocatorOption{chromedp.ExecPath(path), chromedp.UserDataDir(dir)}, flags...)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	browserCtx, cancelBrowser := chromedp.NewContext(allocCtx)
	cancel := func() {
		cancelBrowser()
		cancelAlloc() // waits for the browser to exit
		os.RemoveAll(dir)
	}
	if err := chromedp.Do(browserCtx); err != nil {
		cancel()
		return nil, err
	}
	return &runningBrowser{ctx: browserCtx, cancel: cancel}, nil
}

// stopBrowsers stops the shared browsers; TestMain calls it after the last
// test.
func stopBrowsers() {
	browsers.mu.Lock()
	defer browsers.mu.Unlock()
	for k, b := range browsers.running {
		b.cancel()
		delete(browsers.running, k)
	}
}

// testContext is a context for the whole of a test: it ends a minute
// before the test binary's deadline (go test -timeout), so that a hang is
// reported by the test that hangs, with its own message, rather than by
// the panic of the timeout. It only guards against hangs: no test depends
// on how fast the machine is.
func testContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	if d, ok := t.Deadline(); ok {
		margin := min(time.Minute, time.Until(d)/10)
		ctx, cancel = context.WithDeadline(context.Background(), d.Add(-margin))
	}
	t.Cleanup(cancel)
	return ctx
}

// hangGuard is how long a test waits for something that must happen (a
// page that loads, a build, an event) before it reports a hang. It is
// generous: a busy machine with one core, running -race, is slow, not
// broken.
const hangGuard = 60 * time.Second
