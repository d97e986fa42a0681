package wasmhost

import "time"

// A Summary is what a run was, for an end-of-run line (wasync run
// --stats): how long it took, how many threads it started and how many
// were alive at once at most.
type Summary struct {
	Wall     time.Duration
	Threads  int
	PeakLive int
}

// WithSummary has fn called with the run's Summary once the run is over,
// before Run returns.
func WithSummary(fn func(Summary)) Option { return func(c *config) { c.summary = fn } }

// summarize hands the run's Summary to the option's fn, if any.
func (r *run) summarize(start time.Time) {
	if r.cfg.summary == nil {
		return
	}
	started, peak := r.sr.Threads()
	r.cfg.summary(Summary{Wall: time.Since(start), Threads: started, PeakLive: peak})
}
