package serve

import "time"

// SetMaxWait sets the cap on how long a stream of events can put a build
// off, and returns a function that restores it. Only for a test whose
// loop is not running.
func SetMaxWait(d time.Duration) (restore func()) {
	old := maxWait
	maxWait = d
	return func() { maxWait = old }
}
