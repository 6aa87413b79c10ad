package serve

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/dashgen/dashgen/internal/build"
	"github.com/dashgen/dashgen/internal/config"
	"github.com/dashgen/dashgen/internal/diag"
)

// Result is one build of the loop.
type Result struct {
	Config *config.Config // nil when the config itself failed to load
	Build  *build.Result  // nil when the build failed
	Err    error
	Took   time.Duration
}

// Loop builds a project, then rebuilds it whenever its config file or a
// data file changes, until its context ends.
type Loop struct {
	// ConfigPath is the config file to watch; Load reads it (with the
	// command's flags applied).
	ConfigPath string
	Load       func() (*config.Config, error)
	// Options are the build's (Preview for the server).
	Options build.Options
	// Quiet is how long the files must stay unchanged before a rebuild:
	// a spreadsheet's save, or an editor's write-rename-delete, is one
	// burst of events and must give one build.
	Quiet time.Duration
}

// maxWait caps how long a stream of events can put a build off. A
// variable only so that a test can lift the cap (export_test.go).
var maxWait = 300 * time.Millisecond

// Run builds once, calls onResult, and again after every change. It
// returns nil when ctx ends, or an error if the files cannot be watched.
func (lp *Loop) Run(ctx context.Context, onResult func(Result)) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("cannot watch the project's files: %w", err)
	}
	defer w.Close()
	watched := map[string]bool{}
	configFile, err := filepath.Abs(lp.ConfigPath)
	if err != nil {
		return err
	}
	dataDir := filepath.Join(filepath.Dir(configFile), "data")

	// Watch the folders, not the files: an editor that saves by writing a
	// new file and renaming it replaces the file watched.
	watch := func() {
		for _, dir := range []string{filepath.Dir(configFile), dataDir, filepath.Join(dataDir, "translations")} {
			if !watched[dir] {
				if err := w.Add(dir); err == nil {
					watched[dir] = true
				}
			}
		}
	}
	rebuild := func() {
		// Watch before reading, so that a change made while the build
		// reads the files gives another build.
		watch()
		r, ok := lp.buildOrStop(ctx)
		if !ok || ctx.Err() != nil {
			// Stopping: a build cut short is no result to report.
			return
		}
		if r.Config != nil {
			if d, err := filepath.Abs(r.Config.ResolvedDataDir()); err == nil {
				dataDir = d
			}
		}
		watch()
		onResult(r)
	}
	relevant := func(name string) bool {
		abs, err := filepath.Abs(name)
		if err != nil {
			return false
		}
		if abs == configFile || abs == filepath.Join(dataDir, "translations") {
			return true // the translations folder made (or removed) while watching
		}
		ext := filepath.Ext(abs)
		switch filepath.Dir(abs) {
		case dataDir:
			return strings.EqualFold(ext, ".csv")
		case filepath.Join(dataDir, "translations"):
			return strings.EqualFold(ext, ".yaml")
		}
		return false
	}

	rebuild()
	quiet := lp.Quiet
	if quiet <= 0 {
		quiet = 30 * time.Millisecond
	}
	var timer <-chan time.Time
	var first time.Time
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-w.Events:
			if !ok {
				return nil
			}
			if !relevant(ev.Name) || ev.Op == fsnotify.Chmod {
				continue
			}
			if timer == nil {
				first = time.Now()
			}
			wait := quiet
			if left := maxWait - time.Since(first); left < wait {
				wait = max(left, 0)
			}
			timer = time.After(wait)
		case err, ok := <-w.Errors:
			if !ok {
				return nil
			}
			return fmt.Errorf("watching the project's files: %w", err)
		case <-timer:
			timer = nil
			rebuild()
		}
	}
}

// buildOrStop builds, unless ctx ends first: then it returns at once with
// ok false, leaving the build to stop on its own (it checks ctx in every
// stage, but a config or file that takes long to read must not hold up
// the end of the server).
func (lp *Loop) buildOrStop(ctx context.Context) (r Result, ok bool) {
	done := make(chan Result, 1)
	go func() { done <- lp.build(ctx) }()
	select {
	case r := <-done:
		return r, true
	case <-ctx.Done():
		return Result{}, false
	}
}

func (lp *Loop) build(ctx context.Context) Result {
	start := time.Now()
	cfg, err := lp.Load()
	if err != nil {
		return Result{Err: err, Took: time.Since(start)}
	}
	res, err := build.BuildWith(ctx, cfg, lp.Options)
	return Result{Config: cfg, Build: res, Err: err, Took: time.Since(start)}
}

// errorLines are a failed build's diagnostics as the terminal prints them.
func errorLines(err error) []string {
	var de *diag.Errors
	if errors.As(err, &de) {
		return diag.Format(de.Items)
	}
	return []string{err.Error()}
}
