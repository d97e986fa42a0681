//go:build unix

package bench

import "syscall"

// cpuNanos is the CPU time (user and system) the process has used so far,
// or -1 when the system does not say.
func cpuNanos() int64 {
	var u syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &u) != nil {
		return -1
	}
	return u.Utime.Nano() + u.Stime.Nano()
}
