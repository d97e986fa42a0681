package syncrt

import (
	"unsafe"

	"github.com/wasync/wasync/abi"
)

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
	if takeUnit(s) {
		return 0
	}
	t.markContended()
	if timeout == 0 {
		return abi.ETIMEDOUT
	}
	if t.run.spin && spin(func() bool { return takeUnit(s) }) {
		return 0
	}
	return t.acquireSlow(s, timeout)
}

// takeUnit takes one unit if s has any. Any thread may take a released unit
// before a woken waiter does; releaseSemaphore hands units to starving
// waiters directly, past this path.
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
		switch {
		case takeUnit(s):
			return 0, true
		case s.checkSemaphore() != 0: // garbage written while we waited
			return abi.EINVAL, true
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
