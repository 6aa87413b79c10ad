package links

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/dashgen/dashgen/internal/dataset"
)

// fakeArchive is an availability API that answers by the address asked
// about: a snapshot at the day asked for ("found"), none ("none"), a page
// that is not JSON ("badjson"), an error ("fail"), a snapshot with no
// date ("nodate"). It keeps the queries.
type fakeArchive struct {
	*httptest.Server
	mu      sync.Mutex
	queries []string
}

func newFakeArchive(t *testing.T) *fakeArchive {
	t.Helper()
	a := &fakeArchive{}
	a.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		a.mu.Lock()
		a.queries = append(a.queries, r.URL.Path+"?"+r.URL.RawQuery)
		a.mu.Unlock()
		page, ts := q.Get("url"), q.Get("timestamp")
		day := "20240301" // the newest
		if ts != "" {
			day = (ts + "0101")[:8]
		}
		switch {
		case strings.Contains(page, "found"):
			fmt.Fprintf(w, `{"url": %q, "archived_snapshots": {"closest": {"status": "200", "available": true, "url": "http://web.archive.org/web/%s120000/%s", "timestamp": "%s120000"}}}`, page, day, page, day)
		case strings.Contains(page, "nodate"):
			fmt.Fprintf(w, `{"archived_snapshots": {"closest": {"available": true, "url": "http://web.archive.org/web/x/%s", "timestamp": "x"}}}`, page)
		case strings.Contains(page, "none"):
			fmt.Fprintf(w, `{"url": %q, "archived_snapshots": {}}`, page)
		case strings.Contains(page, "badjson"):
			fmt.Fprint(w, "<html><body>Service temporarily unavailable</body></html>")
		default:
			http.Error(w, "oops", http.StatusInternalServerError)
		}
	}))
	t.Cleanup(a.Close)
	return a
}

func (a *fakeArchive) api(t *testing.T) *url.URL {
	u, err := url.Parse(a.URL + "/wayback/available")
	if err != nil {
		t.Fatal(err)
	}
	return u
}

const sourcesCSV = "\uFEFFid,title,publisher,kind,published,url,accessed,note,label,archive_url,archived\n" +
	`a,"A report, with ""quotes""",Pub,ngo,1993,https://a.example/found,2024-03-01,"a note
on two lines",,,` + "\n" +
	"b,B,,media,1994-12,https://b.example/found,,,,,\n" +
	"c,C,,media,,https://c.example/none,,,,,\n" +
	"d,D,,media,,https://d.example/badjson,,,,,\n" +
	"e,E,,media,,https://e.example/fail,,,,,\n" +
	"f,F,,media,,https://f.example/found,,,,https://web.archive.org/web/2020/https://f.example/found,2020-01-01\n" +
	"g,G,,media,,not-a-web-address,,,,,\n" +
	"h,H,,media,,https://h.example/nodate,,,,,\n" +
	"i,I,,media,,https://i.example/found,,,,,\n"

// sourcesOf are the sources of sourcesCSV as the loader reads them.
func sourcesOf() []*dataset.Source {
	s := func(line int, id, published, u, accessed, archive string) *dataset.Source {
		return &dataset.Source{Place: dataset.Place{File: "data/sources.csv", Line: line}, ID: id, Published: published, URL: u, Accessed: accessed, ArchiveURL: archive}
	}
	return []*dataset.Source{
		s(2, "a", "1993", "https://a.example/found", "2024-03-01", ""),
		s(4, "b", "1994-12", "https://b.example/found", "", ""),
		s(5, "c", "", "https://c.example/none", "", ""),
		s(6, "d", "", "https://d.example/badjson", "", ""),
		s(7, "e", "", "https://e.example/fail", "", ""),
		s(8, "f", "", "https://f.example/found", "", "https://web.archive.org/web/2020/https://f.example/found"),
		s(9, "g", "", "not-a-web-address", "", ""),
		s(10, "h", "", "https://h.example/nodate", "", ""),
		s(11, "i", "", "https://i.example/found", "", ""),
	}
}

func TestArchive(t *testing.T) {
	a := newFakeArchive(t)
	found, err := Archive(context.Background(), sourcesOf(), a.api(t), generous)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, l := range found {
		line := l.Source.ID + ": "
		switch {
		case l.Err != nil:
			line += "error: " + l.Err.Error()
		case l.Found():
			line += l.Date + " " + l.Snapshot
		default:
			line += "none"
		}
		lines = append(lines, line)
	}
	got := strings.Join(lines, "\n")
	want := `a: 2024-03-01 https://web.archive.org/web/20240301120000/https://a.example/found
b: 1994-12-01 https://web.archive.org/web/19941201120000/https://b.example/found
c: none
d: error: its answer is not the JSON it gives ("<html><body>Service temporarily unavailable</body></html>")
e: error: it answered 500 internal server error
h: error: its answer names no usable snapshot (url "http://web.archive.org/web/x/https://h.example/nodate", timestamp "x")
i: 2024-03-01 https://web.archive.org/web/20240301120000/https://i.example/found`
	if got != want {
		t.Errorf("lookups:\n%s\nwant:\n%s", got, want)
	}
	// The day asked for is the day accessed, else published, else none.
	a.mu.Lock()
	queries := strings.Join(a.queries, "\n")
	a.mu.Unlock()
	for _, q := range []string{
		"/wayback/available?timestamp=20240301&url=https%3A%2F%2Fa.example%2Ffound",
		"/wayback/available?timestamp=199412&url=https%3A%2F%2Fb.example%2Ffound",
		"/wayback/available?url=https%3A%2F%2Fc.example%2Fnone",
	} {
		if !strings.Contains(queries, q) {
			t.Errorf("no query %s in\n%s", q, queries)
		}
	}
	if strings.Contains(queries, "f.example") || strings.Contains(queries, "not-a-web") {
		t.Errorf("asked about a source with a copy, or without a web address:\n%s", queries)
	}

	var b bytes.Buffer
	added, err := WriteRows(&b, []byte(sourcesCSV), found)
	if err != nil || added != nil {
		t.Fatalf("WriteRows: %v, added %v", err, added)
	}
	wantRows := `a,"A report, with ""quotes""",Pub,ngo,1993,https://a.example/found,2024-03-01,"a note
on two lines",,https://web.archive.org/web/20240301120000/https://a.example/found,2024-03-01
b,B,,media,1994-12,https://b.example/found,,,,https://web.archive.org/web/19941201120000/https://b.example/found,1994-12-01
i,I,,media,,https://i.example/found,,,,https://web.archive.org/web/20240301120000/https://i.example/found,2024-03-01
`
	if b.String() != wantRows {
		t.Errorf("rows:\n%s\nwant:\n%s", b.String(), wantRows)
	}
}

// TestWriteRowsAddsColumns: a sources.csv without archive_url and
// archived gets rows that end with them, and says so.
func TestWriteRowsAddsColumns(t *testing.T) {
	raw := "url,id,title,kind\nhttps://a.example/found,a,A,ngo\n"
	l := &Lookup{Source: &dataset.Source{Place: dataset.Place{File: "data/sources.csv", Line: 2}, ID: "a", URL: "https://a.example/found"},
		Snapshot: "https://web.archive.org/web/20240301120000/https://a.example/found", Date: "2024-03-01"}
	var b bytes.Buffer
	added, err := WriteRows(&b, []byte(raw), []*Lookup{l})
	if err != nil {
		t.Fatal(err)
	}
	if want := "https://a.example/found,a,A,ngo,https://web.archive.org/web/20240301120000/https://a.example/found,2024-03-01\n"; b.String() != want {
		t.Errorf("rows %q, want %q", b.String(), want)
	}
	if fmt.Sprint(added) != "[archive_url archived]" {
		t.Errorf("added %v", added)
	}
	// A row that is not in the bytes given is an error, not a wrong row.
	l.Source.Line = 7
	if _, err := WriteRows(&b, []byte(raw), []*Lookup{l}); err == nil || err.Error() != `data/sources.csv:7: the row of source "a" is not in the file's bytes` {
		t.Errorf("error %v", err)
	}
}

func TestArchiveNoNetwork(t *testing.T) {
	api, _ := url.Parse(DefaultArchiveAPI)
	o := generous
	o.Dial = offlineDial(nil)
	_, err := Archive(context.Background(), sourcesOf(), api, o)
	var nn *NoNetworkError
	if !errors.As(err, &nn) || err.Error() != "no network: could not reach archive.org (lookup archive.org on 10.0.0.53:53: no such host)" {
		t.Errorf("error %v", err)
	}
}
