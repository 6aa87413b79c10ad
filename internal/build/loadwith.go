package build

import (
	"context"

	"github.com/dashgen/dashgen/internal/config"
	"github.com/dashgen/dashgen/internal/dataset"
	"github.com/dashgen/dashgen/internal/diag"
)

// LoadWith loads and checks the data files cfg names, as a build reads
// them (messages name files from opts.ShowFrom; opts.Progress hears each
// file), without building: for commands that use the data but make no
// pages (dashgen links). It returns the data, the warnings, and a
// *diag.Errors when the data has errors (with cfg.Strict, warnings too),
// or ctx's error when ctx ends first.
func LoadWith(ctx context.Context, cfg *config.Config, opts Options) (*dataset.Data, []diag.Diagnostic, error) {
	data, l, err := load(ctx, cfg, opts)
	if err != nil {
		return nil, nil, err
	}
	if err := failed(cfg, l); err != nil {
		return nil, nil, err
	}
	return data, l.Warnings(), nil
}
