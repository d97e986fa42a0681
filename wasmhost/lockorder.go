package wasmhost

import "github.com/wasync/wasync/syncrt"

// WithLockOrderCheck checks the order in which the run's threads take
// mutexes (syncrt.LockOrder): a lock that closes a cycle of orders (A
// then B in one thread, B then A in another) is a potential deadlock,
// found though no thread blocked, and reported once with the guest's wasm
// call stack at each order. The run's diag.Summary lists them
// (WithSummary), and an observer sees each on the event of the lock that
// closed it (diag.Event.PotentialDeadlock). syncrt.LockOrderReport leaves
// the run's results as they are; syncrt.LockOrderStrict makes that lock
// fail with EDEADLK instead.
//
// While it is on, the run gives its guests "wasync" "fastpath" = 0, so
// that the SDK calls the host for every lock and unlock, and it runs its
// wasync calls with stacks, as WithStacks does: each call costs a host
// call and a stack unwind. A guest whose fast path ignores the switch
// (built before ABI 1.1) takes free mutexes unseen: those locks are not
// checked.
//
// It is a RunOption, not a Runtime's own choice: nothing compiled depends
// on it (the host module it needs is made once per Runtime, on first use).
func WithLockOrderCheck(mode syncrt.LockOrder) RunOption {
	return func(c *config) { c.lockOrder = mode }
}

// withStacks reports whether the run's wasync calls need the guest's
// call stack: for its observer's events, or the lock-order report.
func (c config) withStacks() bool {
	return c.stacks && c.observe != nil || c.lockOrder != syncrt.LockOrderOff
}

// stackOf is the lock-order check's stack of the calling thread (its
// *thread): the wasm functions, innermost first.
func (r *run) stackOf(caller any) []string {
	fs := caller.(*thread).frames()
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = f.Function
	}
	return names
}
