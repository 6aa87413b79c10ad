// Package dashgen holds the default project (config.yaml and data/) as
// files embedded in the binary, for `dashgen init --example`. The tool
// itself is cmd/dashgen; its packages are under internal/.
package dashgen

import "embed"

// Example is the repository's own project: config.yaml and data/, as they
// are in the module. It is embedded from where it lives, so the project the
// repository builds and the one `dashgen init --example` writes are the same
// files.
//
//go:embed config.yaml data
var Example embed.FS
