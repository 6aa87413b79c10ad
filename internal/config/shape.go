package config

import (
	"errors"
	"io/fs"

	"go.yaml.in/yaml/v3"

	"github.com/dashgen/dashgen/internal/diag"
	"github.com/dashgen/dashgen/internal/input"
)

// Limits of a config file and of a translation, far above any real one (the
// default project's config.yaml is 9 KB, 7 levels deep, its largest
// mapping 20 keys) and low enough that no file makes YAML or viper take
// long: viper's YAML reader checks a mapping's keys for duplicates against
// each other, a time that grows as the square of their number.
const (
	MaxFileBytes = 1_000_000
	MaxDepth     = 32
	MaxKeys      = 1000
)

// fileLimit is the size limit of config.yaml and the translations.
var fileLimit = input.Limit{Bytes: MaxFileBytes, Raise: "a config file holds settings and labels, not data; move long lists into the CSV files"}

// readFile reads a config or translation file through the guards of
// package input, reporting why it cannot be used, but for a file that does
// not exist (errors.Is(err, fs.ErrNotExist)), which the caller reports.
func readFile(path, shown, what string, l *diag.List) ([]byte, error) {
	raw, err := input.ReadFile(path, fileLimit)
	if err == nil {
		return raw, nil
	}
	var p *input.Problem
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case errors.As(err, &p):
		l.Errorf(p.Code, shown, 0, 0, "%s", p.Msg)
	default:
		l.Errorf(diag.FileUnreadable, shown, 0, 0, "cannot read the %s: %v", what, err)
	}
	return nil, err
}

// checkShape parses raw as YAML nodes, without building any value, and
// refuses a file nested deeper than MaxDepth or with a mapping of more
// than MaxKeys keys before viper reads it. A file that is not valid YAML
// passes: viper's reading reports it with its message.
func checkShape(shown string, raw []byte, l *diag.List) bool {
	if len(raw) > MaxFileBytes {
		l.Errorf(diag.LimitExceeded, shown, 0, 0, "the file is %s, more than the limit of %s; %s", input.Size(int64(len(raw))), input.Size(MaxFileBytes), fileLimit.Raise)
		return false
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		return true
	}
	ok := true
	var walk func(n *yaml.Node, depth int) bool
	walk = func(n *yaml.Node, depth int) bool {
		if depth > MaxDepth {
			l.Errorf(diag.LimitExceeded, shown, n.Line, n.Column, "nested more than %d levels deep; a config file needs a few levels", MaxDepth)
			return false
		}
		if n.Kind == yaml.MappingNode && len(n.Content)/2 > MaxKeys {
			l.Errorf(diag.LimitExceeded, shown, n.Line, n.Column, "this mapping has %d keys, more than the limit of %d", len(n.Content)/2, MaxKeys)
			ok = false
		}
		for _, c := range n.Content {
			if !walk(c, depth+1) {
				return false
			}
		}
		return true
	}
	return walk(&doc, 0) && ok
}

// checkLimits checks the limits section.
func (c *Config) checkLimits(l *diag.List) {
	check := func(key string, v *int, unit string, most int) {
		if v != nil && (*v < 1 || *v > most) {
			l.KeyErrorf(diag.InvalidValue, c.Path, "limits."+key, "%d is not a size from 1 to %d %s", *v, most, unit)
		}
	}
	check("file_size_mb", c.Limits.FileSizeMB, "megabytes (1 MB = 1 000 000 bytes)", 100_000)
	check("cell_size_kb", c.Limits.CellSizeKB, "kilobytes (1 KB = 1000 bytes)", 1_000_000)
}

// Limits raise or lower the size limits of the data files.
type Limits struct {
	// FileSizeMB is the most megabytes a data file may hold; nil for the
	// default.
	FileSizeMB *int `mapstructure:"file_size_mb"`
	// CellSizeKB is the most kilobytes one cell may hold.
	CellSizeKB *int `mapstructure:"cell_size_kb"`
}

// Bytes returns the limits in bytes, 0 for a default.
func (lim Limits) Bytes() (file int64, cell int) {
	if lim.FileSizeMB != nil {
		file = int64(*lim.FileSizeMB) * 1_000_000
	}
	if lim.CellSizeKB != nil {
		cell = *lim.CellSizeKB * 1000
	}
	return file, cell
}
