package links

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/dashgen/dashgen/internal/dataset"
)

// DefaultArchiveAPI is the Internet Archive's Wayback Machine availability
// API: given an address and a timestamp, it names the closest snapshot.
const DefaultArchiveAPI = "https://archive.org/wayback/available"

// maxAnswer bounds the bytes read of one answer of the availability API
// (a few hundred in practice).
const maxAnswer = 1 << 20

// Lookup is what the availability API said about one source's page.
type Lookup struct {
	Source *dataset.Source
	// Snapshot is the closest archived copy, Date its day (YYYY-MM-DD);
	// both empty when the archive has none.
	Snapshot, Date string
	// Err says why the API gave no answer for this page (it failed, or
	// its answer made no sense); nil when it answered.
	Err error
}

// Found says whether the archive has a copy.
func (l *Lookup) Found() bool { return l.Snapshot != "" }

// Archive asks the availability API at api for the snapshot of every
// source with a web address and no archive_url, closest to the day the
// source was accessed (else published; else the newest). It never writes:
// WriteRows prints the rows to paste. It returns ctx's error when ctx ends
// first, and a *NoNetworkError when the API could not be reached at all.
func Archive(ctx context.Context, sources []*dataset.Source, api *url.URL, o Options) ([]*Lookup, error) {
	o = o.withDefaults()
	c := newClient(o)
	defer c.close()
	var todo []*Lookup
	for _, s := range sources {
		if s.ArchiveURL == "" && dataset.IsWebURL(s.URL) {
			todo = append(todo, &Lookup{Source: s})
		}
	}
	errs := make([]error, len(todo))
	host := hostOf(api.String())
	err := c.each(ctx, len(todo), func(int) string { return host }, func(ctx context.Context, i int) {
		errs[i] = c.lookup(ctx, api, todo[i])
	})
	if err != nil {
		return nil, err
	}
	urls := make([]string, len(todo))
	for i := range urls {
		urls[i] = api.String()
	}
	if nn := noNetwork(urls, errs); nn != nil {
		return nil, nn
	}
	return todo, nil
}

// timestamp is the day to ask for a snapshot of: the date s was accessed,
// else published, as the API takes it (19940301, 1994); "" for none.
func timestamp(s *dataset.Source) string {
	d := s.Accessed
	if d == "" {
		d = s.Published
	}
	return strings.ReplaceAll(d, "-", "")
}

// availability is the answer of the availability API:
// {"archived_snapshots": {"closest": {"available": true, "url": "…",
// "timestamp": "20130919044612", "status": "200"}}}, or
// {"archived_snapshots": {}} when there is no snapshot.
type availability struct {
	Snapshots *struct {
		Closest *struct {
			Available bool   `json:"available"`
			URL       string `json:"url"`
			Timestamp string `json:"timestamp"`
		} `json:"closest"`
	} `json:"archived_snapshots"`
}

// lookup asks the API about l's source and records the answer in l. It
// returns the error of a request no server answered, for noNetwork.
func (c *client) lookup(ctx context.Context, api *url.URL, l *Lookup) error {
	q := *api
	v := q.Query()
	v.Set("url", l.Source.URL)
	if ts := timestamp(l.Source); ts != "" {
		v.Set("timestamp", ts)
	}
	q.RawQuery = v.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, q.String(), nil)
	if err != nil {
		l.Err = err
		return nil
	}
	req.Header.Set("User-Agent", c.o.UserAgent)
	req.Header.Set("Accept", "application/json")
	hc := &http.Client{Transport: c.tr, Timeout: c.o.Timeout}
	resp, err := hc.Do(req)
	if err != nil {
		st, reason := classify(err)
		if st == Timeout {
			reason = "timed out after " + c.o.Timeout.String()
		} else if st == TLSError {
			reason = "TLS error: " + reason
		}
		l.Err = errors.New(reason)
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		l.Err = fmt.Errorf("it answered %s", statusText(resp.StatusCode))
		return nil
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		l.Err = fmt.Errorf("its answer broke off: %v", err)
		return nil
	}
	var a availability
	if err := json.Unmarshal(body, &a); err != nil || a.Snapshots == nil {
		l.Err = fmt.Errorf("its answer is not the JSON it gives (%s)", excerpt(body))
		return nil
	}
	cl := a.Snapshots.Closest
	if cl == nil || !cl.Available {
		return nil
	}
	date, ok := snapshotDate(cl.Timestamp)
	snap := strings.Replace(cl.URL, "http://web.archive.org/", "https://web.archive.org/", 1)
	if !ok || !dataset.IsWebURL(snap) {
		l.Err = fmt.Errorf("its answer names no usable snapshot (url %q, timestamp %q)", cl.URL, cl.Timestamp)
		return nil
	}
	l.Snapshot, l.Date = snap, date
	return nil
}

// snapshotDate is the day of a Wayback timestamp (20130919044612 →
// 2013-09-19).
func snapshotDate(ts string) (string, bool) {
	if len(ts) < 8 {
		return "", false
	}
	t, err := time.Parse("20060102", ts[:8])
	if err != nil {
		return "", false
	}
	for _, r := range ts[8:] {
		if r < '0' || r > '9' {
			return "", false
		}
	}
	return t.Format("2006-01-02"), true
}

// excerpt is the start of an answer, for a message: at most 60
// characters, on one line.
func excerpt(b []byte) string {
	s := strings.Join(strings.Fields(string(b)), " ")
	if s == "" {
		return "empty"
	}
	if r := []rune(s); len(r) > 60 {
		s = string(r[:60]) + "…"
	}
	return fmt.Sprintf("%q", s)
}

// WriteRows writes, for every lookup that found a snapshot, its source's
// row of sources.csv (raw, the file's bytes) with archive_url and
// archived filled in, through encoding/csv: rows to paste over the old
// ones. When the header has no archive_url or archived column, the rows
// end with them, and added names them: the header needs them too.
func WriteRows(w io.Writer, raw []byte, lookups []*Lookup) (added []string, err error) {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(raw, []byte("\uFEFF"))))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("sources.csv: %v", err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimSpace(h)] = i
	}
	width := len(header)
	for _, name := range []string{"archive_url", "archived"} {
		if _, ok := col[name]; !ok {
			col[name] = width
			width++
			added = append(added, name)
		}
	}
	rows := map[int][]string{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("sources.csv: %v", err)
		}
		line, _ := r.FieldPos(0)
		rows[line] = rec
	}
	out := csv.NewWriter(w)
	for _, l := range lookups {
		if !l.Found() {
			continue
		}
		rec, ok := rows[l.Source.Line]
		if !ok {
			return nil, fmt.Errorf("%s:%d: the row of source %q is not in the file's bytes", l.Source.File, l.Source.Line, l.Source.ID)
		}
		row := make([]string, max(width, len(rec)))
		copy(row, rec)
		row[col["archive_url"]] = l.Snapshot
		row[col["archived"]] = l.Date
		if err := out.Write(row); err != nil {
			return nil, err
		}
	}
	out.Flush()
	return added, out.Error()
}
