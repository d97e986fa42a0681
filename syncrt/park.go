package syncrt

import (
	"time"
	"unsafe"

	"github.com/wasync/wasync/abi"
)

// The parking lot, after Rust's parking_lot: every blocking call (lock,
// acquire, wait) goes through park, which owns the queue, the timer, the
// blocked count and the all-blocked check, and the wake-up; the calls say
// only what their object's words mean (validate). Threads that free an
// object wake or grant its queue's head (wakeHead, grant).

// A validateFunc is a blocking call's look at its object's words, under mu:
// done with the call's result when the call is over (it took the object,
// or found an error), or !done when the thread must wait, having made the
// words say so (a mutex's WAITERS bit).
type validateFunc func() (result abi.Errno, done bool)

// park makes t wait on the object or word at key, of kind k, for at most
// timeout nanoseconds (Forever: no limit), and returns the call's result:
// validate's, a granter's (0, EOWNERDEAD), ETIMEDOUT, Stopped (the run or
// t ended), or EINVAL when a queue of the other kind holds key (a guest
// retyped an object threads wait on). Called and returns with mu held.
//
// It calls validate first with t not queued, again once t has joined the
// queue (a thread that frees the object after that look finds t queued
// and wakes it: no wake-up is lost between the look and the park), and
// after each wake-up that was not a grant; t keeps its place in the queue
// meanwhile. Whatever ends the call takes t out of the queue first. The
// timer is made once, at the first park, and stopped on return.
func (r *Run) park(t *Thread, key unsafe.Pointer, k Kind, timeout int64, validate validateFunc) abi.Errno {
	var timer Timer
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	for {
		if t.q == nil && r.clashes(key, k) {
			return abi.EINVAL
		}
		if e, done := validate(); done {
			if t.q != nil {
				r.leave(t)
			}
			return e
		}
		if t.q == nil {
			r.enqueue(t, key, k, timeout != Forever)
			continue // look again, queued
		}
		if r.ctx.Err() != nil || t.exited {
			r.leave(t)
			return Stopped
		}
		if timer == nil && timeout != Forever {
			timer = r.clock.NewTimer(time.Duration(timeout))
		}
		if e, done := r.sleep(t, timer); done {
			return e
		}
	}
}

type wakeReason uint8

const (
	woken wakeReason = iota
	expired
	stopped
)

// sleep blocks queued t once and says whether its call is over, with the
// result: it was granted the object, its timer fired or the run or t
// ended. Under mu.
func (r *Run) sleep(t *Thread, timer Timer) (abi.Errno, bool) {
	reason := r.block(t, timer)
	switch {
	case t.exited: // ended from another goroutine, which took t out (evict)
		t.granted = false
		return Stopped, true
	case t.granted:
		t.granted, t.unit = false, nil
		return t.result, true
	case reason == expired:
		r.leave(t)
		return abi.ETIMEDOUT, true
	case reason == stopped:
		r.leave(t)
		return Stopped, true
	}
	return 0, false
}

// block parks t until it is woken, its timer fires or the run ends,
// counting it as blocked meanwhile if it has no timeout. Called and
// returns with mu held.
func (r *Run) block(t *Thread, timer Timer) wakeReason {
	t.parked = true
	if !t.timed {
		r.blocked++
		r.checkAllBlocked()
	}
	if r.onPark != nil {
		r.onPark(t)
	}
	var timeout <-chan time.Time
	if timer != nil {
		timeout = timer.C()
	}
	r.mu.Unlock()
	reason := woken
	select {
	case <-t.wake:
	case <-timeout:
		reason = expired
	case <-r.ctx.Done():
		reason = stopped
	}
	r.mu.Lock()
	r.unpark(t)
	return reason
}

// unpark stops counting t as parked, if it still is. Under mu.
func (r *Run) unpark(t *Thread) {
	if t.parked {
		t.parked = false
		if !t.timed {
			r.blocked--
		}
	}
}

// wakeHead tells q's first waiter to look again. Under mu.
func (r *Run) wakeHead(q *queue) { r.wakeUp(q.head) }

func (r *Run) wakeUp(t *Thread) {
	r.unpark(t)
	select {
	case t.wake <- struct{}{}:
	default:
	}
}

// grant removes t from its queue and wakes it owning the object, with
// result. Under mu.
func (r *Run) grant(t *Thread, result abi.Errno) {
	if t.kind == KindSemaphore {
		t.unit = t.obj
	}
	r.dequeue(t)
	t.granted, t.result = true, result
	r.wakeUp(t)
}

// leave takes t out of its queue without the object and, if the object
// could be taken now, passes the wake-up on to the new head, so that the
// free that woke t is not lost. Under mu.
func (r *Run) leave(t *Thread) {
	q, o, k := t.q, t.obj, t.kind
	r.dequeue(t)
	if q.n > 0 && takeable(o, k) {
		r.wakeHead(q)
	}
}
