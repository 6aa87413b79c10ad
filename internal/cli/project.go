package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/dashgen/dashgen/internal/diag"
)

// projectArg accepts at most one argument, the project folder.
func projectArg(cmd *cobra.Command, args []string) error {
	if len(args) > 1 {
		return usageError{fmt.Errorf("%s takes at most one argument, the project folder; got %d: %q", cmd.Name(), len(args), args)}
	}
	return nil
}

// configPath is the config file a command reads: --config (or
// DASHGEN_CONFIG, or config.yaml) in the working folder, or, when a project
// folder is given, config.yaml in that folder (--config then names a file
// inside it). Paths in the config are resolved from the config's own folder,
// so a project builds the same from anywhere.
func (o *ProjectOptions) configPath() (string, error) {
	path := o.Config
	if o.Folder == "" {
		return path, nil
	}
	dir := o.Folder
	shown := filepath.ToSlash(dir)
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		l := &diag.List{}
		l.Errorf(diag.FileMissing, shown, 0, 0, "the project folder does not exist; dashgen init %s creates a new project there", shown)
		return "", l.Err()
	case err != nil:
		l := &diag.List{}
		l.Errorf(diag.FileUnreadable, shown, 0, 0, "cannot read the project folder: %v", unwrapPath(err))
		return "", l.Err()
	case !fi.IsDir():
		return "", usageError{fmt.Errorf("%q is a file, not a project folder; pass the folder that holds config.yaml, or the file with --config", shown)}
	}
	name := "config.yaml"
	if o.ConfigSet {
		if filepath.IsAbs(path) {
			return path, nil
		}
		name = path
	}
	p := filepath.Join(dir, name)
	if _, err := os.Stat(p); errors.Is(err, fs.ErrNotExist) && name == "config.yaml" {
		l := &diag.List{}
		l.Errorf(diag.FileMissing, filepath.ToSlash(p), 0, 0, "the config file does not exist, so %s is not a dashgen project; dashgen init %s creates one", shown, shown)
		return "", l.Err()
	}
	return p, nil
}

// unwrapPath drops the operation and path from a *fs.PathError, which the
// message names already.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
