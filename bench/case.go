package bench

import (
	"fmt"
	"time"
)

// A Case is one benchmark: its name under go test -bench (group/impl=...)
// and how to measure n operations of it.
type Case struct {
	Name    string
	Measure func(n int) (Measurement, error)
}

// A Measurement is a case's time per operation and any other figures it
// reports, keyed by unit as testing.B.ReportMetric takes them.
type Measurement struct {
	NsPerOp float64
	Metrics map[string]float64
}

// Run measures c with n growing until one measurement takes at least d,
// as go test -bench does with -benchtime d.
func Run(c Case, d time.Duration) (Measurement, error) {
	for n := 1; ; {
		start := time.Now()
		m, err := c.Measure(n)
		if err != nil {
			return m, err
		}
		took := time.Since(start)
		if took >= d || n >= 1e9 {
			return m, nil
		}
		// Aim 20% past d from the rate seen, growing at most 100× a step.
		next := int(float64(n) * 1.2 * float64(d) / float64(max(took, time.Microsecond)))
		n = min(max(next, n+1), 100*n)
	}
}

// timed measures op run n times on this goroutine.
func timed(n int, op func()) Measurement {
	m, _ := withCPU(n, func() (Measurement, error) {
		start := time.Now()
		for range n {
			op()
		}
		return Measurement{NsPerOp: float64(time.Since(start).Nanoseconds()) / float64(n)}, nil
	})
	return m
}

// guestCase is a case measured by a run of syncbench.wasm.
func (s *Suite) guestCase(name, mode string, threads int) Case {
	return Case{Name: name, Measure: func(n int) (Measurement, error) {
		return withCPU(n, func() (Measurement, error) {
			r, err := runGuest(s.sync, nil, "syncbench", mode, fmt.Sprint(threads), fmt.Sprint(n))
			return Measurement{NsPerOp: r.nsPerOp()}, err
		})
	}}
}
