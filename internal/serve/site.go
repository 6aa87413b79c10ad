// Package serve is the preview server and the watch loop: it rebuilds the
// site when config.yaml or a data file changes, serves the last good build
// from memory, and tells open pages to reload (Server-Sent Events) or to
// show the errors of a bad build, which never replaces the good one.
package serve

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/dashgen/dashgen/internal/output"
)

// snapshot is one good build, as served: immutable once made, swapped whole.
type snapshot struct {
	build int // generation, counted from 1
	files map[string]servedFile
}

type servedFile struct {
	data        []byte
	etag        string
	contentType string
	policy      string // a page's Content-Security-Policy header
}

// newSnapshot prepares the files of build number n for serving. Each HTML
// page gets the build number on its <html> element, which the live-reload
// script compares with the server's to know whether it is out of date.
func newSnapshot(n int, files []output.File) *snapshot {
	s := &snapshot{build: n, files: make(map[string]servedFile, len(files))}
	mark := []byte(fmt.Sprintf(`<html data-build="%d" `, n))
	for _, f := range files {
		data := f.Data
		if strings.HasSuffix(f.Path, ".html") {
			data = bytes.Replace(data, []byte("<html "), mark, 1)
		}
		sum := sha256.Sum256(data)
		sf := servedFile{data: data, etag: `"` + hex.EncodeToString(sum[:12]) + `"`, contentType: contentType(f.Path)}
		if strings.HasSuffix(f.Path, ".html") {
			sf.policy = headerPolicy(f.Path, data)
		}
		s.files[f.Path] = sf
	}
	return s
}

// contentTypes are the types of the files a site has. Not
// mime.TypeByExtension: it reads the machine's own tables (/etc/mime.types,
// the Windows registry), so the same site would be served with other types
// on another machine, and with nosniff a .js the registry calls text/plain
// does not run (golang/go#32350).
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".json": "application/json",
	".csv":  "text/csv; charset=utf-8",
	".png":  "image/png",
	".svg":  "image/svg+xml",
	".pdf":  "application/pdf",
}

func contentType(p string) string {
	if t, ok := contentTypes[path.Ext(p)]; ok {
		return t
	}
	return "application/octet-stream"
}

// metaPolicy is how every page of the site starts its policy element.
var metaPolicy = []byte(`<meta http-equiv="Content-Security-Policy" content="`)

// headerPolicy is the Content-Security-Policy header of a page: the policy
// of its <meta> element, which the site made with the hashes of the page's
// own scripts and styles, and frame-ancestors, which only a header can
// carry. A page may be framed by the preview's own pages; an embed page
// also by pages on this machine (a site being written that embeds it).
func headerPolicy(name string, page []byte) string {
	ancestors := "frame-ancestors 'self'"
	if path.Base(path.Dir(name)) == "embed" {
		ancestors += " localhost:* 127.0.0.1:*"
	}
	head, _, _ := bytes.Cut(page, []byte("</head>"))
	_, rest, ok := bytes.Cut(head, metaPolicy)
	if !ok {
		return ancestors
	}
	policy, _, ok := bytes.Cut(rest, []byte(`"`))
	if !ok || len(policy) == 0 {
		return ancestors
	}
	return string(policy) + "; " + ancestors
}

// lookup finds the file a request path names: "/" is index.html. The path
// is matched against the build's own file names only, so no path, encoded
// or not, can reach anything else.
func (s *snapshot) lookup(urlPath string) (string, servedFile, bool) {
	if strings.ContainsAny(urlPath, "\\\x00") {
		return "", servedFile{}, false
	}
	for _, part := range strings.Split(urlPath, "/") {
		if part == ".." {
			return "", servedFile{}, false
		}
	}
	name := strings.TrimPrefix(path.Clean("/"+urlPath), "/")
	if name == "" || strings.HasSuffix(urlPath, "/") {
		name = path.Join(name, "index.html")
	}
	f, ok := s.files[name]
	return name, f, ok
}

// serveFile answers GET and HEAD for a file of the snapshot, with its ETag
// (a matching If-None-Match gets 304) and no caching beyond revalidation:
// a preview must show the newest build.
func serveFile(w http.ResponseWriter, r *http.Request, name string, f servedFile) {
	h := w.Header()
	h.Set("Content-Type", f.contentType)
	h.Set("ETag", f.etag)
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Content-Type-Options", "nosniff")
	if f.policy != "" {
		h.Set("Content-Security-Policy", f.policy)
	}
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(f.data))
}

const notFoundPage = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Not found</title></head>
<body><h1>Not found</h1><p>This preview has no page at this address. <a href="/">Go to the home page</a>.</p></body></html>
`

func notFound(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", "default-src 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusNotFound)
	_, _ = w.Write([]byte(notFoundPage))
}
