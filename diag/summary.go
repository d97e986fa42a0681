package diag

import "time"

// A Summary is what a run was, for an end-of-run line (--stats): how long
// it took, how many threads it started and how many were alive at once at
// most. Both bindings report one (wasmhost.WithSummary,
// luabind.Options.Summary).
type Summary struct {
	Wall     time.Duration
	Threads  int
	PeakLive int
}
