package main

import (
	"regexp"
	"slices"
	"strconv"
	"testing"
	"time"
)

// BenchmarkSaveToReload measures how long after a save an open page hears
// that it must reload. It serves a copy of the default project, subscribes
// to the event stream, and saves data/casualties.csv b.N times (two valid
// values in turn, a pause between saves so that each is its own build):
// written in place (os.WriteFile), or as editors do (a new file renamed
// over the old). ns/op is from just before the write to the arrival of the
// reload event; it also reports the median and the worst of those times,
// and the median of the build times the server printed. BENCHMARKS.md has
// the command:
//
//	go test ./cmd/dashgen -run '^$' -bench SaveToReload -benchtime 24x
func BenchmarkSaveToReload(b *testing.B) {
	exe, err := buildDashgen()
	if err != nil {
		b.Fatal(err)
	}
	const pause = 300 * time.Millisecond
	builtLine := regexp.MustCompile(`(?m)^built \d+ dashboards?, \d+ charts? in (\d+) ms$`)
	for _, style := range []struct {
		name string
		save func(*casualties, testing.TB, string)
	}{
		{"write", (*casualties).set},
		{"rename", (*casualties).setByRename},
	} {
		b.Run(style.name, func(b *testing.B) {
			dir := copyProject(b)
			csv := newCasualties(b, dir)
			p, base := startServe(b, exe, dir, "--addr", "127.0.0.1:0")
			es := subscribeEvents(b, base)
			es.next(b)
			stdout, _ := p.output()
			initial := len(builtLine.FindAllString(stdout, -1))
			var times []time.Duration
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				time.Sleep(pause)
				// Nothing should be pending; say so if something is.
				for drained := false; !drained; {
					select {
					case ev := <-es.events:
						b.Logf("a stray %s event (build %d) before save %d", ev.name, ev.Build, i+1)
					default:
						drained = true
					}
				}
				b.StartTimer()
				start := time.Now()
				style.save(csv, b, []string{"614", "615"}[i%2])
				ev := es.waitEvent(b, "reload after a save", func(ev sseEvent) bool { return ev.name == "reload" })
				times = append(times, ev.at.Sub(start))
			}
			b.StopTimer()
			// The server prints a build's line after it sends the event.
			p.waitFor(b, "a line for every build", func(stdout, _ string) bool {
				return len(builtLine.FindAllString(stdout, -1)) >= initial+b.N
			})
			stdout, _ = p.output()
			var builds []time.Duration
			for _, m := range builtLine.FindAllStringSubmatch(stdout, -1)[initial:] {
				ms, _ := strconv.Atoi(m[1])
				builds = append(builds, time.Duration(ms)*time.Millisecond)
			}
			if len(builds) > b.N {
				b.Logf("the server printed %d builds for %d saves", len(builds), b.N)
			}
			reportTimes(b, "reload", times)
			reportTimes(b, "build", builds)
		})
	}
}

// reportTimes reports the median and the worst of times, in ms, as
// metrics named after what.
func reportTimes(b *testing.B, what string, times []time.Duration) {
	if len(times) == 0 {
		return
	}
	s := slices.Clone(times)
	slices.Sort(s)
	median := s[len(s)/2]
	if len(s)%2 == 0 {
		median = (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	b.ReportMetric(float64(median.Microseconds())/1000, what+"-median-ms")
	b.ReportMetric(float64(s[len(s)-1].Microseconds())/1000, what+"-worst-ms")
}
