package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync/atomic"
	"time"
)

// Server serves the last good build from memory, with the event stream
// that tells open pages to reload or to show errors.
type Server struct {
	site  atomic.Pointer[snapshot]
	hub   *hub
	build int
	hosts hosts
}

// NewServer makes a server with no build yet: every page is 404 until
// the first good build.
func NewServer() *Server {
	s := &Server{hub: newHub()}
	s.site.Store(&snapshot{files: map[string]servedFile{}})
	return s
}

// EventsPath is the address of the event stream.
const EventsPath = "/_dashgen/events"

// Update takes a build result: a good build replaces the site and makes
// every open page reload; a bad one leaves the site as it is and makes
// every open page show the errors.
func (s *Server) Update(r Result) {
	if r.Err != nil {
		s.hub.publish(state{Build: s.build, Errors: errorLines(r.Err)})
		return
	}
	s.build++
	s.site.Store(newSnapshot(s.build, r.Build.Files))
	s.hub.publish(state{Build: s.build})
}

// ServeHTTP serves the files of the build, and the event stream.
// Requests for a host name that is not the server's get 421 (hosts.go).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !s.allowedHost(r.Host) {
		s.refuseHost(w, r)
		return
	}
	if r.URL.Path == EventsPath {
		s.hub.serveEvents(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed: this server only serves the built site", http.StatusMethodNotAllowed)
		return
	}
	name, f, ok := s.site.Load().lookup(r.URL.Path)
	if !ok {
		notFound(w)
		return
	}
	serveFile(w, r, name, f)
}

// IsLoopback reports whether addr (host:port) binds only this machine.
func IsLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Serve listens on addr and serves until ctx ends, then shuts down
// gracefully: open event streams are closed and requests in flight finish
// (for up to five seconds). ready is called with the address bound, which
// tells the port when addr asks for port 0.
func (s *Server) Serve(ctx context.Context, addr string, ready func(net.Addr), log io.Writer) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w", addr, err)
	}
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       60 * time.Second,
		ErrorLog:          nil,
	}
	srv.RegisterOnShutdown(s.hub.close)
	s.allowBound(addr, log)
	s.allowBound(ln.Addr().String(), log)
	ready(ln.Addr())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		fmt.Fprintf(log, "dashgen: shutdown: %v\n", err)
	}
	if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
