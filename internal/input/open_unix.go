//go:build unix

package input

import (
	"os"
	"syscall"
)

// open opens path for reading without waiting: opening a named pipe
// otherwise blocks until another program opens it for writing. The file
// is then checked on the open handle, so that what is read is what was
// checked.
func open(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, openError(path, err)
	}
	return f, nil
}
