//go:build !unix

package input

import (
	"os"
)

// open opens path for reading once it is known to be a regular file (a
// named pipe would block the open); the file is checked again on the open
// handle.
func open(path string) (*os.File, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if p := notRegular(st.Mode()); p != nil {
		return nil, p
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, openError(path, err)
	}
	return f, nil
}
