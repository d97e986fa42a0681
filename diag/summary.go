package diag

import (
	"time"

	"github.com/wasync/wasync/syncrt"
)

// A Summary is what a run was, for an end-of-run line (--stats): how long
// it took, how many threads it started and how many were alive at once at
// most; and, for a run that checked lock order, the potential deadlocks it
// found. Both bindings report one (wasmhost.WithSummary,
// luabind.Options.Summary).
type Summary struct {
	Wall     time.Duration
	Threads  int
	PeakLive int
	// PotentialDeadlocks are the cycles of lock orders the run found,
	// each once, in the order found (syncrt.PotentialDeadlock's Error
	// words one as lockdep does); nil without the check.
	PotentialDeadlocks []*syncrt.PotentialDeadlock
}
