package syncrt

import (
	"math"
	"runtime"
	"unsafe"

	"github.com/wasync/wasync/abi"
)

// Forever is the timeout with no limit. Every timeout of the API is the
// same: nanoseconds, 0 does not wait, Forever waits for good (the thread
// counts as blocked for the all-blocked report, as in LockMutex), any
// other positive value waits at most that long, and a negative one is
// EINVAL, as the ABI says of its calls. A binding maps its guest's timeouts
// onto this (wasm's wait32 takes a negative one as no limit).
const Forever int64 = math.MaxInt64

// try is the internal lock path's "do not block; EBUSY when taken".
const try int64 = -1

// Spinning: rounds of reads of the owner word, with a yield between rounds.
const (
	spinRounds = 4
	spinReads  = 64
)

// LockMutex locks o, blocking while another live thread owns it.
// It returns 0, EOWNERDEAD (o is ours; its last owner died holding it),
// EDEADLK, EAGAIN, EINVAL, or Stopped.
func (t *Thread) LockMutex(o *Object) abi.Errno {
	if t.run.hooked {
		return t.hooked(OpLockMutex, o, Forever, func() abi.Errno { return t.lock(o, Forever) })
	}
	if o.fastLock(t.tid) {
		return 0
	}
	return t.lock(o, Forever)
}

// TryLockMutex locks o if that needs no wait, else returns EBUSY.
func (t *Thread) TryLockMutex(o *Object) abi.Errno {
	if t.run.hooked {
		return t.hooked(OpTryLockMutex, o, 0, func() abi.Errno { return t.lock(o, try) })
	}
	if o.fastLock(t.tid) {
		return 0
	}
	return t.lock(o, try)
}

// fastLock takes a valid, free, unwatched mutex with one compare-exchange,
// as a guest's fast path does; small enough to inline into the calls.
func (o *Object) fastLock(tid uint32) bool {
	if o.load(wName) == abi.MutexName && o.load(wRecursive) <= abi.RecursiveYes && o.cas(wOwner, 0, tid) {
		o.store(wMCount, 1)
		return true
	}
	return false
}

// fastUnlock releases a valid mutex that tid holds at depth 1 with no
// waiters.
func (o *Object) fastUnlock(tid uint32) bool {
	return o.load(wName) == abi.MutexName && o.load(wRecursive) <= abi.RecursiveYes &&
		o.load(wOwner) == tid && o.load(wMCount) == 1 && o.release(tid)
}

// release frees a mutex whose owner word reads w, writing count before the
// owner word as the ABI requires; it restores count and fails if w moved
// (a waiter set WAITERS).
func (o *Object) release(w uint32) bool {
	o.store(wMCount, 0)
	if o.cas(wOwner, w, 0) {
		return true
	}
	o.store(wMCount, 1)
	return false
}

// TimeLockMutex locks o, waiting at most ns nanoseconds (0: do not wait;
// Forever: no limit) before ETIMEDOUT. A negative ns is EINVAL.
func (t *Thread) TimeLockMutex(o *Object, ns int64) abi.Errno {
	if t.run.hooked {
		return t.hooked(OpTimeLockMutex, o, ns, func() abi.Errno { return t.timeLock(o, ns) })
	}
	return t.timeLock(o, ns)
}

func (t *Thread) timeLock(o *Object, ns int64) abi.Errno {
	if ns < 0 {
		return badTimeout(o.checkMutex())
	}
	return t.lock(o, ns)
}

// badTimeout is the result of a call with a negative timeout: EINVAL, but
// only once the object's own checks have passed, in the ABI's order.
func badTimeout(check abi.Errno) abi.Errno {
	if check != 0 {
		return check
	}
	return abi.EINVAL
}

func (t *Thread) lock(o *Object, timeout int64) abi.Errno {
	if e := o.checkMutex(); e != 0 {
		return e
	}
	w := o.load(wOwner)
	if w == 0 && o.cas(wOwner, 0, t.tid) {
		o.store(wMCount, 1)
		return 0
	}
	if w&abi.OwnerTidMask == t.tid {
		return t.relock(o)
	}
	t.markContended()
	if timeout != try && timeout != 0 && t.run.spin && spinLock(o, t.tid) {
		return 0
	}
	return t.lockSlow(o, timeout)
}

// spinLock briefly watches an owned mutex, taking it if its owner frees it:
// a critical section is often shorter than a park and wake. A mutex freed
// while threads wait may be taken too (WAITERS stays set for them): that is
// the barging the fairness rule allows below 1 ms, and at 1 ms an unlock
// hands the mutex to the longest waiter instead of freeing it.
func spinLock(o *Object, tid uint32) bool {
	return spin(func() bool {
		w := o.load(wOwner)
		if w&^abi.OwnerWaiters != 0 || !o.cas(wOwner, w, tid|w) {
			return false
		}
		o.store(wMCount, 1)
		return true
	})
}

// spin polls try for a short while, yielding between rounds, and reports
// whether it succeeded. Like sync.Mutex, a run spins only on a multi-core
// machine.
func spin(try func() bool) bool {
	for range spinRounds {
		for range spinReads {
			if try() {
				return true
			}
		}
		runtime.Gosched()
	}
	return false
}

// relock nests a lock the caller already owns.
func (t *Thread) relock(o *Object) abi.Errno {
	if o.load(wRecursive) != abi.RecursiveYes {
		return t.fail(abi.EDEADLK, Relock)
	}
	c := o.load(wMCount)
	if c >= abi.MaxCount {
		return abi.EAGAIN
	}
	o.store(wMCount, c+1)
	return 0
}

// lockSlow takes o under the run's lock, queueing t while o is owned.
func (t *Thread) lockSlow(o *Object, timeout int64) abi.Errno {
	r := t.run
	r.mu.Lock()
	defer r.mu.Unlock()
	var timer Timer
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	for {
		w := o.load(wOwner)
		if w&abi.OwnerReserved != 0 { // garbage written while we waited
			if t.q != nil {
				r.leave(t)
			}
			return abi.EINVAL
		}
		owner := w & abi.OwnerTidMask
		q, clash := r.queueOf(o, KindMutex)
		var result abi.Errno
		switch {
		case clash: // t is not queued: its queue would be a mutex's
			return abi.EINVAL
		case owner == t.tid:
			if t.q != nil { // a guest wrote our tid while we waited
				r.leave(t)
			}
			return t.relock(o)
		case owner == 0:
			// Free: any running thread may take it, a woken waiter or a
			// newcomer. A starving waiter is never left to race: the
			// unlock that freed o found it under the threshold, and the
			// next unlock hands o to it.
		case owner != 0 && r.dead(owner):
			result = abi.EOWNERDEAD
		default:
			if e, done := t.waitMutex(o, w, timeout, &timer); done {
				return e
			}
			continue
		}
		if r.take(t, o, w, q) {
			return result
		}
	}
}

// take makes t the owner of o if the owner word still reads w. Under mu.
func (r *Run) take(t *Thread, o *Object, w uint32, q *queue) bool {
	nw := t.tid
	if q != nil && (q.n > 1 || q.head != t) {
		nw |= abi.OwnerWaiters
	}
	if !o.cas(wOwner, w, nw) {
		return false
	}
	o.store(wMCount, 1)
	if t.q != nil {
		r.leave(t)
	}
	return true
}

// waitMutex queues t behind o's owner word w and parks it once, unless the
// call must end now (no wait allowed, deadlock, timeout, run stopped).
// Under mu.
func (t *Thread) waitMutex(o *Object, w uint32, timeout int64, timer *Timer) (abi.Errno, bool) {
	r := t.run
	switch timeout {
	case try:
		return abi.EBUSY, true
	case 0:
		return abi.ETIMEDOUT, true
	}
	if owner := w & abi.OwnerTidMask; owner != 0 && r.closesCycle(t, owner) {
		if t.q != nil {
			r.leave(t)
		}
		return t.fail(abi.EDEADLK, Cycle), true
	}
	if w&abi.OwnerWaiters == 0 && !o.cas(wOwner, w, w|abi.OwnerWaiters) {
		return 0, false // the word moved: look again
	}
	if t.q == nil {
		r.enqueue(t, unsafe.Pointer(o), KindMutex, timeout != Forever)
	}
	return r.waitTurn(t, timeout, timer)
}

// UnlockMutex releases one level of o's lock. EPERM if t does not own o
// (o is left unchanged). At depth 1 it frees o and wakes the longest waiter,
// or hands o straight to it once that waiter is starving.
func (t *Thread) UnlockMutex(o *Object) abi.Errno {
	if t.run.hooked {
		return t.hooked(OpUnlockMutex, o, 0, func() abi.Errno { return t.unlock(o) })
	}
	if o.fastUnlock(t.tid) {
		return 0
	}
	return t.unlock(o)
}

func (t *Thread) unlock(o *Object) abi.Errno {
	if e := o.checkMutex(); e != 0 {
		return e
	}
	w := o.load(wOwner)
	switch w & abi.OwnerTidMask {
	case t.tid:
	case 0:
		return t.fail(abi.EPERM, NotLocked)
	default:
		return t.fail(abi.EPERM, NotOwner)
	}
	if c := o.load(wMCount); c > 1 {
		o.store(wMCount, c-1)
		return 0
	}
	if w&abi.OwnerWaiters == 0 && o.release(w) {
		return 0
	}
	return t.unlockSlow(o)
}

// unlockSlow releases o, whose owner word has WAITERS set, under the run's
// lock.
func (t *Thread) unlockSlow(o *Object) abi.Errno {
	r := t.run
	r.mu.Lock()
	defer r.mu.Unlock()
	for {
		w := o.load(wOwner)
		q, clash := r.queueOf(o, KindMutex)
		switch {
		case clash:
			return abi.EINVAL
		case q == nil: // WAITERS without waiters: a guest wrote it; just free o
			if o.release(w) {
				return 0
			}
		case r.starving(q):
			if r.handOff(o, q, w, 0) {
				return 0
			}
		default:
			o.store(wMCount, 0)
			if o.cas(wOwner, w, abi.OwnerWaiters) {
				r.wakeHead(q)
				return 0
			}
			o.store(wMCount, 1)
		}
	}
}

// handOff makes q's longest waiter the owner of o (count 1, owner set
// before it wakes) if the owner word still reads w, and wakes it with
// result. Under mu.
func (r *Run) handOff(o *Object, q *queue, w uint32, result abi.Errno) bool {
	head := q.head
	nw := head.tid
	if q.n > 1 {
		nw |= abi.OwnerWaiters
	}
	o.store(wMCount, 1)
	if !o.cas(wOwner, w, nw) {
		return false
	}
	r.grant(head, result)
	return true
}
