package main

import (
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestLatency is a harness, not a test: it measures how long after a
// save an open page hears that it must reload, and asserts nothing about
// the times. It runs only with DASHGEN_LATENCY=1:
//
//	DASHGEN_LATENCY=1 go test ./cmd/dashgen -run Latency -v
//
// It serves a copy of the default project, subscribes to the event
// stream, and makes edits of data/casualties.csv (two valid values in
// turn, far enough apart that each is its own build), first written in
// place (os.WriteFile), then saved as editors do (a new file renamed over
// the old). Each time is from just before the write to the arrival of the
// reload event at the client. It logs every time, the median, the best
// and the worst, and the build times the server printed.
func TestLatency(t *testing.T) {
	if os.Getenv("DASHGEN_LATENCY") != "1" {
		t.Skip("a measuring harness: run it with DASHGEN_LATENCY=1 go test ./cmd/dashgen -run Latency -v")
	}
	const edits = 24
	const pause = 300 * time.Millisecond

	exe := binary(t)
	dir := project(t)
	csv := newCasualties(t, dir)
	p, base := startServe(t, exe, dir, "--addr", "127.0.0.1:0")
	es := subscribeEvents(t, base)
	es.next(t)

	measure := func(style string, save func(t *testing.T, value string)) []time.Duration {
		var times []time.Duration
		for i := 0; i < edits; i++ {
			time.Sleep(pause)
			// Nothing should be pending; say so if something is.
			for drained := false; !drained; {
				select {
				case ev := <-es.events:
					t.Logf("%s: a stray %s event (build %d) before edit %d", style, ev.name, ev.Build, i+1)
				default:
					drained = true
				}
			}
			value := []string{"614", "615"}[i%2]
			start := time.Now()
			save(t, value)
			ev := es.waitEvent(t, "reload after an edit", func(ev sseEvent) bool {
				if ev.name != "reload" {
					t.Logf("%s: edit %d gave a %s event first: %q", style, i+1, ev.name, ev.Errors)
				}
				return ev.name == "reload"
			})
			times = append(times, ev.at.Sub(start))
		}
		return times
	}

	builtLine := regexp.MustCompile(`(?m)^built \d+ dashboards?, \d+ charts? in (\d+) ms$`)
	buildTimes := func() []time.Duration {
		stdout, _ := p.output()
		var ds []time.Duration
		for _, m := range builtLine.FindAllStringSubmatch(stdout, -1) {
			ms, _ := strconv.Atoi(m[1])
			ds = append(ds, time.Duration(ms)*time.Millisecond)
		}
		return ds
	}

	initial := len(buildTimes())
	written := measure("write", func(t *testing.T, v string) { csv.set(t, v) })
	afterWrites := buildTimes()
	renamed := measure("rename", func(t *testing.T, v string) { csv.setByRename(t, v) })
	all := buildTimes()

	report := func(name string, ds []time.Duration) string {
		if len(ds) == 0 {
			return name + ": no values"
		}
		s := slices.Clone(ds)
		slices.Sort(s)
		median := s[len(s)/2]
		if len(s)%2 == 0 {
			median = (s[len(s)/2-1] + s[len(s)/2]) / 2
		}
		var all []string
		for _, d := range ds {
			all = append(all, fmt.Sprintf("%.1f", float64(d.Microseconds())/1000))
		}
		line := fmt.Sprintf("%s (n=%d): median %s, min %s, worst %s", name, len(ds), ms(median), ms(s[0]), ms(s[len(s)-1]))
		t.Logf("%s\n\tall, in ms, in order: %s", line, strings.Join(all, " "))
		return line
	}
	w := report("save in place (os.WriteFile) → reload event", written)
	r := report("save by rename (write + rename) → reload event", renamed)
	bw := report("server build time, saves in place", afterWrites[min(initial, len(afterWrites)):])
	br := report("server build time, saves by rename", all[min(len(afterWrites), len(all)):])
	if n := len(all) - initial; n != 2*edits {
		t.Logf("the server printed %d builds for %d edits", n, 2*edits)
	}
	t.Logf("LATENCY SUMMARY: %s; %s; %s; %s", w, r, bw, br)
}

func ms(d time.Duration) string {
	return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000)
}
