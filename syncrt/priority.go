package syncrt

import (
	"iter"
	"slices"

	"github.com/wasync/wasync/abi"
)

// Priorities and inheritance (ABI 1.1, QNX SyncMutexLock's rules).
//
// A thread has a base priority (SetPriority; 10 for a run's first thread,
// the spawner's base for a spawned one) and an effective one, prio: the
// highest of its base and the prio of the head of each mutex queue it
// holds. Queues of mutexes and semaphores are ordered by prio, highest
// first, FIFO among equals (queue.insert), so a queue's head is its
// highest waiter and "what a holder inherits" is one look per queue.
//
// A mutex queue's holder is the live thread its owner word names, kept
// up to date (settle) wherever the engine changes the owner of a mutex
// with waiters or the head of its queue: a waiter joins or leaves (lock,
// timeout, Exit from outside), an unlock frees or hands the mutex over, a
// newcomer takes it, an owner dies. While threads wait the owner word
// changes only under r.mu (WAITERS sends every fast-path unlock to the
// engine and no fast-path lock swaps from anything but 0), so the holder
// found at a waiter's arrival, even one that took the mutex through the
// guest's fast path, stays right until the engine itself moves it.
//
// A change of a thread's prio passes down the chain it waits in (chain):
// it moves within its queue, which may change that queue's head and so
// its holder's prio, and so on, until a thread's prio does not change or
// it waits for no mutex. Deadlock detection follows the same chain, so
// both see one definition of "waits for", and a lock that must wait walks
// it once: closesCycle collects it from the owner into r.walk, and if t is
// not in it, t queues and the boost passes along r.walk (reprioritise)
// without looking up an owner again.

// SetPriority sets t's base priority to p, abi.MinPriority..abi.MaxPriority
// (EINVAL otherwise, and nothing changes). It takes effect at once: t's
// effective priority becomes the higher of p and what the waiters of the
// mutexes t owns give it, so lowering the base never undoes a boost while
// a waiter still waits.
func (t *Thread) SetPriority(p int) abi.Errno {
	if p < abi.MinPriority || p > abi.MaxPriority {
		return abi.EINVAL
	}
	r := t.run
	r.mu.Lock()
	defer r.mu.Unlock()
	if p != abi.DefaultPriority {
		r.prioritised.Store(true)
	}
	t.base = uint8(p)
	r.reprioritise(t)
	return 0
}

// mayBarge reports whether the calls' paths outside mu may take an object
// freed while threads wait for it: only while every priority is equal
// (see Run.prioritised).
func (r *Run) mayBarge() bool { return !r.prioritised.Load() }

// Priority is t's effective priority: its base, raised by inheritance while
// it owns mutexes that higher threads wait for.
func (t *Thread) Priority() int {
	t.run.mu.Lock()
	defer t.run.mu.Unlock()
	return int(t.prio)
}

// mayTake reports whether t may take the object of queue q (nil: nobody
// waits) that is free now without waiting its turn: the fairness rule's
// barging, allowed below 1 ms only to a thread whose priority is at least
// the head's. In a run where nobody set a priority, everyone may. Under mu.
func mayTake(t *Thread, q *queue) bool { return q == nil || t.prio >= q.head.prio }

// gave tells a test's onGive that the engine gave t a mutex or a unit
// while others waited in q. Under mu.
func (r *Run) gave(t *Thread, q *queue) {
	if r.onGive != nil && q != nil {
		r.onGive(t, q)
	}
}

// effective is t's base raised by the heads of the queues it holds.
// Under mu.
func (t *Thread) effective() uint8 {
	p := t.base
	for _, q := range t.owned {
		p = max(p, q.head.prio)
	}
	return p
}

// reprioritise recomputes t's effective priority (t may be nil) and passes
// a change down the chain of mutexes it waits for: along r.walk when a
// lock that must wait just collected that chain from t (closesCycle;
// nothing under mu has changed who waits for whom since, so it is the
// chain a new walk would find), else along a walk of its own. Under mu.
// (Two loops, not one over an iter.Seq chosen between them: ranging over a
// func value not inlined here would allocate its loop body each time.)
func (r *Run) reprioritise(t *Thread) {
	if t == nil || t.effective() == t.prio {
		return // the common case, every queue join and leave of a 1.0 run: no walk
	}
	if len(r.walk) > 0 && r.walk[0] == t {
		for _, u := range r.walk {
			if !r.raise(u) {
				return
			}
		}
		return
	}
	for u := range r.chain(t) {
		if !r.raise(u) {
			return
		}
	}
}

// raise recomputes u's effective priority and reports whether it changed.
// A waiter that moves to the head of a queue whose object can be taken now
// is woken, as a head is: it may have been parked behind a head that the
// object's release woke. Under mu.
func (r *Run) raise(u *Thread) bool {
	p := u.effective()
	if p == u.prio {
		return false
	}
	u.prio = p
	if q := u.q; q != nil && q.kind != KindWord {
		q.requeue(u)
		if takeable(u.obj, u.kind) {
			r.wakeHead(q)
		}
	}
	return true
}

// chain yields t (if not nil), the live owner of the mutex t waits for,
// that thread's, and so on: the owner → waits-for chain that deadlock
// detection and inheritance both follow. The owner is the tid in the
// owner word, found even for a mutex taken through the fast path. It ends
// at a thread that waits for no mutex, or one whose mutex's owner is dead
// or free; a chain longer than the live threads is a cycle that a guest's
// writes made (a lock closing one fails with EDEADLK), and ends there.
// Under mu.
func (r *Run) chain(t *Thread) iter.Seq[*Thread] {
	return func(yield func(*Thread) bool) {
		for range len(r.live) + 1 {
			if t == nil {
				return
			}
			if r.onStep != nil {
				r.onStep(t)
			}
			if !yield(t) || t.q == nil || t.kind != KindMutex {
				return
			}
			t = r.live[t.obj.Owner()]
		}
	}
}

// settle makes q's holder the live thread its owner word names (nil once
// nobody waits, or the owner is dead or the mutex free), and re-
// prioritises the former holder and the new one: the first drops what q
// gave it, the second gets what q's head gives now. Call it after a change
// of a mutex queue's owner or head. Under mu.
func (r *Run) settle(q *queue) {
	if q.kind != KindMutex {
		return
	}
	var h *Thread
	if q.n > 0 {
		h = r.live[(*Object)(q.key).Owner()]
	}
	if old := q.holder; old != h {
		if old != nil {
			i := slices.Index(old.owned, q)
			old.owned = slices.Delete(old.owned, i, i+1)
		}
		q.holder = h
		if h != nil {
			h.owned = append(h.owned, q)
		}
		r.reprioritise(old)
	}
	r.reprioritise(h)
	r.walk = r.walk[:0] // a lock's walk serves its own queueing only
}
