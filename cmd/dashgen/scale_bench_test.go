package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dashgen/dashgen/internal/benchdata"
	"github.com/dashgen/dashgen/internal/cli"
)

// The scale benchmarks run dashgen validate and dashgen build, end to end,
// on projects of 10^3 to 10^6 generated rows (benchdata.Generate: a
// figures file about many events, or a recognitions file, every rule
// running), against a bare encoding/csv read of the same files measured in
// the same run. Like every benchmark they assert nothing about times.
// BENCHMARKS.md has the commands and the figures:
//
//	go test ./cmd/dashgen -run '^$' -bench 'Scale$' -benchtime 3x
//	DASHGEN_SCALE_ROWS=1000000 go test ./cmd/dashgen -run '^$' -bench 'Scale$' -benchtime 3x
//	DASHGEN_SCALE_ROWS=100000 go test ./cmd/dashgen -run '^$' -bench 'ScaleInProcess/.*/validate' -benchtime 3x -cpuprofile cpu.out
//
// BenchmarkScale runs the built binary in a child process per run, so that
// it measures what a person waits for, and the peak resident memory of
// that process (the kernel's ru_maxrss of the child, as /usr/bin/time -v
// reports it). Each sub-benchmark reports:
//   - ns/row: the command's wall time, process start to exit, per row
//     (median of the runs);
//   - bare-ns/row: the bare read of the project's CSV files, per row
//     (median), in this process, just before each run of the command;
//   - x-bare: the command's time over the bare read's, median of the
//     per-run ratios;
//   - cpu-ns/row: the child's user and system time per row (it works on
//     every core);
//   - x-bare-cpu: the same ratio in processor time (user and system, the
//     child's against this process's during the bare read), which a busy
//     machine changes less than the wall time;
//   - peak-MB and rss/input: the child's largest peak resident memory, and
//     that over the size of the project's CSV files.
func BenchmarkScale(b *testing.B) {
	exe, err := buildDashgen()
	if err != nil {
		b.Fatal(err)
	}
	for _, rows := range scaleSizes(b) {
		for _, shape := range benchdata.Shapes {
			g, err := benchdata.Generate(b.TempDir(), shape, rows)
			if err != nil {
				b.Fatal(err)
			}
			for _, cmd := range []string{"validate", "build"} {
				b.Run(fmt.Sprintf("rows=%d/%s/%s", rows, shape, cmd), func(b *testing.B) {
					scaleRuns(b, exe, g, cmd)
				})
			}
		}
	}
}

// BenchmarkScaleInProcess runs the same commands as BenchmarkScale inside
// the test process (cli.Run, as main does), for -cpuprofile and
// -memprofile: a child process's work does not show in this process's
// profile. It reports ns/row only.
func BenchmarkScaleInProcess(b *testing.B) {
	for _, rows := range scaleSizes(b) {
		for _, shape := range benchdata.Shapes {
			g, err := benchdata.Generate(b.TempDir(), shape, rows)
			if err != nil {
				b.Fatal(err)
			}
			for _, cmd := range []string{"validate", "build"} {
				b.Run(fmt.Sprintf("rows=%d/%s/%s", rows, shape, cmd), func(b *testing.B) {
					var out, errs strings.Builder
					for b.Loop() {
						out.Reset()
						errs.Reset()
						if code := cli.Run(context.Background(), []string{cmd, g.Dir}, &out, &errs); code != 0 {
							b.Fatalf("dashgen %s: exit %d\n%s", cmd, code, errs.String())
						}
					}
					b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(rows), "ns/row")
				})
			}
		}
	}
}

// scaleSizes are the numbers of rows of the generated projects: 10^3, 10^4
// and 10^5, or the comma-separated list in DASHGEN_SCALE_ROWS.
func scaleSizes(b *testing.B) []int {
	s := os.Getenv("DASHGEN_SCALE_ROWS")
	if s == "" {
		return []int{1_000, 10_000, 100_000}
	}
	var sizes []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			b.Fatalf("DASHGEN_SCALE_ROWS=%q: want numbers of rows, separated by commas", s)
		}
		sizes = append(sizes, n)
	}
	return sizes
}

// scaleRuns runs dashgen cmd on the generated project b.N times, each run
// after a bare read of its files, and reports the metrics BenchmarkScale
// describes.
func scaleRuns(b *testing.B, exe string, g *benchdata.Generated, cmd string) {
	var times, bares, ratios, cpuRatios []float64
	var cpu time.Duration
	var peakKB int64
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		start, cpuStart := time.Now(), processCPU()
		n, err := bareReadFiles(g.Files)
		bare, bareCPU := time.Since(start), processCPU()-cpuStart
		if err != nil {
			b.Fatal(err)
		}
		if n < g.Rows {
			b.Fatalf("the bare read read %d records, fewer than the %d rows", n, g.Rows)
		}
		b.StartTimer()
		c := exec.Command(exe, cmd, g.Dir)
		var stderr strings.Builder
		c.Stdout, c.Stderr = io.Discard, &stderr
		start = time.Now()
		err = c.Run()
		took := time.Since(start)
		if err != nil {
			b.Fatalf("dashgen %s: %v\n%s", cmd, err, stderr.String())
		}
		if stderr.Len() > 0 {
			b.Fatalf("dashgen %s wrote messages; a benchmark project must be clean:\n%s", cmd, stderr.String())
		}
		st := c.ProcessState
		runCPU := st.UserTime() + st.SystemTime()
		cpu += runCPU
		cpuRatios = append(cpuRatios, float64(runCPU)/float64(bareCPU))
		if ru, ok := st.SysUsage().(*syscall.Rusage); ok {
			peakKB = max(peakKB, int64(ru.Maxrss)) // kilobytes on Linux
		}
		times = append(times, float64(took.Nanoseconds()))
		bares = append(bares, float64(bare.Nanoseconds()))
		ratios = append(ratios, float64(took)/float64(bare))
	}
	b.StopTimer()
	rows := float64(g.Rows)
	b.ReportMetric(medianOf(times)/rows, "ns/row")
	b.ReportMetric(medianOf(bares)/rows, "bare-ns/row")
	b.ReportMetric(medianOf(ratios), "x-bare")
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N)/rows, "cpu-ns/row")
	b.ReportMetric(medianOf(cpuRatios), "x-bare-cpu")
	if peakKB > 0 {
		b.ReportMetric(float64(peakKB)/1024, "peak-MB")
		b.ReportMetric(float64(peakKB*1024)/float64(g.Bytes), "rss/input")
	}
	b.ReportMetric(float64(g.Bytes)/1e6, "input-MB")
}

// bareReadFiles reads every file with encoding/csv (FieldsPerRecord = -1),
// keeping nothing: the floor a loader is compared with. It returns the
// number of records read.
func bareReadFiles(files []string) (int, error) {
	n := 0
	for _, p := range files {
		f, err := os.Open(p)
		if err != nil {
			return n, err
		}
		r := csv.NewReader(f)
		r.FieldsPerRecord = -1
		for {
			_, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				f.Close()
				return n, fmt.Errorf("%s: %w", p, err)
			}
			n++
		}
		f.Close()
	}
	return n, nil
}

// processCPU is the user and system time this process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func medianOf(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
