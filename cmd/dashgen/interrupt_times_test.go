package main

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// BenchmarkInterrupt measures how long dashgen takes to exit after
// SIGINT; like every benchmark it asserts nothing about times.
// BENCHMARKS.md has the commands:
//
//	go test ./cmd/dashgen -run '^$' -bench Interrupt -benchtime 1x
//	DASHGEN_INTERRUPT_ROWS=1000000 go test ./cmd/dashgen -run '^$' -bench Interrupt -benchtime 1x
//
// On the default project grown to DASHGEN_INTERRUPT_ROWS generated figure
// rows (100000 unless set; see bigProject), it runs build and validate,
// sends SIGINT 0.5, 1, 2 and 3 s after the start, runs times each, and
// logs for each: the median and the longest time from the signal to the
// exit, the exit codes, and whether output/ is as it must be: byte for
// byte as it was after an interrupted run, new after a build that
// finished first (the data is changed before each run). It logs first
// how long the commands take uninterrupted. b.N repeats the whole series.
func BenchmarkInterrupt(b *testing.B) {
	rows := 100_000
	if s := os.Getenv("DASHGEN_INTERRUPT_ROWS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			b.Fatalf("DASHGEN_INTERRUPT_ROWS=%q: want a number of rows", s)
		}
		rows = n
	}
	exe, err := buildDashgen()
	if err != nil {
		b.Fatal(err)
	}
	dir := bigProject(b, exe, rows)
	b.ResetTimer()
	for range b.N {
		interruptSeries(b, exe, dir, rows)
	}
}

func interruptSeries(t testing.TB, exe, dir string, rows int) {
	const runs = 5
	out := filepath.Join(dir, "output")
	value := 1000

	for _, cmd := range []string{"build", "validate"} {
		var whole []time.Duration
		for range 3 {
			start := time.Now()
			if code, _, stderr := runTB(t, exe, dir, cmd); code != 0 {
				t.Fatalf("%s: exit %d\n%s", cmd, code, stderr)
			}
			whole = append(whole, time.Since(start))
		}
		t.Logf("%s, %d rows, uninterrupted: median %s", cmd, rows, ms(median(whole)))
	}
	for _, cmd := range []string{"build", "validate"} {
		for _, delay := range []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second, 3 * time.Second} {
			var times []time.Duration
			codes := map[int]int{}
			asExpected, left := 0, 0
			for range runs {
				value++
				setHeadline(t, dir, value)
				before := snapshot(t, out)
				p := startProc(t, exe, dir, cmd)
				time.Sleep(delay)
				sent := time.Now()
				if err := p.cmd.Process.Signal(syscall.SIGINT); err != nil && !strings.Contains(err.Error(), "finished") {
					t.Fatal(err)
				}
				code := p.wait(t, interruptDeadline)
				took := time.Since(sent)
				codes[code]++
				if code == 130 {
					times = append(times, took)
				}
				// Interrupted, output/ must be as it was; finished, the
				// build wrote the changed data.
				if same := equalTrees(before, snapshot(t, out)); code == 130 && same || code == 0 && (cmd == "validate") == same {
					asExpected++
				}
				left += len(leftovers(t, dir))
			}
			var cs []string
			for _, c := range slices.Sorted(maps.Keys(codes)) {
				cs = append(cs, strconv.Itoa(codes[c])+"× exit "+strconv.Itoa(c))
			}
			line := cmd + " SIGINT at " + delay.String() + ": " + strings.Join(cs, ", ")
			if len(times) > 0 {
				line += "; signal to exit: median " + ms(median(times)) + ", longest " + ms(slices.Max(times))
			}
			line += "; output/ as expected (untouched when interrupted, new when a build finished) " + strconv.Itoa(asExpected) + "/" + strconv.Itoa(runs) + "; temporary folders left " + strconv.Itoa(left)
			t.Log(line)
		}
	}
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func ms(d time.Duration) string {
	return strconv.FormatInt(d.Milliseconds(), 10) + " ms"
}
