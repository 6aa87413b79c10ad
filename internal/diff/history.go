package diff

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/dashgen/dashgen/internal/dataset"
	"github.com/dashgen/dashgen/internal/diag"
	"github.com/dashgen/dashgen/internal/release"
)

// A release's history is what changed in it and in every release before
// it that a build compared (build --previous), with the values on both
// sides: package/changes.json in the output, a resource of the data
// package. A build given the previous release reads that release's
// history and carries it forward, so a release's "What changed" page
// shows the old and new values of every earlier version too, not only of
// its own.

// HistoryPath is the history's path within an output folder, and its
// resource's path in datapackage.json.
const HistoryPath = PackageDir + "/changes.json"

// History is every release whose changes a build recorded, newest first.
type History struct {
	Releases []Recorded `json:"releases"`
}

// Recorded is what changed in one release, as the build that compared it
// with the release before found it.
type Recorded struct {
	Version string `json:"version"`
	Date    string `json:"date,omitempty"`
	// Previous is the version it was compared with ("" when that release
	// stated none).
	Previous string  `json:"previous"`
	Changes  []Entry `json:"changes"`
}

// Entry is one record added, removed or changed: a Change, with a
// figure's number on each side it is on.
type Entry struct {
	Table  string  `json:"table"`
	ID     string  `json:"id"`
	Kind   Kind    `json:"kind"`
	Fields []Field `json:"fields,omitempty"`
	Old    *Number `json:"old,omitempty"`
	New    *Number `json:"new,omitempty"`
}

// Number is a figure's number as its file states it: value, qualifier,
// range and unit.
type Number struct {
	Value     *int64 `json:"value"`
	Qualifier string `json:"qualifier"`
	Min       *int64 `json:"min,omitempty"`
	Max       *int64 `json:"max,omitempty"`
	Unit      string `json:"unit,omitempty"`
}

// NumberOf is f's number; nil for no figure.
func NumberOf(f *dataset.Figure) *Number {
	if f == nil {
		return nil
	}
	return &Number{Value: f.Value, Qualifier: f.Qualifier, Min: f.Min, Max: f.Max, Unit: f.Unit}
}

// Record is the changes from old to new (Compare's), with each figure's
// number on the sides it is on, as release version of date, compared with
// release previous.
func Record(changes []Change, old, new *dataset.Data, version, date, previous string) Recorded {
	r := Recorded{Version: version, Date: date, Previous: previous, Changes: make([]Entry, 0, len(changes))}
	for _, c := range changes {
		e := Entry{Table: c.Table, ID: c.ID, Kind: c.Kind, Fields: c.Fields}
		if c.Table == Figures {
			if c.Kind != Added {
				e.Old = NumberOf(old.Figure(c.ID))
			}
			if c.Kind != Removed {
				e.New = NumberOf(new.Figure(c.ID))
			}
		}
		r.Changes = append(r.Changes, e)
	}
	return r
}

// Find is the recorded change of id in release version, nil when none is
// recorded.
func (h *History) Find(version, id string) *Entry {
	if r := h.Release(version); r != nil {
		for i := range r.Changes {
			if r.Changes[i].ID == id {
				return &r.Changes[i]
			}
		}
	}
	return nil
}

// Release is the record of version, nil when the history has none.
func (h *History) Release(version string) *Recorded {
	if h == nil {
		return nil
	}
	for i := range h.Releases {
		if h.Releases[i].Version == version {
			return &h.Releases[i]
		}
	}
	return nil
}

// Carry is the history of release version: the previous release's history
// (old, nil when it has none) with every release up to version but
// version itself, and now, the record of version, when there is one. A
// build of the same release as the previous one (now nil) keeps the
// previous one's record of it. Newest first.
func Carry(old *History, now *Recorded, version string) *History {
	h := &History{Releases: []Recorded{}}
	if old != nil {
		for _, r := range old.Releases {
			if now != nil && r.Version == now.Version {
				continue
			}
			if release.Valid(r.Version) && release.Valid(version) && release.Compare(r.Version, version) > 0 {
				continue // a release after this one: not part of its history
			}
			h.Releases = append(h.Releases, r)
		}
	}
	if now != nil {
		h.Releases = append(h.Releases, *now)
	}
	slices.SortStableFunc(h.Releases, func(a, b Recorded) int {
		if release.Valid(a.Version) && release.Valid(b.Version) {
			return release.Compare(b.Version, a.Version)
		}
		return cmp.Compare(b.Version, a.Version)
	})
	return h
}

// Encode is the history as package/changes.json holds it.
func (h *History) Encode() ([]byte, error) {
	b, err := json.MarshalIndent(h, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// ReadHistory reads the history of the release rel, loaded by Load from
// the descriptor at rel.Path: the resource at HistoryPath, checked again
// against the size and hash the descriptor states. A release built before
// dashgen wrote histories, or of a project with no corrections log, has
// none: nil, and no error.
func ReadHistory(ctx context.Context, rel *Release) (*History, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	descPath := filepath.FromSlash(rel.Path)
	raw, err := readDescriptor(descPath)
	if err != nil {
		return nil, failf(diag.FileUnreadable, rel.Path, 0, 0, "cannot be read: %s", pathErr(err))
	}
	var d descriptor
	if err := json.Unmarshal(raw, &d); err != nil {
		return nil, failf(diag.JSONSyntax, rel.Path, 0, 0, "is not valid JSON: %s", err.Error())
	}
	i := slices.IndexFunc(d.Resources, func(r resource) bool { return r.Path == HistoryPath })
	if i < 0 {
		return nil, nil
	}
	res := d.Resources[i]
	shown := strings.TrimSuffix(rel.Path, DescriptorFile) + HistoryPath
	if res.Bytes == nil {
		return nil, failf(diag.InvalidValue, rel.Path, 0, 0, "resources[%d].bytes is missing; a dashgen build writes the size of every file", i)
	}
	root, err := os.OpenRoot(filepath.Dir(descPath))
	if err != nil {
		return nil, failf(diag.FileUnreadable, rel.Path, 0, 0, "cannot be read: %s", pathErr(err))
	}
	defer root.Close()
	b, err := readRoot(root, HistoryPath, *res.Bytes)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, failf(diag.FileMissing, shown, 0, 0, "does not exist, but %s lists it (resources[%d].path); the release is incomplete", DescriptorFile, i)
	case err != nil:
		return nil, failf(diag.FileUnreadable, shown, 0, 0, "cannot be read: %s", pathErr(err))
	}
	sum := sha256.Sum256(b)
	if int64(len(b)) != *res.Bytes || "sha256:"+hex.EncodeToString(sum[:]) != strings.ToLower(res.Hash) {
		return nil, failf(diag.HashMismatch, shown, 0, 0, "is not the file %s describes (resources[%d].bytes and .hash); it was changed after the release was built", DescriptorFile, i)
	}
	return decodeHistory(b, shown)
}

// decodeHistory reads a history from b, the file shown.
func decodeHistory(b []byte, shown string) (*History, error) {
	var h History
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	err := dec.Decode(&h)
	if err == nil && dec.More() {
		err = errors.New("more follows the history's JSON object")
	}
	if err != nil {
		var syn *json.SyntaxError
		switch {
		case errors.As(err, &syn):
			line, col := position(b, syn.Offset)
			return nil, failf(diag.JSONSyntax, shown, line, col, "is not valid JSON: %s", syn.Error())
		case errors.Is(err, io.EOF) && len(bytes.TrimSpace(b)) == 0:
			return nil, failf(diag.JSONSyntax, shown, 0, 0, "is empty; a dashgen build writes a JSON object here")
		case errors.Is(err, io.ErrUnexpectedEOF):
			line, col := position(b, int64(len(b)))
			return nil, failf(diag.JSONSyntax, shown, line, col, "is not valid JSON: it ends before its JSON value does")
		}
		return nil, failf(diag.InvalidValue, shown, 0, 0, "is not a history of changes as dashgen writes it: %s", err.Error())
	}
	for j, r := range h.Releases {
		if !release.Valid(r.Version) {
			return nil, failf(diag.InvalidValue, shown, 0, 0, "releases[%d].version: %q is not a Semantic Version (1.0.1); a dashgen build records only stated releases", j, r.Version)
		}
	}
	return &h, nil
}

// UnmarshalText reads a kind written by MarshalText.
func (k *Kind) UnmarshalText(b []byte) error {
	for i, n := range kindNames {
		if n == string(b) {
			*k = Kind(i)
			return nil
		}
	}
	return errors.New("unknown kind of change " + string(b) + " (added, removed or changed)")
}

func failf(code diag.Code, file string, line, col int, format string, args ...any) error {
	var l diag.List
	l.Errorf(code, file, line, col, format, args...)
	return l.Err()
}
