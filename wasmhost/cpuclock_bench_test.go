package wasmhost

import (
	"syscall"
	"testing"
)

// startCPU starts counting the process's CPU time (user and system); the
// function it returns reports it per op as cpu-ns/op. On a machine shared
// with other work the wall time of a single-threaded loop swings with the
// load (BENCHMARKS.md has ±40% intervals), while the CPU time it used stays
// within a few percent, so ratios of cpu-ns/op resolve differences that
// ns/op cannot. Call it after b.ResetTimer, defer what it returns.
func startCPU(b *testing.B) func() {
	t0 := cpuNanos(b)
	return func() { b.ReportMetric(float64(cpuNanos(b)-t0)/float64(b.N), "cpu-ns/op") }
}

func cpuNanos(b *testing.B) int64 {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		b.Fatal(err)
	}
	return u.Utime.Nano() + u.Stime.Nano()
}
