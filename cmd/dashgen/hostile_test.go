package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/spf13/viper"

	"github.com/dashgen/dashgen/internal/dataset"
)

// TestHostileTextStaysText builds the default project with every text of
// the config and the data replaced by markup, script, template and
// go-echarts function syntax, and opens every page in headless Chromium.
// Each text must show exactly as written, as text: in the page, in the
// charts' options (what ECharts draws on the canvas) and in the tooltips.
// Nothing may run (no dialog), no element or attribute may come from the
// data, no Content-Security-Policy violation may be reported, only http
// and https source addresses may become links, and every chart must draw.
//
// Each page is opened twice: as built, on a phone, where long words must
// not make it scroll sideways; and on a desktop with its policy switched
// off, so that the escaping, not only the policy, is what keeps scripts
// from running.
//
// Like TestPagesRenderInChromium, it skips without a browser, except in CI.
func TestHostileTextStaysText(t *testing.T) {
	browser := findBrowser(t)
	t.Parallel() // the browser tests run side by side, in tabs of the shared browsers
	began := time.Now()

	exe := binary(t)
	dir := project(t)
	h := makeHostile(t, dir)
	r := run(t, exe, dir, "build", "--out", "output")
	if r.code != 0 {
		t.Fatalf("build: exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	t.Logf("built in %.1f s; the build said:\n%s%s", time.Since(began).Seconds(), r.stdout, r.stderr)
	out := filepath.Join(dir, "output")
	pages, err := filepath.Glob(filepath.Join(out, "*.html"))
	if err != nil {
		t.Fatal(err)
	}
	embeds, err := filepath.Glob(filepath.Join(out, "embed", "*.html"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(pages)
	sort.Strings(embeds)
	if len(pages) < 3 || len(embeds) == 0 {
		t.Fatalf("the build wrote %d .html files into %s, want index, sources and the dashboards", len(pages), out)
	}
	// A screenshot of a page, for a person to look at:
	// DASHGEN_HOSTILE_SCREENSHOT=/tmp/hostile-overview.png takes one of
	// overview.html.
	if shot := os.Getenv("DASHGEN_HOSTILE_SCREENSHOT"); shot != "" {
		defer screenshot(t, browser, filepath.Join(out, "overview.html"), shot)
	}

	browserCtx := startBrowser(testContext(t), t, browser)

	seen := map[string][]observed{} // by page
	var seenMu sync.Mutex
	// The pages are checked side by side, each in tabs of its own (see
	// TestAccessibility).
	t.Run("pages", func(t *testing.T) {
		for _, path := range pages {
			name := filepath.Base(path)
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				t.Run("phone_375x800", func(t *testing.T) {
					obs := checkHostilePage(browserCtx, t, h, path, 375, 800, true, false)
					seenMu.Lock()
					defer seenMu.Unlock()
					seen[name] = obs
				})
				t.Run("desktop_1280x900_policy_off", func(t *testing.T) {
					checkHostilePage(browserCtx, t, h, path, 1280, 900, false, true)
				})
			})
		}
		// Every chart's embed page, which other sites show in an iframe: at
		// phone width with the policy on (the escaping is the same
		// templates').
		for _, path := range embeds {
			t.Run("embed/"+filepath.Base(path), func(t *testing.T) {
				t.Parallel()
				checkHostilePage(browserCtx, t, h, path, 375, 800, true, false)
			})
		}
	})
	if t.Failed() {
		return
	}
	h.checkPlaces(t, out, seen)
}

// dataLink is a chart's Data action: its table as CSV; or the sources
// page's citations of every source.
var dataLink = regexp.MustCompile(`^data/[a-z0-9][a-z0-9-]*\.csv$|^sources\.(bib|json)$`)

// hostilePayloads are the texts put into every field; %s becomes a tag
// naming the field, so each value is unique and can be traced. Values
// neither start nor end with white space, which the loader may trim.
var hostilePayloads = []string{
	`</script><script>alert("%s")</script>`,
	`<img src=x onerror=alert("%s")>`,
	`" onmouseover="alert('%s')" x="`,
	`javascript:alert('%s')`,
	`__f__function(){alert("%s")}__f__`,
	`"__f__alert('%s')__f__"`,
	"line\u2028separator %s paragraph\u2029separator",
	`{{.Title}} %s {{template "page" .}}`,
	`&lt;b&gt;%s&lt;/b&gt; &amp; &#60;i&#62;`,
	`<!-- %s --><svg onload=alert(1)><b>bold</b>`,
	"{a|rich} ${alert('%s')} {b}: {c}",              // ECharts rich text and formatter fields, a JS template
	`100%% sure {%s} "quoted" \emph{x} ~ ^ # & _ $`, // TeX's special characters, for the citations' BibTeX
}

// hostileText is one hostile value and where it was put.
type hostileText struct {
	field, value, tag string
	// pages are the pages whose visible text must hold the value.
	pages []string
}

type hostile struct {
	texts   []*hostileText
	byTag   map[string]*hostileText
	webURLs map[string]bool // source addresses that must become links
	pages   []string        // every page, by file name
}

// value returns a new hostile value for field, which the text of pages
// must show.
func (h *hostile) value(field string, pages ...string) string {
	return h.add(field, hostilePayloads[len(h.texts)%len(hostilePayloads)], pages)
}

// add makes format, with its %s replaced by the tag of field, the value
// of field.
func (h *hostile) add(field, format string, pages []string) string {
	tag := "@" + strings.NewReplacer("[", ".", "]", "").Replace(field) + "@"
	if h.byTag[tag] != nil {
		panic("two hostile values with tag " + tag)
	}
	ht := &hostileText{field: field, value: fmt.Sprintf(format, tag), tag: tag, pages: pages}
	h.byTag[tag] = ht
	h.texts = append(h.texts, ht)
	return ht.value
}

// makeHostile rewrites the project in dir: every text of config.yaml and
// of the data files becomes hostile. Ids and the closed vocabularies stay.
func makeHostile(t *testing.T, dir string) *hostile {
	t.Helper()
	h := &hostile{byTag: map[string]*hostileText{}, webURLs: map[string]bool{}}

	// viper, as the config loader, reads the YAML; it lowercases the keys,
	// which in this config (ids included) are lowercase already.
	v := viper.New()
	v.SetConfigFile(filepath.Join(dir, "config.yaml"))
	if err := v.ReadInConfig(); err != nil {
		t.Fatal(err)
	}
	cfg := v.AllSettings()
	// YAML reads an unquoted date as a time; written back as JSON, it
	// must stay the date it was (release.date).
	if r, ok := cfg["release"].(map[string]any); ok {
		if d, ok := r["date"].(time.Time); ok {
			r["date"] = d.Format(time.DateOnly)
		}
	}
	obj := func(v any, what string) map[string]any {
		m, ok := v.(map[string]any)
		if !ok {
			t.Fatalf("config.yaml: %s is %T, not a mapping", what, v)
		}
		return m
	}
	list := func(v any, what string) []any {
		l, ok := v.([]any)
		if !ok {
			t.Fatalf("config.yaml: %s is %T, not a list", what, v)
		}
		return l
	}
	dashboards := list(cfg["dashboards"], "dashboards")
	all := []string{"index.html", "sources.html"}
	for _, d := range dashboards {
		all = append(all, obj(d, "dashboard")["id"].(string)+".html")
	}
	h.pages = all

	site := obj(cfg["site"], "site")
	site["title"] = h.value("site.title", all...)
	site["description"] = h.value("site.description", "index.html")
	labels := obj(cfg["labels"], "labels")
	for _, vocab := range sortedKeys(labels) {
		words := obj(labels[vocab], "labels."+vocab)
		for _, id := range sortedKeys(words) {
			words[id] = h.value("labels." + vocab + "." + id)
		}
	}
	for i, d := range dashboards {
		d := obj(d, "dashboard")
		key := fmt.Sprintf("dashboards[%d]", i)
		page := d["id"].(string) + ".html"
		d["title"] = h.value(key+".title", all...)
		d["description"] = h.value(key+".description", "index.html", page)
		for j, c := range list(d["charts"], key+".charts") {
			c := obj(c, "chart")
			key := fmt.Sprintf("%s.charts[%d]", key, j)
			c["title"] = h.value(key+".title", page)
			c["note"] = h.value(key+".note", page)
			if q, ok := c["query"].(map[string]any); ok && q["series"] != nil {
				q["series"] = h.value(key + ".query.series")
			}
			if qs, ok := c["queries"].([]any); ok {
				for k, q := range qs {
					if q := obj(q, "query"); q["series"] != nil {
						q["series"] = h.value(fmt.Sprintf("%s.queries[%d].series", key, k))
					}
				}
			}
		}
	}
	// YAML holds JSON, so the config is written as JSON: every string
	// quoted and escaped, nothing left for YAML to read as syntax.
	b, err := json.MarshalIndent(cfg, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "config.yaml"), b, 0o644); err != nil {
		t.Fatal(err)
	}

	data := filepath.Join(dir, obj(cfg["data"], "data")["dir"].(string))
	textColumns := func(file string, columns ...string) {
		h.rewriteCSV(t, filepath.Join(data, file), columns)
	}
	textColumns("sources.csv", "title", "publisher", "note", "url")
	textColumns("events.csv", "name", "place", "note")
	textColumns("recognitions.csv", "jurisdiction", "country", "body", "instrument", "wording", "note")
	for _, f := range list(obj(cfg["data"], "data")["figures"], "data.figures") {
		textColumns(obj(f, "figures file")["file"].(string), "attributed_to", "wording", "note")
	}
	return h
}

// rewriteCSV makes the columns of the CSV file at path hostile, in every
// row. The url column gets addresses that must not become links, and web
// addresses that must.
func (h *hostile) rewriteCSV(t *testing.T, path string, columns []string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	file := filepath.Base(path)
	col := map[string]int{}
	for i, name := range rows[0] {
		col[strings.TrimPrefix(name, "\ufeff")] = i
	}
	for _, c := range columns {
		if _, ok := col[c]; !ok {
			t.Fatalf("%s has no column %q: update the test's list of text columns", file, c)
		}
	}
	page := map[string]string{"sources.csv": "sources.html"}[file]
	for n, row := range rows[1:] {
		id := row[col["id"]]
		for _, c := range columns {
			field := file + "." + c + "[" + id + "]"
			var pages []string
			if page != "" {
				pages = []string{page}
			}
			if c == "url" {
				row[col[c]] = h.url(n, field)
				continue
			}
			row[col[c]] = h.value(field, pages...)
		}
	}
	var b strings.Builder
	w := csv.NewWriter(&b)
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// url is the address of the nth source: the first few are addresses no
// browser may follow from a link; the rest are web addresses with markup
// characters percent-encoded, which must become links exactly as written.
func (h *hostile) url(n int, field string) string {
	format := "https://example.org/%s?q=%%3Cscript%%3E&x=1#top" // nothing html/template re-encodes in an href
	switch n {
	case 0:
		format = "javascript:alert('%s')"
	case 1:
		format = `https://example.org/"><img src=x onerror=alert('%s')>`
	case 2:
		format = "data:text/html,<script>alert('%s')</script>"
	case 3:
		format = "https://example.org/%s onmouseover=alert(1)"
	}
	u := h.add(field, format, []string{"sources.html"})
	if dataset.IsWebURL(u) {
		h.webURLs[u] = true
	}
	return u
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// observed is one text a page shows, and where.
type observed struct {
	where, text string
}

// hostileState is what hostileStateJS reports.
type hostileState struct {
	Title       string `json:"title"`
	Description string `json:"description"`
	Charts      []struct {
		ID       string   `json:"id"`
		Aria     string   `json:"aria"`
		Problem  string   `json:"problem"`
		Option   string   `json:"option"`
		Labels   []string `json:"labels"`
		Tooltips []struct {
			Series   int      `json:"series"`
			Index    int      `json:"index"`
			Text     string   `json:"text"`
			Want     string   `json:"want"`
			Elements []string `json:"elements"`
		} `json:"tooltips"`
	} `json:"charts"`
	Anchors []struct {
		Href     string `json:"href"`
		Protocol string `json:"protocol"`
		Title    string `json:"title"` // the hover text: a source's title
	} `json:"anchors"`
	Bad     []string `json:"bad"`
	Scripts int      `json:"scripts"`
}

// hostileStateJS shows the tooltip of every point of every chart and
// reports: each chart's option as ECharts holds it, the labels its
// formatters give, each tooltip's text and the elements in it; the links;
// the elements and attributes that only injected markup would make; and
// the number of scripts that run.
const hostileStateJS = `(() => {
	const out = {
		title: document.title,
		description: (document.querySelector('meta[name="description"]') || {}).content || '',
		charts: [], anchors: [], bad: [], scripts: 0,
	};
	for (const el of document.querySelectorAll('.draw')) {
		const id = el.id.replace(/^draw-/, '');
		const c = {id: id, aria: el.getAttribute('aria-label') || '', problem: '', option: '', labels: [], tooltips: []};
		out.charts.push(c);
		const chart = window.echarts && echarts.getInstanceByDom(el);
		const block = document.querySelector('script[type="application/json"][data-chart="' + CSS.escape(id) + '"]');
		if (!chart || !block) { c.problem = 'no ECharts instance or no data block'; continue; }
		const spec = JSON.parse(block.textContent);
		const opt = chart.getOption();
		c.option = JSON.stringify(opt);
		const tips = spec.tooltips || [];
		(opt.series || []).forEach((s, si) => {
			(s.data || []).forEach((d, di) => {
				const v = d !== null && typeof d === 'object' && !Array.isArray(d) ? d.value : d;
				if (v === null || v === undefined) return; // no bar, no tooltip
				if (s.label && typeof s.label.formatter === 'function') {
					c.labels.push(String(s.label.formatter({seriesIndex: si, dataIndex: di})));
				}
				chart.dispatchAction({type: 'hideTip'});
				chart.dispatchAction({type: 'showTip', seriesIndex: si, dataIndex: di});
				// The canvas has no text: the text in the chart's element is the tooltip's.
				const tip = Array.from(el.children).filter(e => !e.querySelector('canvas'));
				c.tooltips.push({
					series: si, index: di,
					text: tip.map(e => e.innerText).join(''),
					// An error bar ([index, min, max, series]) shows its point's tooltip.
					want: (s.type === 'custom' ? (tips[d[3]] || [])[d[0]] : (tips[si] || [])[di]) || '',
					elements: tip.flatMap(e => Array.from(e.querySelectorAll('*')).map(x => x.tagName.toLowerCase())),
				});
			});
		});
		for (const r of spec.ranges || []) c.labels.push(((spec.labels || [])[r.series] || [])[r.index] || ''); // drawn beside error bars
		chart.dispatchAction({type: 'hideTip'});
	}
	for (const a of document.querySelectorAll('a[href]')) {
		out.anchors.push({href: a.getAttribute('href'), protocol: a.protocol, title: a.title});
	}
	const describe = e => e.outerHTML.slice(0, 160);
	for (const e of document.querySelectorAll('img, iframe, frame, object, embed, base, form, input, button:not(.embed-code > button.copy):not(.cite > .cite-format > button.copy):not(.actions > button.image), link:not([rel="alternate"][hreflang]), template, svg:not(ul.marks > li > svg.swatch):not(.card > .value > svg.swatch), math, video, audio, meta[http-equiv="refresh" i], [href]:not(a):not(link[rel="alternate"][hreflang]), [src], [srcdoc], [action], [formaction], [data], [poster], [background]')) {
		out.bad.push(describe(e));
	}
	for (const e of document.querySelectorAll('*')) {
		for (const a of e.attributes) {
			if (/^on/i.test(a.name)) out.bad.push('attribute ' + a.name + ' on ' + describe(e));
		}
	}
	for (const s of document.scripts) {
		if (s.type === 'application/json' && s.hasAttribute('data-chart')) continue;
		if (s.type === 'application/ld+json' && s.parentElement === document.head && /(^|\/)index\.html$/.test(location.pathname)) { // the schema.org Dataset, data: it must parse whole
			try { JSON.parse(s.textContent); } catch (e) { out.bad.push('JSON-LD that does not parse: ' + describe(s)); }
			continue;
		}
		if (s.type === 'application/octet-stream' && s.id === 'dashgen-echarts') continue; // compressed ECharts, data
		if (s.type === 'application/octet-stream' && s.id === 'dashgen-map-' + s.getAttribute('data-map') && /^(world|us-states)$/.test(s.getAttribute('data-map'))) continue; // a map's compressed shapes, data
		if (s.type !== '' || s.src) out.bad.push('script ' + describe(s));
		out.scripts++;
	}
	return out;
})()`

// checkHostilePage opens the page at path (see openPage), shows every
// tooltip and checks the page; it returns the texts the page shows, for
// checkPlaces.
func checkHostilePage(browserCtx context.Context, t *testing.T, h *hostile, path string, width, height int64, mobile, bypassCSP bool) []observed {
	ctx, st, done := openPage(browserCtx, t, path, width, height, mobile, bypassCSP)
	defer done()
	checkWidth(t, st, width, height)
	hs, err := chromedp.Run(ctx, chromedp.Evaluate[hostileState](hostileStateJS))
	if err != nil {
		t.Fatalf("read the charts and links of the page: %v", err)
	}
	// A last look, after the tooltips and the error events of any image
	// they made: did anything run?
	waitQuiet(ctx, t)
	last, err := chromedp.Run(ctx, chromedp.Evaluate[pageState](fmt.Sprintf("(%s)(%d)", pageStateJS, width)))
	if err != nil {
		t.Fatalf("read the state of the page: %v", err)
	}
	st.Dialogs, st.Violations = last.Dialogs, last.Violations

	name := filepath.Base(path)
	obs := []observed{
		{"text", st.Text},
		{"<title>", hs.Title},
		{`<meta name="description">`, hs.Description},
	}
	for _, b := range hs.Bad {
		t.Errorf("an element or attribute that only markup from the data would make: %s", b)
	}
	wantScripts := 0
	if len(st.Charts) > 0 {
		wantScripts = 3 // the loader, the ECharts it unpacks, page.js
	} else if filepath.Base(filepath.Dir(path)) == "embed" {
		wantScripts = 1 // page.js, which reports the embed's height
	}
	if hs.Scripts != wantScripts {
		t.Errorf("%d scripts that run, want %d", hs.Scripts, wantScripts)
	}
	for _, a := range hs.Anchors {
		obs = append(obs, observed{"href", a.Href}, observed{"title of a link", a.Title})
		switch a.Protocol {
		case "http:", "https:":
			if !h.webURLs[a.Href] {
				t.Errorf("a link to %q, which is not one of the web addresses in sources.csv", a.Href)
			}
		case "file:":
			if strings.Contains(a.Href, ":") || !(strings.HasSuffix(strings.Split(a.Href, "#")[0], ".html") || dataLink.MatchString(a.Href) || strings.HasPrefix(a.Href, "#")) {
				t.Errorf("a link to %q, not a page of the site", a.Href)
			}
		default:
			t.Errorf("a link to %q (protocol %s): only http and https addresses and the site's pages may be links", a.Href, a.Protocol)
		}
	}

	for _, c := range hs.Charts {
		if c.Problem != "" {
			t.Errorf("chart %s: %s", c.ID, c.Problem)
			continue
		}
		obs = append(obs, observed{"aria-label of chart " + c.ID, c.Aria})
		var option any
		if err := json.Unmarshal([]byte(c.Option), &option); err != nil {
			t.Errorf("chart %s: option: %v", c.ID, err)
		}
		for _, s := range jsonStrings(option, nil) {
			obs = append(obs, observed{"option of chart " + c.ID, s})
		}
		for _, l := range c.Labels {
			obs = append(obs, observed{"label of chart " + c.ID, l})
		}
		if len(c.Tooltips) == 0 {
			t.Errorf("chart %s: no tooltip was shown", c.ID)
		}
		for _, tip := range c.Tooltips {
			where := fmt.Sprintf("tooltip of chart %s, series %d, point %d", c.ID, tip.Series, tip.Index)
			obs = append(obs, observed{where, tip.Text})
			if tip.Text != tip.Want {
				t.Errorf("%s shows %q, want %q", where, tip.Text, tip.Want)
			}
			for _, e := range tip.Elements {
				if e != "br" {
					t.Errorf("%s holds a <%s> element", where, e)
				}
			}
		}
	}
	// No text may show in part: wherever a value's tag shows, the whole
	// value shows around it, exactly as written.
	for _, o := range obs {
		for _, ht := range h.texts {
			if got, ok := partly(o.text, ht); !ok {
				t.Errorf("%s, %s: %s is not shown as written:\n got: %q\nwant: %q", name, o.where, ht.field, got, ht.value)
			}
		}
	}
	return obs
}

// checkPlaces checks that each value shows on the pages it belongs on,
// and that a page shows every value its file holds (its tag is plain
// text, so it survives any escaping). It logs the fields no page holds.
func (h *hostile) checkPlaces(t *testing.T, out string, seen map[string][]observed) {
	inFile := map[*hostileText]bool{}
	for page, obs := range seen {
		b, err := os.ReadFile(filepath.Join(out, page))
		if err != nil {
			t.Fatal(err)
		}
		for _, ht := range h.texts {
			if !strings.Contains(string(b), ht.tag) {
				continue
			}
			inFile[ht] = true
			if !shows(obs, "", ht.value) && !shows(obs, "", strings.ToLower(ht.value)) {
				t.Errorf("%s holds %s in its markup or chart data, but does not show it as written: %q", page, ht.field, ht.value)
			}
		}
	}
	unused := map[string]int{} // by field, without the row id
	for _, ht := range h.texts {
		for _, page := range ht.pages {
			if !shows(seen[page], "text", ht.value) {
				t.Errorf("%s: the text of the page does not show %s: %q", page, ht.field, ht.value)
			}
		}
		if !inFile[ht] {
			field, _, _ := strings.Cut(ht.field, "[")
			unused[field]++
		}
	}
	// The site title is in every <title>; the description in every
	// <meta name="description">.
	for _, page := range h.pages {
		for field, where := range map[string]string{"site.title": "<title>", "site.description": `<meta name="description">`} {
			for _, ht := range h.texts {
				if ht.field == field && !shows(seen[page], where, ht.value) {
					t.Errorf("%s: %s lacks %s: %q", page, where, ht.field, ht.value)
				}
			}
		}
	}
	var list []string
	for field, n := range unused {
		list = append(list, fmt.Sprintf("%s (%d)", field, n))
	}
	sort.Strings(list)
	t.Logf("%d hostile texts, %d of them on the pages; on none (labels no chart uses, columns no page shows, rows no chart selects): %s",
		len(h.texts), len(inFile), strings.Join(list, ", "))
}

// shows reports whether a text of obs whose place starts with where holds s.
func shows(obs []observed, where, s string) bool {
	for _, o := range obs {
		if strings.HasPrefix(o.where, where) && strings.Contains(o.text, s) {
			return true
		}
	}
	return false
}

// jsonStrings appends every string in v, keys included, to out.
func jsonStrings(v any, out []string) []string {
	switch v := v.(type) {
	case string:
		out = append(out, v)
	case []any:
		for _, e := range v {
			out = jsonStrings(e, out)
		}
	case map[string]any:
		for k, e := range v {
			out = append(out, k)
			out = jsonStrings(e, out)
		}
	}
	return out
}

// partly finds a place in text where the tag of ht shows without its
// whole value around it, and returns the text there. A label used inside
// a sentence may be in lower case.
func partly(text string, ht *hostileText) (string, bool) {
	off := strings.Index(ht.value, ht.tag)
	lower := strings.ToLower(ht.value)
	for i := 0; ; {
		j := strings.Index(text[i:], ht.tag)
		if j < 0 {
			return "", true
		}
		at := i + j
		from, to := at-off, at-off+len(ht.value)
		if from < 0 || to > len(text) || text[from:to] != ht.value && text[from:to] != lower {
			return text[max(0, from):min(len(text), max(to, at+len(ht.tag)))], false
		}
		i = at + len(ht.tag)
	}
}

// screenshot takes a screenshot of the page at path into file, with the
// browser's own command line, for a person to look at.
func screenshot(t *testing.T, browser, path, file string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
		"--user-data-dir="+t.TempDir(), "--host-resolver-rules=MAP * ~NOTFOUND",
		"--screenshot="+file, "--window-size=1280,2000", "file://"+filepath.ToSlash(path))
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("screenshot: %v\n%s", err, b)
	}
}

// quietJS resolves when every image of the page has finished loading or
// failed (an image's error event fires in the same task that marks it
// complete), and two frames and a task later, so that what those events
// and the frames after them run has run.
const quietJS = `new Promise(resolve => {
	const check = () => {
		if (Array.from(document.images).every(i => i.complete)) {
			requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0)));
		} else {
			setTimeout(check, 10);
		}
	};
	check();
})`

// waitQuiet waits, in the page of the tab ctx, for quietJS. A page that
// never gets there fails the test after hangGuard.
func waitQuiet(ctx context.Context, t *testing.T) {
	t.Helper()
	wctx, cancel := context.WithTimeout(ctx, hangGuard)
	defer cancel()
	if _, err := chromedp.Run(wctx, chromedp.Evaluate[chromedp.Void](quietJS, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatalf("wait for the page's images and two frames (%s at most): %v", hangGuard, err)
	}
}
