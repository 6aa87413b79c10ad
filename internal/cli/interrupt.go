package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"
	"syscall"

	"github.com/spf13/cobra"
)

// Interrupted is the cause of a run's context when a signal ended it.
type Interrupted struct{ Signal os.Signal }

func (e Interrupted) Error() string { return "interrupted by " + e.Signal.String() }

// InterruptCode is the exit code after sig, as shells report a process a
// signal ended: 128 plus the signal's number (130 for SIGINT, 143 for
// SIGTERM).
func InterruptCode(sig os.Signal) int {
	if s, ok := sig.(syscall.Signal); ok && s > 0 {
		return 128 + int(s)
	}
	return 128 + int(syscall.SIGINT)
}

// interruptLine is printed once per run: when the command stops on the
// first signal, or when a second one ends the process at once.
var interruptLine struct {
	sync.Mutex
	said bool
}

// sayOnce prints line unless an interrupt line was printed already.
func sayOnce(w io.Writer, line string) {
	interruptLine.Lock()
	defer interruptLine.Unlock()
	if !interruptLine.said {
		interruptLine.said = true
		fmt.Fprintln(w, line)
	}
}

// NotifyContext returns a context that ends, with cause Interrupted, at
// the first SIGINT or SIGTERM: every stage of a command checks it and
// stops, writing nothing. A second signal does not wait for that: it
// prints one line on stderr and calls exit with its code. stop releases
// the signals.
func NotifyContext(parent context.Context, stderr io.Writer, exit func(code int)) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancelCause(parent)
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-sigs:
			cancel(Interrupted{sig})
		case <-done:
			return
		}
		select {
		case sig := <-sigs:
			sayOnce(stderr, "dashgen: interrupted again; stopped at once")
			exit(InterruptCode(sig))
		case <-done:
		}
	}()
	var once sync.Once
	return ctx, func() {
		once.Do(func() {
			signal.Stop(sigs)
			close(done)
			cancel(nil)
		})
	}
}

// interruption returns the signal that ended ctx, if one did.
func interruption(ctx context.Context) (os.Signal, bool) {
	if in, ok := context.Cause(ctx).(Interrupted); ok {
		return in.Signal, true
	}
	return nil, false
}

// watching reports whether cmd runs until interrupted (serve, build
// --watch): stopping on a signal is how it ends, and it says so itself.
func watching(cmd *cobra.Command) bool {
	if cmd == nil {
		return false
	}
	if cmd.Name() == "serve" {
		return true
	}
	// The flag was parsed when the command ran: an error here means it
	// did not run, so it watched nothing.
	watch, err := cmd.Flags().GetBool("watch")
	return cmd.Name() == "build" && err == nil && watch
}

// stoppedLine is what a command interrupted before its end prints on
// stderr.
func stoppedLine(cmd *cobra.Command) string {
	switch {
	case cmd != nil && cmd.Name() == "serve":
		return "dashgen: interrupted; stopped"
	case watching(cmd):
		return "dashgen: interrupted; stopped watching"
	case cmd != nil && cmd.Name() == "validate":
		return "dashgen: interrupted; the check did not finish"
	case cmd != nil && cmd.Name() == "diff":
		return "dashgen: interrupted; the comparison did not finish"
	}
	return "dashgen: interrupted; nothing was written"
}
