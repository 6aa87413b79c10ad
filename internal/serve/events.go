package serve

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// state is what open pages must know: the newest good build, and the
// errors of the last build if it failed.
type state struct {
	Build  int      `json:"build"`
	Errors []string `json:"errors,omitempty"`
}

// event is one Server-Sent Event: "reload" after a good build, "errors"
// after a bad one.
func (s state) event() []byte {
	name := "reload"
	if len(s.Errors) > 0 {
		name = "errors"
	}
	data, _ := json.Marshal(s) // strings and ints only: cannot fail
	return []byte(fmt.Sprintf("event: %s\ndata: %s\n\n", name, data))
}

// hub fans build results out to every open event stream.
type hub struct {
	mu      sync.Mutex
	current state
	subs    map[chan []byte]bool
	closed  bool
}

func newHub() *hub { return &hub{subs: map[chan []byte]bool{}} }

// publish records st and sends it to every stream. A stream too slow to
// take it loses its oldest pending event instead: each state supersedes
// the ones before it, so the newest must always reach the page.
func (h *hub) publish(st state) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.current = st
	ev := st.event()
	for ch := range h.subs {
		select {
		case ch <- ev:
			continue
		default:
		}
		// Full: only publish sends, under h.mu, so after one receive there
		// is room.
		select {
		case <-ch:
		default:
		}
		select {
		case ch <- ev:
		default:
		}
	}
}

// subscribe returns a channel of events, starting with the current state,
// and false once the hub is closed.
func (h *hub) subscribe() (chan []byte, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, false
	}
	ch := make(chan []byte, 4)
	ch <- h.current.event()
	h.subs[ch] = true
	return ch, true
}

func (h *hub) unsubscribe(ch chan []byte) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.subs[ch] {
		delete(h.subs, ch)
		close(ch)
	}
}

// close ends every stream, for shutdown.
func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for ch := range h.subs {
		delete(h.subs, ch)
		close(ch)
	}
}

// keepAlive is how often an idle stream gets a comment, so that proxies
// and browsers keep it open.
const keepAlive = 15 * time.Second

// serveEvents streams build results to one page until it goes away or the
// server shuts down.
func (h *hub) serveEvents(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", "GET")
		http.Error(w, "the event stream takes GET only", http.StatusMethodNotAllowed)
		return
	}
	ch, ok := h.subscribe()
	if !ok {
		http.Error(w, "the server is shutting down", http.StatusServiceUnavailable)
		return
	}
	defer h.unsubscribe(ch)
	rc := http.NewResponseController(w)
	hd := w.Header()
	hd.Set("Content-Type", "text/event-stream")
	hd.Set("Cache-Control", "no-cache")
	hd.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	tick := time.NewTicker(keepAlive)
	defer tick.Stop()
	for {
		var msg []byte
		select {
		case <-r.Context().Done():
			return
		case ev, open := <-ch:
			if !open {
				return
			}
			msg = ev
		case <-tick.C:
			msg = []byte(": keep-alive\n\n")
		}
		if _, err := w.Write(msg); err != nil {
			return
		}
		if err := rc.Flush(); err != nil {
			return
		}
	}
}
