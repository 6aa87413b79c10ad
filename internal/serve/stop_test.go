package serve_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/dashgen/dashgen/internal/config"
	"github.com/dashgen/dashgen/internal/serve"
)

// TestLoopDoesNotWaitForAStuckBuild ends a loop whose build never
// finishes (its config load blocks until the test ends): Run returns
// once its context ends, without a result, and never waits on the build.
func TestLoopDoesNotWaitForAStuckBuild(t *testing.T) {
	dir := loopProject(t)
	cfgPath := filepath.Join(dir, "config.yaml")
	entered := make(chan struct{})
	release := make(chan struct{})
	defer close(release)
	lp := &serve.Loop{
		ConfigPath: cfgPath,
		Load: func() (*config.Config, error) {
			close(entered)
			<-release // stuck, as on a file that never ends
			return config.Load(cfgPath, nil)
		},
	}
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	results := 0
	go func() { ran <- lp.Run(ctx, func(serve.Result) { results++ }) }()
	select {
	case <-entered:
	case <-time.After(60 * time.Second):
		t.Fatal("the loop never started its build")
	}
	cancel()
	select {
	case err := <-ran:
		if err != nil {
			t.Errorf("Loop.Run: %v", err)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("Loop.Run waited for the stuck build after its context ended")
	}
	if results != 0 {
		t.Errorf("%d results reported for a build cut short", results)
	}
}
