//go:build !unix

package bench

// cpuNanos: this system's CPU time is not read; the cases report no
// cpu-ns/op.
func cpuNanos() int64 { return -1 }
