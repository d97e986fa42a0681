package syncrt

import (
	"time"
	"unsafe"

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
}

// String is the call's ABI function name ("lockmutex"), or "wait".
func (op Op) String() string {
	if int(op) < len(opNames) && opNames[op] != "" {
		return opNames[op]
	}
	return "Op(?)"
}

// An Event is one finished call, given to Config.Observe for tracing,
// statistics and contention profiles.
type Event struct {
	Thread *Thread // the caller; Thread.Data finds the binding's own state
	Op     Op
	Addr   unsafe.Pointer // the object or waited word; Config.Describe names it
	// Result is the call's errno. For a wait: 0 when woken, EAGAIN when
	// the word differed, ETIMEDOUT, or Stopped.
	Result abi.Errno
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

// observed runs call and reports it to the run's observer. Only called
// when an observer is set: the calls check for one first, so an unobserved
// run pays one nil check.
func (t *Thread) observed(op Op, addr unsafe.Pointer, call func() abi.Errno) abi.Errno {
	t.contended = false
	e := call()
	ev := Event{Thread: t, Op: op, Addr: addr, Result: e, Contended: t.contended}
	if ev.Contended {
		ev.Waited = t.run.clock.Since(t.contendedAt)
	}
	t.run.observe(ev)
	return e
}
