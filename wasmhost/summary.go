package wasmhost

import (
	"time"

	"github.com/wasync/wasync/diag"
)

// WithSummary has fn called with the run's diag.Summary (wall time,
// threads started, the most alive at once, the potential deadlocks of
// WithLockOrderCheck) once the run is over, before Run returns.
func WithSummary(fn func(diag.Summary)) RunOption { return func(c *config) { c.summary = fn } }

// summarize hands the run's Summary to the option's fn, if any.
func (r *run) summarize(start time.Time) {
	if r.cfg.summary == nil {
		return
	}
	started, peak := r.sr.Threads()
	r.cfg.summary(diag.Summary{Wall: time.Since(start), Threads: started, PeakLive: peak,
		PotentialDeadlocks: r.sr.PotentialDeadlocks()})
}
