// Package input reads the files a user hands dashgen (the data CSVs,
// config.yaml, translations) in one guarded way: only regular files (a
// named pipe, a device, a socket or a folder is refused at once, without
// waiting on it), never more than a limit, and never a file that changed
// while it was read.
package input

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"
	"sync"

	"github.com/dashgen/dashgen/internal/diag"
)

// Limit is the most bytes a file may hold, and what a message says about
// raising it ("" when it cannot be raised).
type Limit struct {
	Bytes int64
	Raise string
}

// Problem is why a file cannot be used, worded to follow the file's name in
// a message ("data/x.csv: the file is a named pipe…"), with its code.
type Problem struct {
	Code diag.Code
	Msg  string
}

func (p *Problem) Error() string { return p.Msg }

// ReadFile reads the file at path through the guards. A file that does not
// exist gives an error for which errors.Is(err, fs.ErrNotExist) holds; one
// that cannot be used gives a *Problem; any other error is the system's.
func ReadFile(path string, limit Limit) ([]byte, error) {
	f, err := open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return read(f, limit)
}

// ReadFS is ReadFile on a file system (tests and fuzzing).
func ReadFS(fsys fs.FS, path string, limit Limit) ([]byte, error) {
	f, err := fsys.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return read(f, limit)
}

// file is what read needs of an open file; *os.File reads large files in
// parts at once through ReadAt.
type file interface {
	Stat() (fs.FileInfo, error)
	Read([]byte) (int, error)
}

// afterRead is called once a file is read, before it is checked for a
// change; tests change the file there.
var afterRead func()

func read(f file, limit Limit) ([]byte, error) {
	before, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if p := notRegular(before.Mode()); p != nil {
		return nil, p
	}
	if before.Size() > limit.Bytes {
		return nil, tooLarge(before.Size(), limit)
	}
	var raw []byte
	if ra, ok := f.(io.ReaderAt); ok && before.Size() >= 2*part && runtime.GOMAXPROCS(0) > 1 {
		raw, err = readParts(ra, before.Size())
	} else {
		raw, err = readAll(io.LimitReader(f, limit.Bytes+1), before.Size())
	}
	if err != nil {
		return nil, err
	}
	if int64(len(raw)) > limit.Bytes {
		return nil, tooLarge(int64(len(raw)), limit)
	}
	if afterRead != nil {
		afterRead()
	}
	after, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if int64(len(raw)) != before.Size() || after.Size() != before.Size() || !after.ModTime().Equal(before.ModTime()) {
		return nil, &Problem{diag.FileChanged, "the file changed while dashgen read it (another program is writing it?); wait until it is saved and run dashgen again"}
	}
	return raw, nil
}

// readAll is io.ReadAll with the buffer sized for the file at once.
func readAll(r io.Reader, size int64) ([]byte, error) {
	buf := make([]byte, 0, size+1)
	for {
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
	}
}

// part is the least each goroutine reads of a large file.
const part = 16 << 20

// readParts reads a file of size bytes in parts at once, one per core. A
// byte past size (the file grew) shows as one more byte, which the caller
// reports as a change.
func readParts(f io.ReaderAt, size int64) ([]byte, error) {
	n := min(int64(runtime.GOMAXPROCS(0)), size/part)
	buf := make([]byte, size)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for k := range n {
		wg.Go(func() {
			lo, hi := size*k/n, size*(k+1)/n
			_, errs[k] = f.ReadAt(buf[lo:hi], lo)
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		if errors.Is(err, io.EOF) {
			return buf[:0], nil // shrank: reported as a change
		}
		return nil, err
	}
	var probe [1]byte
	if k, _ := f.ReadAt(probe[:], size); k > 0 {
		return append(buf, probe[0]), nil
	}
	return buf, nil
}

// notRegular says what a file is when it is not a regular file.
func notRegular(m fs.FileMode) *Problem {
	var what string
	switch {
	case m.IsRegular():
		return nil
	case m.IsDir():
		return &Problem{diag.NotRegularFile, "is a folder, not a file"}
	case m&fs.ModeNamedPipe != 0:
		what = "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		what = "a socket"
	case m&fs.ModeDevice != 0:
		what = "a device"
	default:
		what = "a special file"
	}
	return &Problem{diag.NotRegularFile, "is " + what + ", not a regular file; dashgen reads only regular files (a symbolic link to one is fine)"}
}

// openError explains a file that cannot be opened because of what it is (a
// socket), and passes any other error on.
func openError(path string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if st, serr := os.Stat(path); serr == nil {
		if p := notRegular(st.Mode()); p != nil {
			return p
		}
	}
	return err
}

func tooLarge(size int64, limit Limit) *Problem {
	msg := fmt.Sprintf("the file is %s, more than the limit of %s", Size(size), Size(limit.Bytes))
	if limit.Raise != "" {
		msg += "; " + limit.Raise
	}
	return &Problem{diag.LimitExceeded, msg}
}

// Size writes a number of bytes for people: 1.5 MB, 64 KB, 512 bytes
// (1 KB = 1000 bytes).
func Size(n int64) string {
	switch {
	case n >= 1e9:
		return trimZero(fmt.Sprintf("%.1f", float64(n)/1e9)) + " GB"
	case n >= 1e6:
		return trimZero(fmt.Sprintf("%.1f", float64(n)/1e6)) + " MB"
	case n >= 1e3:
		return trimZero(fmt.Sprintf("%.1f", float64(n)/1e3)) + " KB"
	case n == 1:
		return "1 byte"
	}
	return fmt.Sprintf("%d bytes", n)
}

func trimZero(s string) string {
	if len(s) > 2 && s[len(s)-2:] == ".0" {
		return s[:len(s)-2]
	}
	return s
}
