package syncrt

import (
	"time"

	"github.com/wasync/wasync/abi"
)

// Op names the call an Event reports.
type Op uint8

// The calls an Event can report.
const (
	OpLockMutex Op = iota + 1
	OpTryLockMutex
	OpTimeLockMutex
	OpUnlockMutex
	OpAcquireSemaphore
	OpTimeAcquireSemaphore
	OpReleaseSemaphore
	OpWait // Wait32 or Wait64
	OpDestroyMutex
	OpDestroySemaphore
)

var opNames = [...]string{
	OpLockMutex:            abi.FuncLockMutex,
	OpTryLockMutex:         abi.FuncTryLockMutex,
	OpTimeLockMutex:        abi.FuncTimeLockMutex,
	OpUnlockMutex:          abi.FuncUnlockMutex,
	OpAcquireSemaphore:     abi.FuncAcquireSemaphore,
	OpTimeAcquireSemaphore: abi.FuncTimeAcquireSemaphore,
	OpReleaseSemaphore:     abi.FuncReleaseSemaphore,
	OpWait:                 "wait",
	OpDestroyMutex:         abi.FuncDestroyMutex,
	OpDestroySemaphore:     abi.FuncDestroySemaphore,
}

// String is the call's ABI function name ("lockmutex"), or "wait".
func (op Op) String() string {
	if int(op) < len(opNames) && opNames[op] != "" {
		return opNames[op]
	}
	return "Op(?)"
}

// An Event is one finished call, given to Config.Observe for tracing,
// statistics and contention profiles. It is a plain value: it names the
// caller by tid and the object by an ObjectRef, so an observer can record
// the run but not act in it, and a test can build one without a run.
type Event struct {
	Tid uint32 // the caller
	Op  Op
	Ref ObjectRef // the object or waited word; Config.Describe names it
	// Kind is what the object was when the call returned, by its name
	// word (KindWord for a wait): a lockmutex on a semaphore reports
	// KindSemaphore, on zeroed memory 0.
	Kind Kind
	// Result is the call's errno. For a wait: 0 when woken, EAGAIN when
	// the word differed, ETIMEDOUT, EINVAL, or Stopped.
	Result abi.Errno
	// Reason tells EDEADLK's and EPERM's two rules apart (Thread.Reason);
	// ReasonNone for other results.
	Reason Reason
	// Acquired is set when the call took the mutex (also with EOWNERDEAD,
	// and a recursive relock) or one of the semaphore's units.
	Acquired bool
	// PotentialDeadlock is set on the lock call that closed a cycle of
	// the run's lock-order graph the first time (Config.LockOrder).
	PotentialDeadlock *PotentialDeadlock
	// Contended is set when the object was not to be had at once: owned,
	// no units, or a wait that blocked. A trylockmutex or a timeout-0 call
	// that finds it so is contended too, with Waited about 0. Waited is the
	// time from finding it so to the result: spinning and parked.
	Contended bool
	Waited    time.Duration
}

// markContended notes that the current call could not proceed at once and,
// in an observed run, when: an uncontended observed call reads no clock.
func (t *Thread) markContended() {
	t.contended = true
	if t.run.observe != nil {
		t.contendedAt = t.run.clock.Now()
	}
}

// observed runs call and reports it to the run's observer with the
// caller's Data. Only called when an observer is set: the calls check for
// one first, so an unobserved run pays one nil check.
func (t *Thread) observed(op Op, ref ObjectRef, call func() abi.Errno) abi.Errno {
	t.contended = false
	e := call()
	ev := Event{Tid: t.tid, Op: op, Ref: ref, Kind: ref.Kind(), Result: e, Contended: t.contended}
	if e == abi.EDEADLK || e == abi.EPERM {
		ev.Reason = t.reason
	}
	ev.Acquired = acquires(op, e)
	ev.PotentialDeadlock = t.foundBy()
	if ev.Contended {
		ev.Waited = t.run.clock.Since(t.contendedAt)
	}
	t.run.observe(ev, t.Data)
	return e
}

// acquires reports whether call op with result e took a mutex or a unit.
func acquires(op Op, e abi.Errno) bool {
	switch op {
	case OpLockMutex, OpTryLockMutex, OpTimeLockMutex:
		return e == 0 || e == abi.EOWNERDEAD
	case OpAcquireSemaphore, OpTimeAcquireSemaphore:
		return e == 0
	}
	return false
}
