package main

import (
	"bytes"
	"encoding/xml"
	"html"
	"image"
	"image/png"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestExport exports two dashboards (one with a table) as PNG, SVG and
// PDF through the real binary and Chromium, and checks each file: a PNG of
// the requested pixel size that is not blank, an SVG that parses as XML
// and holds the chart's labels as text, a PDF with the expected pages,
// the dashboard's title and data date on page one and every source's
// address as text. A second export of unchanged pages gives identical
// SVG and PDF files.
func TestExport(t *testing.T) {
	browser := findBrowser(t)
	t.Parallel() // the browser tests run side by side, in tabs of the shared browsers
	pdfinfo, pdftotext := popplerTools(t)
	exe := binary(t)
	dir := project(t)
	args := []string{"export", "--format", "png,svg,pdf", "--size", "4:3", "--dashboard", "overview,recognitions", "--lang", "en", "--chrome", browser}
	r := run(t, exe, dir, args...)
	if r.code != 0 {
		t.Fatalf("export: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	t.Logf("export printed:\n%s%s", r.stdout, r.stderr)
	out := filepath.Join(dir, "exports", "en")
	if !strings.Contains(r.stderr, "skipped recognitions-table: a table is not exported as an image") {
		t.Errorf("the table chart's skip is not reported:\n%s", r.stderr)
	}
	// One progress line per file.
	for _, name := range []string{"headline.png", "killed-by-group.png", "killed-by-group.svg", "overview.pdf", "recognitions.pdf", "recognitions-over-time.svg"} {
		if !strings.Contains(r.stdout, "en/"+name) {
			t.Errorf("no progress line for %s", name)
		}
	}

	pngs, _ := filepath.Glob(filepath.Join(out, "*.png"))
	if len(pngs) != 10 { // overview: 4 charts; recognitions: 6 drawn (2 of them maps), and a table that is skipped
		t.Errorf("%d PNG files, want 10: %v", len(pngs), pngs)
	}
	for _, p := range pngs {
		checkPNG(t, p, 1440, 1080)
	}

	svgs, _ := filepath.Glob(filepath.Join(out, "*.svg"))
	if len(svgs) != 9 { // cards have no SVG
		t.Errorf("%d SVG files, want 9: %v", len(svgs), svgs)
	}
	for _, p := range svgs {
		checkSVG(t, p)
	}
	svgText := svgTexts(t, filepath.Join(out, "killed-by-group.svg"))
	for _, want := range []string{"People killed, with the groups", "Women", "106 · 17% of 613", "Sources: 2016 statement"} {
		if !strings.Contains(svgText, want) {
			t.Errorf("killed-by-group.svg lacks the text %q; it has:\n%s", want, svgText)
		}
	}

	for dash, wantPages := range map[string]string{"overview": "5", "recognitions": "11"} {
		pdf := filepath.Join(out, dash+".pdf")
		info := command(t, pdfinfo, pdf)
		if m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindStringSubmatch(info); m == nil || m[1] != wantPages {
			t.Errorf("%s.pdf: pages %v, want %s (the header and one chart per page, then the sources; recognitions' first chart, with its long sources line, starts a page of its own)", dash, m, wantPages)
		}
		first := command(t, pdftotext, "-f", "1", "-l", "1", pdf, "-")
		title := map[string]string{"overview": "Overview", "recognitions": "Recognitions"}[dash]
		for _, want := range []string{title, "Khojaly, 25–26 February 1992", "The newest date in its data is"} {
			if !strings.Contains(first, want) {
				t.Errorf("%s.pdf: page 1 lacks %q:\n%s", dash, want, first)
			}
		}
		text := flat(command(t, pdftotext, pdf, "-"))
		page := builtPage(t, exe, dir, dash+".html")
		urls := regexp.MustCompile(`<a class="url" href="([^"]+)"`).FindAllSubmatch(page, -1)
		if len(urls) == 0 && dash == "recognitions" {
			t.Errorf("%s.html lists no source address to print", dash)
		}
		for _, u := range urls {
			// The address prints as a person reads it (letters, not
			// percent-escapes); the link keeps it exact.
			shown, err := url.PathUnescape(html.UnescapeString(string(u[1])))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(text, flat(shown)) {
				t.Errorf("%s.pdf lacks the source address %s as text", dash, u[1])
			}
		}
	}

	// Unchanged pages, exported again: the same bytes where the renderer
	// allows (SVG and PDF; PNG is reported).
	before := map[string][]byte{}
	for _, name := range []string{"killed-by-group.svg", "recognitions-over-time.svg", "overview.pdf", "recognitions.pdf", "killed-by-group.png"} {
		before[name], _ = os.ReadFile(filepath.Join(out, name))
	}
	if r := run(t, exe, dir, args...); r.code != 0 {
		t.Fatalf("second export: exit %d\n%s", r.code, r.stderr)
	}
	for name, b := range before {
		after, _ := os.ReadFile(filepath.Join(out, name))
		same := bytes.Equal(b, after)
		if strings.HasSuffix(name, ".png") {
			t.Logf("%s identical on re-export: %v", name, same)
			continue
		}
		if !same {
			t.Errorf("%s differs after exporting unchanged pages again", name)
		}
	}
}

// TestExportRefusesBadUse: flags and a missing browser fail with a clear
// message and nothing written.
func TestExportRefusesBadUse(t *testing.T) {
	t.Parallel()
	exe := binary(t)
	dir := project(t)
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"export", "--format", "gif"}, 2, `--format "gif": use png, svg or pdf`},
		{[]string{"export", "--size", "5:4"}, 2, `--size "5:4" is not 16:9, 4:3 or WIDTHxHEIGHT`},
		{[]string{"export", "--size", "10x10"}, 2, `--size "10x10"`},
		{[]string{"export", "--scale", "9"}, 2, `--scale 9: use a pixel density from 1 to 4`},
		{[]string{"export", "--paper", "a3"}, 2, `--paper "a3": use a4 or letter`},
		{[]string{"export", "--dashboard", "overveiw", "--chrome", "sh"}, 2, `--dashboard "overveiw" is not a dashboard`},
		{[]string{"export", "--chrome", "/nonexistent/chromium"}, 1, `--chrome /nonexistent/chromium`},
	} {
		r := run(t, exe, dir, tc.args...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", tc.args, r.code, r.stderr, tc.code, tc.want)
		}
	}
	// No browser on PATH: the message names the package to install.
	cmd := exec.Command(exe, "export")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PATH="+t.TempDir())
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 || !strings.Contains(stderr.String(), "install the chromium package") {
		t.Errorf("no browser: %v, stderr %q", err, stderr.String())
	}
	for _, folder := range []string{"output", "exports"} {
		if _, err := os.Stat(filepath.Join(dir, folder)); !os.IsNotExist(err) {
			t.Errorf("a failed export wrote the %s folder", folder)
		}
	}
}

// builtPage returns a page of the site as a build writes it, building it
// into a folder of its own (export does not write the output).
func builtPage(t *testing.T, exe, dir, page string) []byte {
	t.Helper()
	out := filepath.Join(t.TempDir(), "site")
	if r := run(t, exe, dir, "build", "--out", out); r.code != 0 {
		t.Fatalf("build: exit %d\n%s", r.code, r.stderr)
	}
	b, err := os.ReadFile(filepath.Join(out, page))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func checkPNG(t *testing.T, path string, w, h int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Errorf("%s: %v", filepath.Base(path), err)
		return
	}
	if b := img.Bounds(); b.Dx() != w || b.Dy() != h {
		t.Errorf("%s: %d×%d px, want %d×%d", filepath.Base(path), b.Dx(), b.Dy(), w, h)
	}
	if v := luminanceVariance(img); v < 200 {
		t.Errorf("%s: luminance variance %.0f: the image is blank", filepath.Base(path), v)
	}
}

// luminanceVariance samples the image on a grid: a blank image has none.
func luminanceVariance(img image.Image) float64 {
	b := img.Bounds()
	var sum, sq, n float64
	for y := b.Min.Y; y < b.Max.Y; y += 4 {
		for x := b.Min.X; x < b.Max.X; x += 4 {
			r, g, bl, _ := img.At(x, y).RGBA()
			l := (0.299*float64(r) + 0.587*float64(g) + 0.114*float64(bl)) / 257
			sum += l
			sq += l * l
			n++
		}
	}
	mean := sum / n
	return sq/n - mean*mean
}

func checkSVG(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d := xml.NewDecoder(bytes.NewReader(b))
	root := ""
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Errorf("%s is not well-formed XML: %v", filepath.Base(path), err)
			return
		}
		if se, ok := tok.(xml.StartElement); ok && root == "" {
			root = se.Name.Local
		}
	}
	if root != "svg" {
		t.Errorf("%s: root element %q, want svg", filepath.Base(path), root)
	}
}

// svgTexts returns the text of every <text> element, one per line.
func svgTexts(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	d := xml.NewDecoder(bytes.NewReader(b))
	in := false
	var cur strings.Builder
	for {
		tok, err := d.Token()
		if err != nil {
			break
		}
		switch v := tok.(type) {
		case xml.StartElement:
			if v.Name.Local == "text" {
				in = true
				cur.Reset()
			}
		case xml.CharData:
			if in {
				cur.Write(v)
			}
		case xml.EndElement:
			if v.Name.Local == "text" {
				in = false
				out = append(out, strings.TrimSpace(cur.String()))
			}
		}
	}
	return strings.Join(out, "\n")
}

// popplerTools finds pdfinfo and pdftotext (Debian's poppler-utils), which
// read the PDFs back; like the browser, they are required in CI.
func popplerTools(t *testing.T) (string, string) {
	t.Helper()
	info, err1 := exec.LookPath("pdfinfo")
	text, err2 := exec.LookPath("pdftotext")
	if err1 != nil || err2 != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdfinfo and pdftotext are needed to read the PDFs back: apt-get install poppler-utils")
		}
		t.Skip("no pdfinfo/pdftotext (apt-get install poppler-utils)")
	}
	return info, text
}

func command(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// flat removes line breaks and hyphens, which a PDF's text extraction
// adds or drops where a long address wraps.
func flat(s string) string {
	return strings.NewReplacer("\n", "", "-", "", " ", "").Replace(s)
}
