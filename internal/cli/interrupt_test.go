//go:build unix

package cli

import (
	"bytes"
	"context"
	"syscall"
	"testing"
	"time"
)

// TestSecondSignalExitsAtOnce sends this process SIGTERM, then SIGINT:
// the first ends the context with its signal as the cause; the second
// calls exit with 130 at once and prints one line.
func TestSecondSignalExitsAtOnce(t *testing.T) {
	var stderr bytes.Buffer
	exited := make(chan int, 1)
	ctx, stop := NotifyContext(context.Background(), &stderr, func(code int) { exited <- code })
	defer stop()
	if err := syscall.Kill(syscall.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-ctx.Done():
	case <-time.After(60 * time.Second):
		t.Fatal("the context did not end after SIGTERM")
	}
	sig, ok := interruption(ctx)
	if !ok || sig != syscall.SIGTERM || InterruptCode(sig) != 143 {
		t.Fatalf("cause %v, want Interrupted{SIGTERM} (exit 143)", context.Cause(ctx))
	}
	select {
	case code := <-exited:
		t.Fatalf("exit(%d) after one signal", code)
	default:
	}
	if err := syscall.Kill(syscall.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-exited:
		if code != 130 {
			t.Errorf("second signal (SIGINT): exit %d, want 130", code)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("no exit after a second signal")
	}
	if got, want := stderr.String(), "dashgen: interrupted again; stopped at once\n"; got != want {
		t.Errorf("stderr %q, want %q", got, want)
	}
}
