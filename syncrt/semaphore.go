package syncrt

import (
	"unsafe"

	"github.com/wasync/wasync/abi"
)

// Semaphore states and transitions.
//
// The words. name is written only by whoever lays the semaphore out.
// count is the units available, 0..abi.MaxCount; waiters is how many
// threads are in the semaphore's queue (see the package doc: perhaps one
// more, about to take a unit). The states that matter are:
//
//	count > 0, waiters 0    units free, nobody waits
//	count 0,   waiters 0    empty, nobody waits
//	count 0,   waiters > 0  empty, threads parked
//	count > 0, waiters > 0  units released for the queue's head, which
//	                        was woken and has not taken one yet (a
//	                        running thread may take it first)
//
// Who writes what. count is written without the run's lock r.mu by every
// acquirer (n -> n-1 by compare-exchange: the guest's fast path, takeUnit)
// and by a release that found waiters 0 (n -> n+1, addUnit), and under
// r.mu by the rest of release, SetSemaphoreCount (a plain store, as a
// guest's own store may be) and the return of a unit granted to a thread
// that was ended before it could take it (returnUnit). waiters is written
// only by the engine, under r.mu, as threads join and leave the queue
// (syncWaiters): it always equals the queue's length when r.mu is free.
//
// Transitions under r.mu:
//
//	acquire finds no unit    it joins the queue (waiters + 1), looks at
//	                         count again, and parks
//	release, head waited     count + 1, the head is woken; it looks again
//	< 1 ms                   and takes the unit or, if a running thread
//	                         took it first, parks again keeping its place
//	release, head waited     the unit is handed to the head: count
//	>= 1 ms                  unchanged, the head leaves the queue (waiters
//	                         - 1) granted; if count > 0 (a unit an earlier
//	                         release had woken that head for) the new head
//	                         is woken for it
//	a waiter leaves          timeout, stop or Exit: waiters - 1, and while
//	                         count > 0 the new head is woken in its place
//
// The 1 ms rule is the mutex's: below it a released unit goes to whoever
// runs first, at or above it to the head (the highest-priority waiter,
// ABI 1.1) directly. Release always comes to the engine (the ABI has no
// fast-path release), so the rule always applies. In a run with
// priorities, the engine lets a thread take a unit released for the head
// only at the head's priority or above (it goes to acquireSlow to be
// told); the guest's fast-path acquire cannot be stopped.
//
// Invariants:
//   - An acquirer publishes itself in waiters before it looks at count a
//     last time, and a release adds to count before it looks at waiters:
//     of two such threads racing, one sees the other, so a unit is never
//     left beside a parked waiter (TestReleaseSeesWaiterQueuedMeanwhile).
//   - A hand-off never touches count; a unit is in count or granted to
//     exactly one waiter, and goes back to count if that waiter's thread
//     ends before its call returns.
//   - A waiter that leaves without a unit while count > 0 passes its
//     wake-up on, so a wake-up meant for it is not lost.

// AcquireSemaphore takes one unit of s, blocking while it has none.
// It returns 0, EINVAL or Stopped.
func (t *Thread) AcquireSemaphore(s *Object) abi.Errno {
	if t.run.observe != nil {
		return t.observed(OpAcquireSemaphore, RefOf(s), func() abi.Errno { return t.acquire(s, Forever) })
	}
	return t.acquire(s, Forever)
}

// TimeAcquireSemaphore takes one unit of s, waiting at most ns nanoseconds
// (0: do not wait; Forever: no limit) before ETIMEDOUT. A negative ns is EINVAL.
func (t *Thread) TimeAcquireSemaphore(s *Object, ns int64) abi.Errno {
	if t.run.observe != nil {
		return t.observed(OpTimeAcquireSemaphore, RefOf(s), func() abi.Errno { return t.timeAcquire(s, ns) })
	}
	return t.timeAcquire(s, ns)
}

func (t *Thread) timeAcquire(s *Object, ns int64) abi.Errno {
	if ns < 0 {
		return badTimeout(s.checkSemaphore())
	}
	return t.acquire(s, ns)
}

func (t *Thread) acquire(s *Object, timeout int64) abi.Errno {
	if e := s.checkSemaphore(); e != 0 {
		return e
	}
	if t.takeUnit(s) {
		return 0
	}
	t.markContended()
	if timeout == 0 && (s.load(wWaiters) == 0 || t.run.mayBarge()) {
		return abi.ETIMEDOUT
	}
	if timeout != 0 && t.run.spin && spin(func() bool { return t.takeUnit(s) }) {
		return 0
	}
	return t.acquireSlow(s, timeout)
}

// takeUnit takes a unit of s for t outside mu, unless threads wait for one
// in a run with priorities: a unit free then was released for the queue's
// head, and whether t may take it first turns on t's priority against the
// head's, which acquireSlow decides.
func (t *Thread) takeUnit(s *Object) bool {
	return (s.load(wWaiters) == 0 || t.run.mayBarge()) && takeUnit(s)
}

// takeUnit takes one unit if s has any, as the guest's fast path does: a
// guest thread may so take a released unit before the woken head does,
// whatever the priorities (the engine cannot stop it), until the head has
// waited 1 ms and releases hand units to it directly, past this path.
func takeUnit(s *Object) bool {
	for {
		n := s.load(wSCount)
		if n == 0 || n > abi.MaxCount {
			return false
		}
		if s.cas(wSCount, n, n-1) {
			return true
		}
	}
}

// acquireSlow takes a unit of s under the run's lock, parking t while s
// has none.
func (t *Thread) acquireSlow(s *Object, timeout int64) abi.Errno {
	r := t.run
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.park(t, unsafe.Pointer(s), KindSemaphore, timeout, func() (abi.Errno, bool) {
		q, _ := r.queueOf(s, KindSemaphore)
		may := mayTake(t, q)
		switch {
		case may && takeUnit(s):
			r.gave(t, q)
			return 0, true
		case s.checkSemaphore() != 0: // garbage written while we waited
			return abi.EINVAL, true
		case timeout == 0:
			return abi.ETIMEDOUT, true
		case !may && s.load(wSCount) > 0:
			r.wakeHead(q) // the units are the head's: it may be parked behind the one woken
		}
		return 0, false
	})
}

// setWaiters publishes in s's waiters field that n threads wait. Under mu.
func (s *Object) setWaiters(n int) { s.store(wWaiters, uint32(n)) }

// ReleaseSemaphore adds one unit to s, or EOVERFLOW at abi.MaxCount. It
// wakes the longest waiter, or hands the unit straight to it (count
// unchanged) once that waiter is starving.
func (t *Thread) ReleaseSemaphore(s *Object) abi.Errno {
	if t.run.observe != nil {
		return t.observed(OpReleaseSemaphore, RefOf(s), func() abi.Errno { return t.release(s) })
	}
	return t.release(s)
}

func (t *Thread) release(s *Object) abi.Errno {
	if e := s.checkSemaphore(); e != 0 {
		return e
	}
	if s.load(wWaiters) != 0 {
		return t.releaseSlow(s)
	}
	r := t.run
	if r.beforeAdd != nil {
		r.beforeAdd()
	}
	if e := addUnit(s); e != 0 {
		return e
	}
	if s.load(wWaiters) != 0 { // a waiter queued meanwhile: wake it
		r.mu.Lock()
		if q, _ := r.queueOf(s, KindSemaphore); q != nil {
			r.wakeHead(q)
		}
		r.mu.Unlock()
	}
	return 0
}

func addUnit(s *Object) abi.Errno {
	for {
		n := s.load(wSCount)
		if n >= abi.MaxCount {
			return abi.EOVERFLOW
		}
		if s.cas(wSCount, n, n+1) {
			return 0
		}
	}
}

func (t *Thread) releaseSlow(s *Object) abi.Errno {
	r := t.run
	r.mu.Lock()
	defer r.mu.Unlock()
	q, clash := r.queueOf(s, KindSemaphore)
	if clash {
		return abi.EINVAL
	}
	if q != nil && r.starving(q) {
		r.gave(q.head, q)
		r.grant(q.head, 0)
		// An earlier release may have added a unit and woken this same
		// head, which now leaves with the granted unit instead: pass that
		// wake-up on, or the unit is stranded beside parked waiters.
		if q, _ := r.queueOf(s, KindSemaphore); q != nil && s.load(wSCount) > 0 {
			r.wakeHead(q)
		}
		return 0
	}
	if e := addUnit(s); e != 0 {
		return e
	}
	if q != nil {
		r.wakeHead(q)
	}
	return 0
}

// returnUnit gives s back a unit that a release handed a waiter whose call
// then returned Stopped instead (its thread was ended: Thread.Exit), and
// wakes the longest waiter for it. Under mu.
func (r *Run) returnUnit(s *Object) {
	if addUnit(s) != 0 {
		return // guests released s to its maximum meanwhile: nothing to add
	}
	if q, _ := r.queueOf(s, KindSemaphore); q != nil {
		r.wakeHead(q)
	}
}

// SetSemaphoreCount stores n as s's count, as a guest may write the count
// word itself (Phoenix's sem.count = sem.count + 1): a plain store, not an
// atomic add, so a concurrent acquire or release may be overwritten, which
// is what releasesemaphore exists to avoid. Unlike a guest's bare store,
// it wakes waiters when units appeared: the woken head passes the wake on
// while units remain. n above abi.MaxCount, or s not a semaphore, is
// EINVAL and leaves s unchanged.
func (t *Thread) SetSemaphoreCount(s *Object, n uint32) abi.Errno {
	if e := s.checkSemaphore(); e != 0 {
		return e
	}
	if n > abi.MaxCount {
		return abi.EINVAL
	}
	r := t.run
	r.mu.Lock()
	defer r.mu.Unlock()
	s.store(wSCount, n)
	if q, _ := r.queueOf(s, KindSemaphore); q != nil && n > 0 {
		r.wakeHead(q)
	}
	return 0
}
