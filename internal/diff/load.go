package diff

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing/fstest"

	"github.com/dashgen/dashgen/internal/dataset"
	"github.com/dashgen/dashgen/internal/diag"
	"github.com/dashgen/dashgen/internal/input"
	"github.com/dashgen/dashgen/internal/release"
)

// The previous release is read back from what its build wrote: the data
// package's descriptor, output/datapackage.json, and the byte-for-byte
// copies of the input files under output/package/. Every copy is checked
// against the size and SHA-256 the descriptor states before any of it is
// read, so a release changed or cut short after it was published is never
// compared as if it were the one published. The copies are then loaded by
// the same loader as today's data, with the figures files and the
// vocabularies the descriptor's "dashgen" member records.

const (
	// DescriptorFile is the data package's descriptor in an output folder.
	DescriptorFile = "datapackage.json"
	// PackageDir is the folder of the copies, within the output folder.
	PackageDir = "package"
	// MarkerKey is the descriptor's member a dashgen build writes for a
	// later dashgen to read its data back (Marker).
	MarkerKey = "dashgen"
	// maxDescriptor bounds the descriptor read: far above any real one.
	maxDescriptor = 64 << 20
)

// Marker is what a dashgen build records in datapackage.json, beyond the
// Frictionless members, so that its data can be loaded again as it was
// built: the figures files, in the config's order, with the names charts
// know them by, and the values each vocabulary took.
type Marker struct {
	Figures      []MarkerFigures     `json:"figures"`
	Vocabularies map[string][]string `json:"vocabularies"`
}

// MarkerFigures is one figures file: its dataset name in config.yaml and
// its resource's path (package/casualties.csv).
type MarkerFigures struct {
	Name string `json:"name"`
	Path string `json:"path"`
}

// descriptor is what Load reads of datapackage.json.
type descriptor struct {
	Version   string     `json:"version"`
	Created   string     `json:"created"`
	Resources []resource `json:"resources"`
	Dashgen   *Marker    `json:"dashgen"`
}

type resource struct {
	Name  string `json:"name"`
	Path  string `json:"path"`
	Bytes *int64 `json:"bytes"`
	Hash  string `json:"hash"`
}

// Release is a previous release, read back from its output folder or its
// datapackage.json.
type Release struct {
	// Version and Date are the release as its descriptor states it
	// (version, and the day of created); "" when it states none.
	Version, Date string
	// Data is its data, loaded by today's loader.
	Data *dataset.Data
	// Path is its descriptor as messages name it (out/datapackage.json).
	Path string
	// Problems are what today's checks find wrong in its data (a rule
	// added since it was built). The data is still compared: it is what
	// was published.
	Problems []diag.Diagnostic
}

// Load reads the release at path: an output folder holding
// datapackage.json, or the descriptor itself. A returned *diag.Errors
// names what is wrong: path missing, no descriptor, a descriptor that is
// not JSON or that no dashgen build wrote, a resource outside the package
// folder, a copy missing or not as the descriptor states it, or data that
// cannot be read at all.
func Load(ctx context.Context, path string) (*Release, error) {
	shown := filepath.ToSlash(filepath.Clean(path))
	fail := func(code diag.Code, file, key, format string, args ...any) (*Release, error) {
		var l diag.List
		if key != "" {
			l.KeyErrorf(code, file, key, format, args...)
		} else {
			l.Errorf(code, file, 0, 0, format, args...)
		}
		return nil, l.Err()
	}
	st, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fail(diag.FileMissing, shown, "", "does not exist; give the output folder of a previous build, or its %s", DescriptorFile)
	case err != nil:
		return fail(diag.FileUnreadable, shown, "", "cannot be read: %s", pathErr(err))
	}
	dir, descPath, descShown := path, filepath.Join(path, DescriptorFile), shown+"/"+DescriptorFile
	if shown == "." {
		descShown = DescriptorFile
	}
	if !st.IsDir() {
		dir, descPath, descShown = filepath.Dir(path), path, shown
	} else if _, err := os.Stat(descPath); errors.Is(err, fs.ErrNotExist) {
		return fail(diag.NotARelease, shown, "", "has no %s; give the output folder of a build by dashgen (every build writes one), or the %s itself", DescriptorFile, DescriptorFile)
	}
	raw, err := readDescriptor(descPath)
	if err != nil {
		return fail(diag.FileUnreadable, descShown, "", "cannot be read: %s", pathErr(err))
	}
	var d descriptor
	if err := json.Unmarshal(raw, &d); err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syn):
			line, col := position(raw, syn.Offset)
			var l diag.List
			l.Errorf(diag.JSONSyntax, descShown, line, col, "is not valid JSON: %s", syn.Error())
			return nil, l.Err()
		case errors.As(err, &typ) && typ.Field != "":
			return fail(diag.InvalidValue, descShown, typ.Field, "is a JSON %s; a data package has a %s here", typ.Value, jsonType(typ.Type.String()))
		case errors.As(err, &typ):
			return fail(diag.NotARelease, descShown, "", "is a JSON %s, not a data package (an object)", typ.Value)
		}
		return fail(diag.JSONSyntax, descShown, "", "is not valid JSON: %s", err.Error())
	}
	if d.Version != "" && !release.Valid(d.Version) {
		return fail(diag.InvalidValue, descShown, "version", "%q is not a version MAJOR.MINOR.PATCH such as 1.0.0; a dashgen build writes release.version there", d.Version)
	}
	if d.Dashgen == nil {
		return fail(diag.NotARelease, descShown, "", "has no %q member, which every dashgen build writes since dashgen diff exists: it comes from another tool or an older dashgen; build the old release's data again with this dashgen to compare it", MarkerKey)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return fail(diag.FileUnreadable, filepath.ToSlash(dir), "", "cannot be read: %s", pathErr(err))
	}
	defer root.Close()
	base := strings.TrimSuffix(descShown, DescriptorFile) // "out/" or ""
	files := fstest.MapFS{}
	for i, r := range d.Resources {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		key := fmt.Sprintf("resources[%d]", i)
		name, ok := strings.CutPrefix(r.Path, PackageDir+"/")
		if !ok || !fs.ValidPath(r.Path) || name == "" || strings.Contains(r.Path, "\\") {
			return fail(diag.InvalidValue, descShown, key+".path", "%q is not a file within the package folder %s/; a release's copies stay inside it", r.Path, PackageDir)
		}
		if _, dup := files[name]; dup {
			return fail(diag.InvalidValue, descShown, key+".path", "%q is the path of an earlier resource; each file is copied once", r.Path)
		}
		sum, ok := strings.CutPrefix(r.Hash, "sha256:")
		if b, err := hex.DecodeString(sum); !ok || err != nil || len(b) != sha256.Size {
			return fail(diag.InvalidValue, descShown, key+".hash", "%q is not a SHA-256 hash written sha256:HEX; a dashgen build writes one for every copy", r.Hash)
		}
		if r.Bytes == nil || *r.Bytes < 0 {
			return fail(diag.InvalidValue, descShown, key+".bytes", "is missing; a dashgen build writes the size of every copy")
		}
		b, err := readRoot(root, r.Path, *r.Bytes)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return fail(diag.FileMissing, base+r.Path, "", "does not exist, but %s lists it (%s.path); the release is incomplete", DescriptorFile, key)
		case err != nil:
			return fail(diag.FileUnreadable, base+r.Path, "", "cannot be read: %s", pathErr(err))
		}
		if int64(len(b)) != *r.Bytes {
			size := fmt.Sprintf("%d bytes", len(b))
			if int64(len(b)) > *r.Bytes {
				size = fmt.Sprintf("more than %d bytes", *r.Bytes)
			}
			return fail(diag.HashMismatch, base+r.Path, "", "is %s, but %s says %d (%s.bytes); the copy was changed or cut short, so the release cannot be compared", size, DescriptorFile, *r.Bytes, key)
		}
		if got := sha256.Sum256(b); hex.EncodeToString(got[:]) != strings.ToLower(sum) {
			return fail(diag.HashMismatch, base+r.Path, "", "has SHA-256 sha256:%s, but %s says %s (%s.hash); the copy was changed, so the release cannot be compared", hex.EncodeToString(got[:]), DescriptorFile, r.Hash, key)
		}
		files[name] = &fstest.MapFile{Data: b, Mode: 0o644}
	}
	spec := dataset.Spec{FS: files, Shown: base + PackageDir, Vocabulary: d.Dashgen.Vocabularies,
		Release: d.Version, ReleaseFrom: descShown}
	if day, ok := strings.CutSuffix(d.Created, "T00:00:00Z"); ok && len(day) == len("2006-01-02") && dataset.CheckDate(day) == nil {
		spec.ReleaseDate = day // a dashgen build writes the release's day so
	}
	for i, f := range d.Dashgen.Figures {
		key := fmt.Sprintf("%s.figures[%d]", MarkerKey, i)
		name, ok := strings.CutPrefix(f.Path, PackageDir+"/")
		if _, listed := files[name]; !ok || !listed {
			return fail(diag.InvalidValue, descShown, key+".path", "%q is not the path of one of the resources", f.Path)
		}
		if f.Name == "" {
			return fail(diag.InvalidValue, descShown, key+".name", "is empty; every figures file has the dataset name charts know it by")
		}
		spec.Figures = append(spec.Figures, dataset.FigureFile{Name: f.Name, File: name})
	}
	data, l, err := dataset.LoadContext(ctx, spec)
	if err != nil {
		return nil, err
	}
	if data == nil {
		if err := l.Err(); err != nil {
			return nil, err
		}
		return fail(diag.NotARelease, descShown, "", "its data cannot be read whole; the release cannot be compared")
	}
	rel := &Release{Version: d.Version, Date: spec.ReleaseDate, Data: data, Path: descShown}
	for _, p := range l.Items() {
		if p.Severity == diag.Error {
			rel.Problems = append(rel.Problems, p)
		}
	}
	return rel, nil
}

// readDescriptor reads a release's descriptor as dashgen reads every
// file a user gives it (a regular file, within a size, unchanged while
// read).
func readDescriptor(path string) ([]byte, error) {
	return input.ReadFile(path, input.Limit{Bytes: maxDescriptor, Raise: "far more than a data package's descriptor"})
}

// readRoot reads the file name of root, and at most one byte more than
// size: enough to tell that a copy is larger than stated, without reading
// a file of any size.
func readRoot(root *os.Root, name string, size int64) ([]byte, error) {
	f, err := root.Open(filepath.FromSlash(name))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("it is not a regular file")
	}
	var buf bytes.Buffer
	_, err = io.Copy(&buf, io.LimitReader(f, size+1))
	return buf.Bytes(), err
}

// pathErr is an error of the file system without the path it names (the
// message names it already).
func pathErr(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// position is the line and column (in bytes, 1-based) of offset in raw.
func position(raw []byte, offset int64) (line, col int) {
	if offset > int64(len(raw)) {
		offset = int64(len(raw))
	}
	before := raw[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(offset) - (bytes.LastIndexByte(before, '\n') + 1)
	if col < 1 {
		col = 1
	}
	return line, col
}

// jsonType names a Go type as JSON would.
func jsonType(goType string) string {
	switch {
	case strings.HasPrefix(goType, "[]"):
		return "list"
	case goType == "string":
		return "string"
	case strings.Contains(goType, "int"):
		return "number"
	}
	return "object"
}
