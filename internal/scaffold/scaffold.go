// Package scaffold holds the projects `dashgen init` writes: the starter
// project embedded under template/, and the full example project. Writing
// them is internal/output's job (output.Create).
package scaffold

import (
	"embed"
	"io/fs"

	"github.com/dashgen/dashgen"
)

//go:embed template
var template embed.FS

// Template is the starter project: a commented config.yaml and data/ with
// every file's header and a few placeholder rows, building with no warning.
func Template() fs.FS {
	sub, err := fs.Sub(template, "template")
	if err != nil {
		panic(err) // the embedded folder is always there
	}
	return sub
}

// Example is the full default project (config.yaml and data/).
func Example() fs.FS { return dashgen.Example }
