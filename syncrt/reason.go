package syncrt

import "github.com/wasync/wasync/abi"

// A Reason tells which rule gave a call's errno where the ABI has one errno
// for two rules: EDEADLK and EPERM. The engine decides it as it decides the
// errno, so a binding that words errors for its guest (Lua's "cannot
// recursively lock mutex" against "deadlock") never reads the object again
// to guess.
type Reason uint8

// The reasons.
const (
	ReasonNone Reason = iota // the errno says it all
	Relock                   // EDEADLK: the caller owns the non-recursive mutex
	Cycle                    // EDEADLK: waiting would close a cycle of threads
	NotLocked                // EPERM: the mutex is unlocked
	NotOwner                 // EPERM: another thread owns the mutex
	OrderCycle               // EDEADLK: the lock would close a cycle of lock orders (LockOrderStrict)
)

var reasonNames = [...]string{ReasonNone: "none", Relock: "relock", Cycle: "cycle", NotLocked: "not locked", NotOwner: "not owner", OrderCycle: "lock order"}

func (r Reason) String() string {
	if int(r) < len(reasonNames) {
		return reasonNames[r]
	}
	return "Reason(?)"
}

// Reason is why t's latest call that returned EDEADLK or EPERM did; read
// it right after such a result (a call with another result leaves it
// as it was).
func (t *Thread) Reason() Reason { return t.reason }

// fail records why the call returns e, and returns e.
func (t *Thread) fail(e abi.Errno, why Reason) abi.Errno {
	t.reason = why
	return e
}
