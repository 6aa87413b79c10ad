package cli

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/dashgen/dashgen/internal/config"
	"github.com/dashgen/dashgen/internal/diag"
	"github.com/dashgen/dashgen/internal/output"
)

// write is output.Write; tests replace it to see how a command reports
// what it returns.
var write = output.Write

// checkOutput refuses an output folder that a build must not replace (see
// output.Check), as an error of the config's output key: build, export
// and validate give the same answer.
func checkOutput(cfg *config.Config) error {
	g := output.Guard{Project: cfg.Dir, Data: cfg.ResolvedDataDir()}
	return outputError(cfg, output.Check(cfg.ResolvedOutput(), g))
}

// outputError turns a refusal of the output folder into a diagnostic of
// the output key; other errors pass through.
func outputError(cfg *config.Config, err error) error {
	var r *output.RefusedError
	if !errors.As(err, &r) {
		return err
	}
	l := &diag.List{}
	l.KeyErrorf(diag.OutputClobber, cfg.Path, "output", "%q %s", cfg.Output, r.Reason)
	return l.Err()
}

// writeOutput checks the output folder, writes files into it and prints
// the warnings of the write (a leftover it could not remove) on stderr.
// It returns the bytes written.
func writeOutput(ctx context.Context, stderr io.Writer, cfg *config.Config, files []output.File) (int64, error) {
	if err := checkOutput(cfg); err != nil {
		return 0, err
	}
	w, err := write(ctx, cfg.ResolvedOutput(), files)
	if err != nil {
		return 0, outputError(cfg, err)
	}
	for _, m := range w.Warnings {
		fmt.Fprintf(stderr, "dashgen: warning: %s\n", m)
	}
	return w.Bytes, nil
}
