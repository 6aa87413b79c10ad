package cli

import (
	"context"
	"errors"
	"path"
	"path/filepath"
	"strings"

	"github.com/dashgen/dashgen/internal/config"
	"github.com/dashgen/dashgen/internal/diag"
	"github.com/dashgen/dashgen/internal/export"
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
// the warnings of the write (a leftover it could not remove).
// It returns the bytes written.
func writeOutput(ctx context.Context, rep *reporter, cfg *config.Config, files []output.File) (int64, error) {
	if err := checkOutput(cfg); err != nil {
		return 0, err
	}
	w, err := write(ctx, cfg.ResolvedOutput(), files)
	if err != nil {
		return 0, outputError(cfg, err)
	}
	for _, m := range w.Warnings {
		rep.Warning("%s", m)
	}
	return w.Bytes, nil
}

// checkExports refuses an exports folder that is, holds or sits inside a
// folder an export must not write into (see output.CheckExports), and a
// language folder in it that an export may not replace, as an error of
// the config's exports key.
func checkExports(cfg *config.Config, langs []export.Language) error {
	g := output.ExportsGuard{Project: cfg.Dir, Data: cfg.ResolvedDataDir(), Output: cfg.ResolvedOutput()}
	if err := output.CheckExports(cfg.ResolvedExports(), g); err != nil {
		return exportsError(cfg, "", err)
	}
	for _, l := range langs {
		if err := output.CheckExportsFolder(filepath.Join(cfg.ResolvedExports(), l.Lang)); err != nil {
			return exportsError(cfg, l.Lang, err)
		}
	}
	return nil
}

// exportsError turns a refusal of the exports folder, or of its language
// folder lang, into a diagnostic of the exports key.
func exportsError(cfg *config.Config, lang string, err error) error {
	var r *output.RefusedError
	if !errors.As(err, &r) {
		return err
	}
	shown := cfg.Exports
	if lang != "" {
		shown = path.Join(filepath.ToSlash(cfg.Exports), lang)
	}
	l := &diag.List{}
	l.KeyErrorf(diag.OutputClobber, cfg.Path, "exports", "%q %s", shown, r.Reason)
	return l.Err()
}

// writeExports writes the exported files, each language into its own
// folder of the exports folder with a manifest of the build they come
// from. Every language folder is checked before any is written, so a
// refusal writes nothing.
func writeExports(ctx context.Context, rep *reporter, cfg *config.Config, langs []export.Language, site, files []output.File) error {
	if err := checkExports(cfg, langs); err != nil {
		return err
	}
	var buildManifest []byte
	for _, f := range site {
		if f.Path == "manifest.json" {
			buildManifest = f.Data
		}
	}
	byLang := map[string][]output.File{}
	for _, f := range files {
		lang, rest, _ := strings.Cut(f.Path, "/")
		byLang[lang] = append(byLang[lang], output.File{Path: rest, Data: f.Data})
	}
	dir := cfg.ResolvedExports()
	for _, l := range langs {
		m, err := output.ExportManifest(buildManifest, byLang[l.Lang])
		if err != nil {
			return err
		}
		w, err := writeExportsFolder(ctx, filepath.Join(dir, l.Lang), append(byLang[l.Lang], m))
		if err != nil {
			return exportsError(cfg, l.Lang, err)
		}
		for _, m := range w.Warnings {
			rep.Warning("%s", m)
		}
	}
	return nil
}

// writeExportsFolder is output.WriteExports; tests replace it.
var writeExportsFolder = output.WriteExports
