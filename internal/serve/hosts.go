package serve

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
)

// The preview server answers only to its own names: a page elsewhere
// that makes its own host name point at this machine (DNS rebinding)
// sends that name in the Host header, and is refused. The names are
// localhost and the loopback addresses, the host of the address bound
// (every address of the machine when that is 0.0.0.0 or [::]), and the
// names the user allows (--allow-host).

// hosts is the set of host names a server answers to, beyond loopback.
type hosts struct {
	mu      sync.Mutex
	allowed map[string]bool
	log     io.Writer
	told    map[string]bool // refused names already reported on log
}

// maxTold bounds how many refused names are reported.
const maxTold = 10

// AllowHosts makes the server also answer requests for these host names
// or IP addresses.
func (s *Server) AllowHosts(names ...string) {
	s.hosts.mu.Lock()
	defer s.hosts.mu.Unlock()
	if s.hosts.allowed == nil {
		s.hosts.allowed = map[string]bool{}
	}
	for _, n := range names {
		s.hosts.allowed[normalHost(n)] = true
	}
}

// allowBound allows the host of the address the server listens on; for
// an address that binds every interface, each address of the machine.
func (s *Server) allowBound(addr string, log io.Writer) {
	s.hosts.mu.Lock()
	s.hosts.log = log
	s.hosts.mu.Unlock()
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return
	}
	ip := net.ParseIP(host)
	if host != "" && (ip == nil || !ip.IsUnspecified()) {
		s.AllowHosts(host)
		return
	}
	addrs, _ := net.InterfaceAddrs()
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok {
			s.AllowHosts(n.IP.String())
		}
	}
}

// normalHost is a host name as compared: without port or brackets, in
// lower case, without a final dot.
func normalHost(h string) string {
	if host, _, err := net.SplitHostPort(h); err == nil {
		h = host
	}
	h = strings.TrimSuffix(strings.TrimPrefix(h, "["), "]")
	return strings.TrimSuffix(strings.ToLower(h), ".")
}

// ValidHost checks a name given to --allow-host: a host name or an IP
// address, without scheme, port or path.
func ValidHost(h string) error {
	if h == "" || strings.ContainsAny(h, "/:[]@?#*% \t") && net.ParseIP(strings.TrimSuffix(strings.TrimPrefix(h, "["), "]")) == nil {
		return fmt.Errorf("--allow-host %q: give a host name or an IP address, such as dashboards.local or 192.168.1.20", h)
	}
	return nil
}

// allowedHost reports whether a request's Host names this server.
func (s *Server) allowedHost(hostHeader string) bool {
	h := normalHost(hostHeader)
	if h == "localhost" {
		return true
	}
	if ip := net.ParseIP(h); ip != nil && ip.IsLoopback() {
		return true
	}
	s.hosts.mu.Lock()
	defer s.hosts.mu.Unlock()
	return s.hosts.allowed[h]
}

const misdirected = "421 misdirected request: this dashgen preview answers only to its own addresses (such as 127.0.0.1 and localhost). To reach it by another name, start it with --allow-host and that name.\n"

// refuseHost answers a request for a host name that is not the server's,
// and says so once on the log for each name (up to maxTold).
func (s *Server) refuseHost(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusMisdirectedRequest)
	_, _ = io.WriteString(w, misdirected)
	name := normalHost(r.Host)
	s.hosts.mu.Lock()
	defer s.hosts.mu.Unlock()
	if s.hosts.log == nil || s.hosts.told[name] || len(s.hosts.told) >= maxTold {
		return
	}
	if s.hosts.told == nil {
		s.hosts.told = map[string]bool{}
	}
	s.hosts.told[name] = true
	fmt.Fprintf(s.hosts.log, "dashgen: refused a request for the host %q (421); if that is a name of this machine, add --allow-host %s\n", name, name)
}
