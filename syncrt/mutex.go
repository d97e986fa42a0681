package syncrt

import (
	"math"
	"runtime"
	"unsafe"

	"github.com/wasync/wasync/abi"
)

// Mutex states and transitions (after Go's sync/mutex.go, "Mutex
// fairness").
//
// The words. name and recursive are written only by whoever lays the
// mutex out (the guest, NewMutex); the engine reads them. The owner word
// reads, with W the WAITERS bit:
//
//	0        free, nobody queued
//	tid      owned by tid (depth in count), nobody queued
//	tid|W    owned by tid, threads queued
//	W        free while threads are queued: an unlock freed it and woke
//	         the queue's head, which has not taken it yet
//
// and tid may name a dead thread (ended owning the mutex, or never
// issued). count is the owner's depth, 0 when free.
//
// Who writes what. Without the run's lock r.mu, the guest's fast path and
// the engine's (fastLock, fastUnlock, lock, unlock, spinLock) do only
// these: 0 -> tid by compare-exchange then count = 1 (lock); count + 1 or
// - 1 by the owner (relock, an unlock above depth 1); count = 0 then
// tid -> 0 by compare-exchange, restoring count = 1 if that fails (unlock
// at depth 1 with W clear); and W -> tid|W by compare-exchange (spinLock:
// barging a free mutex that has waiters, only while every thread of the
// run has the default priority; the guest's fast path, which swaps only
// from 0, never barges). Everything else is done under r.mu:
//
//	tid   -> tid|W       a locker about to queue (lookMutex) sets W first
//	tid|W -> W           unlockSlow, head waited < 1 ms: count = 0, free,
//	                     wake the head (it looks again, keeping its place)
//	tid|W -> h or h|W    unlockSlow, head h waited >= 1 ms: hand-off,
//	                     count = 1 then owner = h (|W if others wait),
//	                     then h is granted and woken
//	W     -> t or t|W    lookMutex: a woken head or a newcomer t takes it
//	                     if its priority is at least the head's (|W
//	                     unless t was the only waiter)
//	dead  -> h or h|W    Exit of the owner with waiters: hand-off to the
//	                     head with EOWNERDEAD
//	dead  -> t or t|W    a locker finding the owner dead takes it,
//	                     EOWNERDEAD
//	x|W   -> x           the last waiter left (dequeue: W cleared)
//	tid|W -> 0           unlockSlow finding W but no queue (a guest wrote
//	                     W): plain release
//
// The 1 ms rule is decided by the unlock, which reads the clock only when
// threads wait: below it the mutex is freed, and any running thread of at
// least the head's priority may take it before the woken head does
// (barging, for throughput: no convoy behind a descheduled waiter); at or
// above it the mutex is handed over, owner set before the head wakes, so
// newcomers find it owned and queue behind. The head is the queue's
// highest-priority waiter (ABI 1.1; the first to queue among equals), and
// its 1 ms is its own wait. Every owner change while threads wait happens
// under r.mu, where settle moves the queue's priority inheritance with it
// (priority.go).
//
// Invariants:
//   - count is written before the owner word releases or hands over the
//     mutex, never after, so whoever finds itself the owner reads its depth
//     right (the ABI's rule for the guest's fast path too).
//   - W is set before a locker queues, both under r.mu. Setting it races
//     with the owner's fast unlock on the same word: if the unlock wins,
//     the locker's compare-exchange fails and it looks again, finding the
//     mutex free; if the locker wins, the unlock's fails and it comes to
//     r.mu, where the waiter is queued by then. No wake-up is lost.
//   - W is cleared only under r.mu, when the queue empties: while threads
//     wait it stays set, so every unlock at depth 1 goes through
//     unlockSlow and wakes or hands over.
//   - A woken head keeps its place; a head that has waited 1 ms is never
//     left to race: the unlock that freed the mutex found it under the
//     threshold, and the next unlock hands the mutex to it.

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
	if timeout != try && timeout != 0 && t.run.spin && spinLock(o, t.tid, t.run.mayBarge()) {
		return 0
	}
	return t.lockSlow(o, timeout)
}

// spinLock briefly watches an owned mutex, taking it if its owner frees it:
// a critical section is often shorter than a park and wake. With barge, a
// mutex freed while threads wait may be taken too (WAITERS stays set for
// them): that is the barging the fairness rule allows below 1 ms, and at
// 1 ms an unlock hands the mutex to the head instead of freeing it.
// Without it (the run has priorities: whether a newcomer may pass the head
// turns on the two's priorities, which only lockSlow sees) the spin stops
// once threads queue.
func spinLock(o *Object, tid uint32, barge bool) bool {
	queued := false
	took := spin(func() bool {
		w := o.load(wOwner)
		if w&abi.OwnerWaiters != 0 && !barge {
			queued = true
			return true
		}
		return w&^abi.OwnerWaiters == 0 && o.cas(wOwner, w, tid|w)
	})
	if !took || queued {
		return false
	}
	o.store(wMCount, 1)
	return true
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

// lockSlow takes o under the run's lock, parking t while o is owned.
func (t *Thread) lockSlow(o *Object, timeout int64) abi.Errno {
	r := t.run
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.park(t, unsafe.Pointer(o), KindMutex, timeout, func() (abi.Errno, bool) {
		return t.lookMutex(o, timeout)
	})
}

// lookMutex is lockSlow's validate: it takes o if it is free or
// dead-owned, ends the call on an error, and otherwise sets WAITERS and
// says t must wait. Under mu.
func (t *Thread) lookMutex(o *Object, timeout int64) (abi.Errno, bool) {
	r := t.run
	for { // a compare-exchange failed: the word moved, look again
		r.walk = r.walk[:0] // an earlier look's walk: the word has moved since
		w := o.load(wOwner)
		owner := w & abi.OwnerTidMask
		switch {
		case w&abi.OwnerReserved != 0: // garbage written while we waited
			return abi.EINVAL, true
		case owner == t.tid: // a guest wrote our tid while we waited
			return t.relock(o), true
		case owner == 0 || r.dead(owner):
			// Free or dead-owned: any running thread may take it, a woken
			// waiter or a newcomer, if its priority is at least the head
			// waiter's; a lower one waits its turn, and the head, which
			// may be parked behind the waiter the unlock woke, is woken.
			// A starving waiter is never left to race: the unlock that
			// freed o found it under the threshold, and the next unlock
			// hands o to it.
			q, _ := r.queueOf(o, KindMutex)
			if !mayTake(t, q) {
				r.wakeHead(q)
				return mustWait(timeout)
			}
			if r.take(t, o, w) {
				return deadOwned(owner), true
			}
		case timeout == try, timeout == 0:
			return mustWait(timeout)
		case t.q == nil && r.closesCycle(t, owner): // queued: checked as it queued
			return t.fail(abi.EDEADLK, Cycle), true
		case w&abi.OwnerWaiters != 0 || o.cas(wOwner, w, w|abi.OwnerWaiters):
			return 0, false
		}
	}
}

// mustWait is a lock's result when t would have to wait: EBUSY for a
// trylock, ETIMEDOUT for a timeout of 0, and otherwise wait (WAITERS is
// set: a queue exists).
func mustWait(timeout int64) (abi.Errno, bool) {
	switch timeout {
	case try:
		return abi.EBUSY, true
	case 0:
		return abi.ETIMEDOUT, true
	}
	return 0, false
}

// deadOwned is the result of taking a mutex whose owner word read owner:
// EOWNERDEAD unless it was free.
func deadOwned(owner uint32) abi.Errno {
	if owner != 0 {
		return abi.EOWNERDEAD
	}
	return 0
}

// take makes t the owner of o if the owner word still reads w, keeping
// WAITERS if others wait, who then inherit from t. Under mu.
func (r *Run) take(t *Thread, o *Object, w uint32) bool {
	q, _ := r.queueOf(o, KindMutex)
	nw := t.tid
	if q != nil && (q.n > 1 || q.head != t) {
		nw |= abi.OwnerWaiters
	}
	if !o.cas(wOwner, w, nw) {
		return false
	}
	o.store(wMCount, 1)
	r.gave(t, q)
	if q != nil && t.q == nil { // a queued t settles q as it leaves it
		r.settle(q)
	}
	return true
}

// clearWaiters clears WAITERS once no thread waits on o (lockers set it
// themselves before they queue). Under mu.
func (o *Object) clearWaiters() {
	for {
		w := o.load(wOwner)
		if w&abi.OwnerWaiters == 0 || o.cas(wOwner, w, w&^abi.OwnerWaiters) {
			return
		}
	}
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
				r.settle(q) // t inherits from q no more
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
	r.gave(head, q)
	r.grant(head, result)
	return true
}
