package bench

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// A Row is one line of BENCHMARKS.md's table: a measurement beside its
// baseline (benchmark names as group/case) and the goal for
// their ratio. A row without a goal is shown for comparison only.
type Row struct {
	ID, What          string
	Subject, Baseline string
	// Unit is the figure compared: "ns/op" or a metric a case reports.
	Unit string
	// Goal is the largest ratio that meets the aim; 0 for none.
	// A row without a Baseline compares the value itself with Goal.
	Goal float64
}

// Rows is the table, in the order. P5 (Lua) is luabind's
// BenchmarkLockUnlock.
func (s *Suite) Rows() []Row {
	rows := []Row{
		{"P1", "uncontended lock+unlock, SDK fast path", "P1/impl=wasync-fast", "P1/impl=sync.Mutex", "ns/op", 1.2},
		{"P2", "uncontended lockmutex+unlockmutex", "P2/impl=wasync-syscalls", "P2/impl=2-empty-host-calls", "ns/op", 1.15},
		// The same in CPU time, which a loaded machine disturbs less (also
		// for P3's fast path below: BENCHMARKS.md's issue 15 table).
		{"P1", "the same, CPU time", "P1/impl=wasync-fast", "P1/impl=sync.Mutex", cpuMetric, 1.2},
		{"P2", "the same, CPU time", "P2/impl=wasync-syscalls", "P2/impl=2-empty-host-calls", cpuMetric, 1.15},
	}
	for _, t := range contended {
		g := fmt.Sprintf("P3-fast/threads=%d/", t)
		rows = append(rows,
			Row{"P3", fmt.Sprintf("counter, %d threads, fast path", t), g + "impl=wasync-fast", g + "impl=wait32-mutex", "ns/op", 1.0},
			Row{"P3", "the same, CPU time", g + "impl=wasync-fast", g + "impl=wait32-mutex", cpuMetric, 1.0},
			Row{"P3", fmt.Sprintf("counter, %d goroutines, sync.Mutex", t), g + "impl=sync.Mutex-goroutines", g + "impl=wait32-mutex", "ns/op", 0})
	}
	for _, t := range contended {
		g := fmt.Sprintf("P3-sys/threads=%d/", t)
		rows = append(rows, Row{"P3", fmt.Sprintf("counter, %d threads, syscalls", t), g + "impl=wasync-syscalls", g + "impl=uncontended-syscalls", "ns/op", 2.0})
	}
	rows = append(rows,
		Row{"P4", "semaphore ping-pong round trip", "P4/impl=wasync-semaphore", "P4/impl=wait32", "ns/op", 1.0},
		Row{"P4", "Go channel ping-pong round trip", "P4/impl=channel", "P4/impl=wait32", "ns/op", 0})
	if n := len(s.ScaleThreads); n > 1 {
		first, last := s.ScaleThreads[0], s.ScaleThreads[n-1]
		rows = append(rows,
			Row{"P6", fmt.Sprintf("%d vs %d threads queued, each locks once", last, first),
				fmt.Sprintf("P6/threads=%d", last), fmt.Sprintf("P6/threads=%d", first), "ns/op", float64(last) / float64(first) * 1.2},
			Row{"P6", fmt.Sprintf("host bytes per queued thread (%d)", last), fmt.Sprintf("P6/threads=%d", last), "", "B/queued-thread", 0})
	}
	rows = append(rows,
		Row{"P7", fmt.Sprintf("host bytes left, %d objects, engine", s.Objects), "P7/impl=engine", "", "B-left", keptBound},
		Row{"P7", fmt.Sprintf("host bytes left, %d objects, guest", s.Objects), "P7/impl=guest", "", "B-left", keptBound})
	// P8 in CPU time only: its wall time swings with the machine's load
	// several times more (BENCHMARKS.md).
	for _, k := range loopKernels {
		g := "P8/kernel=" + k.name + "/"
		rows = append(rows, Row{"P8", "loop, " + k.what + ", CPU time", g + "impl=instrumented", g + "impl=plain", cpuMetric, 1.2})
	}
	return rows
}

// keptBound is what P7 allows the host to keep after a million objects
// were used once: well under a byte an object, so any per-object state (a
// queue, a map entry) exceeds it, while the runtime's own noise (a
// goroutine stack of its own) does not.
const keptBound = 64 << 10

// WriteTable prints rows with the measurements found under their names;
// a row whose measurements are missing is left out.
func WriteTable(w io.Writer, rows []Row, results map[string]Measurement) error {
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "row\twhat\tvalue\tbaseline\tratio\tgoal\tholds")
	for _, r := range rows {
		v, ok := figure(results, r.Subject, r.Unit)
		if !ok {
			continue
		}
		base, ratio, goal, holds := "-", "-", "-", "-"
		x := v
		if r.Baseline != "" {
			b, ok := figure(results, r.Baseline, r.Unit)
			if !ok {
				continue
			}
			x = v / b
			base, ratio = label(r.Baseline)+" "+format(b, r.Unit), fmt.Sprintf("%.2f×", x)
			if r.Goal > 0 {
				goal = fmt.Sprintf("≤ %.3g×", r.Goal)
			}
		} else if r.Goal > 0 {
			goal = "≤ " + format(r.Goal, r.Unit)
		}
		if r.Goal > 0 {
			holds = map[bool]string{true: "yes", false: "no"}[x <= r.Goal]
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.What, format(v, r.Unit), base, ratio, goal, holds)
	}
	fmt.Fprintln(tw, "P5\tLua lockmutex+unlockmutex vs two empty Go calls\tgo test -run '^$' -bench LockUnlock ./luabind\t\t\t≤ 3×\t")
	return tw.Flush()
}

// label names a baseline by its case: "sync.Mutex" for P1/impl=sync.Mutex.
func label(name string) string {
	return strings.TrimPrefix(name[strings.LastIndex(name, "/")+1:], "impl=")
}

func figure(results map[string]Measurement, name, unit string) (float64, bool) {
	m, ok := results[name]
	if !ok {
		return 0, false
	}
	if unit == "ns/op" {
		return m.NsPerOp, true
	}
	v, ok := m.Metrics[unit]
	return v, ok
}

func format(v float64, unit string) string {
	switch unit {
	case "ns/op":
		if v >= 1e6 {
			return fmt.Sprintf("%.1f ms", v/1e6)
		}
		return fmt.Sprintf("%.1f ns", v)
	case cpuMetric:
		if v >= 1e4 {
			return fmt.Sprintf("%.1f µs CPU", v/1e3)
		}
		return fmt.Sprintf("%.1f ns CPU", v)
	default:
		return fmt.Sprintf("%.0f %s", v, unit)
	}
}
