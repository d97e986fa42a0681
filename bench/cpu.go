package bench

// cpuMetric is the unit of the CPU time a case used per operation: the
// process's, so a guest case's includes every guest thread's, spinning
// included. On a machine shared with other work, the wall time of an
// uncontended loop swings with the load while its CPU time stays within a
// few percent, so P1's, P2's and P3's fast-path ratios are also compared
// in this unit (BENCHMARKS.md).
const cpuMetric = "cpu-ns/op"

// withCPU runs measure and adds the CPU time it took per operation.
func withCPU(n int, measure func() (Measurement, error)) (Measurement, error) {
	t0 := cpuNanos()
	m, err := measure()
	if t1 := cpuNanos(); err == nil && t0 >= 0 && t1 >= 0 {
		if m.Metrics == nil {
			m.Metrics = map[string]float64{}
		}
		m.Metrics[cpuMetric] = float64(t1-t0) / float64(n)
	}
	return m, err
}
