// Package export turns the pages of a build into files for slides and
// print: a PNG or SVG of each chart, a PDF of each dashboard. It drives
// the system's Chromium through chromedp on the built pages themselves,
// served from memory on a loopback port, so an export looks exactly like
// the page.
package export

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/dashgen/dashgen/internal/output"
)

// Options say what to export and how.
type Options struct {
	Formats []string // png, svg, pdf
	// Width and Height are the image's size in pixels; Scale is the pixel
	// density: the page is laid out at Width/Scale × Height/Scale.
	Width, Height int
	Scale         float64
	Paper         string // a4 or letter, for PDF
	Chrome        string // the browser; found on PATH when empty
	Jobs          int    // pages rendered at once; the number of cores when 0
}

// Chart is a chart that can be exported.
type Chart struct {
	ID, Dashboard string
	Drawn         bool // a drawing (charts.Kind.Drawn); cards are HTML only
	Table         bool // rows one under another (charts.Kind.Rows): no image of them would hold them
}

// Dashboard is a dashboard page to print.
type Dashboard struct{ ID string }

// ErrNoBrowser is returned when no Chromium can be found.
var ErrNoBrowser = errors.New("no Chromium or Chrome found: install the chromium package (on Debian and Ubuntu: apt-get install chromium), or give the browser's path with --chrome")

// FindBrowser returns the browser to use: the one given, or the first of
// the usual names on PATH.
func FindBrowser(given string) (string, error) {
	if given != "" {
		p, err := exec.LookPath(given)
		if err != nil {
			return "", fmt.Errorf("--chrome %s: %w", given, err)
		}
		return p, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", ErrNoBrowser
}

// Job is one file to make.
type Job struct {
	url  string // path and query on the site
	path string // the file: <lang>/<name>, under the exports folder
	kind string // png, svg, pdf
}

// Language is one language of the build to export: Site is where its
// pages are on the site ("" for the first language, "az/" for another),
// Lang names its folder of exports.
type Language struct{ Site, Lang string }

// Plan lists the files opts asks for in one language, in a fixed order,
// and the charts it leaves out with the reason.
func Plan(charts []Chart, dashboards []Dashboard, opts Options, lang Language) (jobs []Job, skipped []string) {
	want := map[string]bool{}
	for _, f := range opts.Formats {
		want[f] = true
	}
	for _, c := range charts {
		if c.Table && (want["png"] || want["svg"]) {
			skipped = append(skipped, fmt.Sprintf("%s: a table is not exported as an image; its data is in data/%s.csv and it prints in the PDF", c.ID, c.ID))
			continue
		}
		for _, kind := range []string{"png", "svg"} {
			if !want[kind] {
				continue
			}
			switch {
			case kind == "svg" && !c.Drawn:
				skipped = append(skipped, fmt.Sprintf("%s: cards are HTML, not a drawing, so there is no SVG of them; the PNG shows them", c.ID))
			default:
				jobs = append(jobs, Job{url: "/" + lang.Site + "embed/" + c.ID + ".html?export=" + kind + "&theme=light", path: lang.Lang + "/" + c.ID + "." + kind, kind: kind})
			}
		}
	}
	if want["pdf"] {
		for _, d := range dashboards {
			jobs = append(jobs, Job{url: "/" + lang.Site + d.ID + ".html?export=pdf", path: lang.Lang + "/" + d.ID + ".pdf", kind: "pdf"})
		}
	}
	return jobs, skipped
}

// Run renders every job on the site's files and returns the exported
// files. progress is called once per file, as each is done.
func Run(ctx context.Context, site http.Handler, jobs []Job, opts Options, progress func(string)) ([]output.File, error) {
	if len(jobs) == 0 {
		return nil, nil
	}
	browser, err := FindBrowser(opts.Chrome)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: site, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	base := "http://" + ln.Addr().String()

	flags := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(browser),
		chromedp.Headless, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("font-render-hinting", "none"),
	}
	if os.Geteuid() == 0 {
		flags = append(flags, chromedp.NoSandbox) // Chromium refuses to run as root otherwise
	}
	// One browser per worker, each rendering one page at a time: pages
	// never compete inside one renderer, and a browser that dies takes only
	// its worker's files with it.
	workers := opts.Jobs
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	var (
		mu    sync.Mutex
		files []output.File
		errs  []error
	)
	queue := make(chan Job)
	var wg sync.WaitGroup
	for range min(workers, len(jobs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, flags...)
			defer cancelAlloc()
			browserCtx, cancelBrowser := chromedp.NewContext(allocCtx)
			defer cancelBrowser()
			started := chromedp.Do(browserCtx)
			for j := range queue {
				start := time.Now()
				data, err := []byte(nil), started
				if err != nil {
					err = fmt.Errorf("starting %s: %w", browser, err)
				} else {
					data, err = render(browserCtx, base, j, opts)
				}
				mu.Lock()
				if err != nil {
					errs = append(errs, fmt.Errorf("%s: %w", j.path, err))
				} else {
					files = append(files, output.File{Path: j.path, Data: data})
					progress(fmt.Sprintf("%-44s %s  %.1f s", j.path, describe(j, data, opts), time.Since(start).Seconds()))
				}
				mu.Unlock()
			}
		}()
	}
send:
	for _, j := range jobs {
		if ctx.Err() != nil {
			break // no more pages once interrupted
		}
		select {
		case queue <- j:
		case <-ctx.Done():
			break send
		}
	}
	close(queue)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	sort.Slice(files, func(a, b int) bool { return files[a].Path < files[b].Path })
	return files, nil
}

func describe(j Job, data []byte, opts Options) string {
	switch j.kind {
	case "png":
		return fmt.Sprintf("%d×%d px", opts.Width, opts.Height)
	case "pdf":
		return fmt.Sprintf("%s, %d KB", strings.ToUpper(opts.Paper[:1])+opts.Paper[1:], (len(data)+1023)/1024)
	}
	return fmt.Sprintf("%d KB", (len(data)+1023)/1024)
}

// paper sizes in inches, and the width of the printed area in CSS pixels
// (96 per inch) inside the print style's 14 mm margins.
var papers = map[string]struct{ w, h float64 }{
	"a4":     {8.27, 11.69},
	"letter": {8.5, 11},
}

const marginInches = 14 / 25.4

func render(browserCtx context.Context, base string, j Job, opts Options) ([]byte, error) {
	ctx, cancel := chromedp.NewContext(browserCtx)
	defer cancel()
	ctx, cancelTime := context.WithTimeout(ctx, 60*time.Second)
	defer cancelTime()

	scale := LayoutScale(opts.Width, opts.Height, opts.Scale)
	width, height := int64(float64(opts.Width)/scale), int64(float64(opts.Height)/scale)
	if j.kind == "pdf" {
		p := papers[opts.Paper]
		width, height, scale = int64((p.w-2*marginInches)*96), int64((p.h-2*marginInches)*96), 1
	}
	if j.kind == "pdf" {
		// The page lays its charts out for print (a page each, see
		// fillPage in page.js), so it must see the print style while it
		// measures.
		if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
			return nil, err
		}
	}
	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(width, height, chromedp.EmulateScale(scale)),
		chromedp.Navigate(base+j.url),
	); err != nil {
		return nil, err
	}
	// Wait for the page script's mark: every chart drawn.
	for {
		drawn, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.hasAttribute('data-drawn') && document.fonts.status === 'loaded'`))
		if err != nil {
			return nil, err
		}
		if drawn {
			break
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("the page did not finish drawing: %w", ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
	switch j.kind {
	case "png":
		return chromedp.Run(ctx, chromedp.CaptureScreenshot())
	case "svg":
		svg, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
			const el = document.querySelector('.draw');
			const chart = el && echarts.getInstanceByDom(el);
			return chart ? chart.renderToSVGString() : '';
		})()`))
		if err != nil {
			return nil, err
		}
		if svg == "" {
			return nil, errors.New("the page drew no chart")
		}
		return []byte(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + svg + "\n"), nil
	default:
		p := papers[opts.Paper]
		yes := true
		r, err := chromedp.Call(ctx, page.PrintToPDF, page.PrintToPDFParams{
			PaperWidth: p.w, PaperHeight: p.h, PrintBackground: &yes,
			MarginTop: ptr(marginInches), MarginBottom: ptr(marginInches), MarginLeft: ptr(marginInches), MarginRight: ptr(marginInches),
			GenerateDocumentOutline: &yes, GenerateTaggedPDF: &yes,
			PreferCSSPageSize: &yes, // a chart's page may be landscape
		})
		if err != nil {
			return nil, err
		}
		return stableNodeIDs(stableDates(r.Data)), nil
	}
}

func ptr[T any](v T) *T { return &v }

var pdfDate = regexp.MustCompile(`(/(?:CreationDate|ModDate) ?\(D:)[0-9]{14}`)

// stableDates replaces the time Chromium writes into a PDF with a fixed one
// of the same length (offsets in the file stay valid), so that exporting
// unchanged pages gives the same bytes.
func stableDates(pdf []byte) []byte {
	return pdfDate.ReplaceAll(pdf, []byte("${1}20000101000000"))
}

var nodeID = regexp.MustCompile(`\(node([0-9]{8})\)`)

// stableNodeIDs renumbers the ids Chromium gives the structure elements of
// a tagged PDF, which come from the page's DOM node numbers and so change
// from one run to the next. The new numbers keep the old ones' order (the
// PDF's id tree is sorted) and their width (offsets stay valid).
func stableNodeIDs(pdf []byte) []byte {
	var ids []string
	seen := map[string]bool{}
	for _, m := range nodeID.FindAllSubmatch(pdf, -1) {
		if !seen[string(m[1])] {
			seen[string(m[1])] = true
			ids = append(ids, string(m[1]))
		}
	}
	sort.Strings(ids)
	renum := make(map[string]string, len(ids))
	for i, id := range ids {
		renum[id] = fmt.Sprintf("%08d", i+1)
	}
	return nodeID.ReplaceAllFunc(pdf, func(m []byte) []byte {
		return []byte("(node" + renum[string(m[5:13])] + ")")
	})
}

// The smallest page an image is laid out on, in CSS pixels: below it the
// title, the category names and the sources no longer have room at the
// export's type size.
const minLayoutWidth, minLayoutHeight = 640, 480

// LayoutScale is the pixel density an image of w×h pixels is made at:
// the one asked for, lowered for a small image so that its page is at
// least 640×480 CSS pixels (800×600 at --scale 2 is laid out at 640×480,
// density 1.25), never below 1.
func LayoutScale(w, h int, asked float64) float64 {
	return max(1, min(asked, float64(w)/minLayoutWidth, float64(h)/minLayoutHeight))
}

// ParseSize reads --size: 16:9 (1920×1080), 4:3 (1440×1080) or WIDTHxHEIGHT.
func ParseSize(s string) (w, h int, err error) {
	switch s {
	case "16:9":
		return 1920, 1080, nil
	case "4:3":
		return 1440, 1080, nil
	}
	a, b, ok := strings.Cut(strings.ToLower(s), "x")
	if ok {
		w, err1 := strconv.Atoi(a)
		h, err2 := strconv.Atoi(b)
		if err1 == nil && err2 == nil && w >= 200 && h >= 150 && w <= 8000 && h <= 8000 {
			return w, h, nil
		}
	}
	return 0, 0, fmt.Errorf("--size %q is not 16:9, 4:3 or WIDTHxHEIGHT in pixels (200×150 to 8000×8000), such as 1920x1080", s)
}
