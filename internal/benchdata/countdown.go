package benchdata

import (
	"context"
	"sync"
	"sync/atomic"
)

// Countdown is a context that ends (context.Canceled) at its n-th check of
// Err, so that a test can stop a build at any point where it looks, the
// same way on every machine. It counts every check.
type Countdown struct {
	context.Context
	left   atomic.Int64
	checks atomic.Int64
	once   sync.Once
	done   chan struct{}
}

// NewCountdown returns a context whose n-th check of Err ends it.
func NewCountdown(n int64) *Countdown {
	c := &Countdown{Context: context.Background(), done: make(chan struct{})}
	c.left.Store(n)
	return c
}

// Err counts a check and reports context.Canceled from the n-th on.
func (c *Countdown) Err() error {
	c.checks.Add(1)
	if c.left.Add(-1) < 0 {
		c.once.Do(func() { close(c.done) })
		return context.Canceled
	}
	return nil
}

// Done is closed once Err has reported the end.
func (c *Countdown) Done() <-chan struct{} { return c.done }

// Checks is how many times Err was called.
func (c *Countdown) Checks() int64 { return c.checks.Load() }
