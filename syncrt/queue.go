package syncrt

import (
	"time"
	"unsafe"

	"github.com/wasync/wasync/abi"
)

// starvation is the ABI's fairness threshold (Go's sync.Mutex rule): a
// longest waiter that has waited this long is handed the object directly.
const starvation = time.Millisecond

// A queue is the FIFO of threads waiting on one object or word. It exists
// only while someone waits: the run's table drops it when the last waiter
// leaves, so an uncontended object costs the host nothing.
type queue struct {
	kind       Kind
	key        unsafe.Pointer // the object's or word's address
	head, tail *Thread
	n          int
}

// ref is the queue's object or word as events and reports name it.
func (q *queue) ref() ObjectRef { return ObjectRef{p: q.key, word: q.kind == KindWord} }

// table is the run's queue table for kind k: objects and bare words have
// separate tables, since a guest may wait on a word that starts an object.
func (r *Run) table(k Kind) map[unsafe.Pointer]*queue {
	if k == KindWord {
		return r.words
	}
	return r.queues
}

// queueOf is o's queue of kind k, nil when no thread waits on it. clash
// reports a queue of the other kind: the guest retyped an object threads
// wait on, and the call must fail with EINVAL rather than serve them.
// Under mu.
func (r *Run) queueOf(o *Object, k Kind) (q *queue, clash bool) {
	q = r.queues[unsafe.Pointer(o)]
	if q != nil && q.kind != k {
		return nil, true
	}
	return q, false
}

// enqueue appends t to the queue at key, creating the queue if needed.
// Under mu.
func (r *Run) enqueue(t *Thread, key unsafe.Pointer, k Kind, timed bool) {
	tab := r.table(k)
	q := tab[key]
	if q == nil {
		q = &queue{kind: k, key: key}
		tab[key] = q
	}
	t.q, t.kind, t.timed, t.since, t.next = q, k, timed, r.clock.Now(), nil
	t.obj = nil
	if k != KindWord {
		t.obj = (*Object)(key)
	}
	if q.tail == nil {
		q.head = t
	} else {
		q.tail.next = t
	}
	q.tail = t
	q.n++
	r.syncWaiters(q)
}

// dequeue removes t from its queue and drops the queue once empty. Under mu.
func (r *Run) dequeue(t *Thread) {
	q := t.q
	var prev *Thread
	for u := q.head; u != t; u = u.next {
		prev = u
	}
	if prev == nil {
		q.head = t.next
	} else {
		prev.next = t.next
	}
	if q.tail == t {
		q.tail = prev
	}
	q.n--
	t.q, t.obj, t.next = nil, nil, nil
	if q.n == 0 {
		delete(r.table(q.kind), q.key)
	}
	r.syncWaiters(q)
}

// syncWaiters makes the object's words tell whether threads wait: the
// semaphore's waiters field, or the mutex owner word's WAITERS bit cleared
// once the queue is empty (lockers set it themselves before queueing).
// Under mu.
func (r *Run) syncWaiters(q *queue) {
	if q.kind == KindWord {
		return // a bare word has no waiters field
	}
	o := (*Object)(q.key)
	if q.kind == KindSemaphore {
		o.store(wWaiters, uint32(q.n))
		return
	}
	for q.n == 0 {
		w := o.load(wOwner)
		if w&abi.OwnerWaiters == 0 || o.cas(wOwner, w, w&^abi.OwnerWaiters) {
			return
		}
	}
}

// starving reports whether q's longest waiter has waited past the threshold.
func (r *Run) starving(q *queue) bool {
	return q != nil && r.clock.Since(q.head.since) >= starvation
}

// wakeHead tells q's longest waiter to look again. Under mu.
func (r *Run) wakeHead(q *queue) { r.wakeUp(q.head) }

func (r *Run) wakeUp(t *Thread) {
	if t.parked {
		t.parked = false
		if !t.timed {
			r.blocked--
		}
	}
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

// leave takes t out of its queue without the object and, if the object is
// free, passes the wake-up on to the new head so that no release is lost.
// Under mu.
func (r *Run) leave(t *Thread) {
	o, k := t.obj, t.kind
	r.dequeue(t)
	if k == KindWord {
		return // a notify names how many to wake; nothing to pass on
	}
	q, _ := r.queueOf(o, k)
	if q == nil {
		return
	}
	if (k == KindMutex && o.load(wOwner)&abi.OwnerTidMask == 0) ||
		(k == KindSemaphore && o.load(wSCount) > 0) {
		r.wakeHead(q)
	}
}

type wakeReason uint8

const (
	woken wakeReason = iota
	expired
	stopped
)

// park blocks t, queued, until it is woken, its timer fires or the run
// ends. Called and returns with mu held.
func (r *Run) park(t *Thread, timer Timer) wakeReason {
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
	if t.parked {
		t.parked = false
		if !t.timed {
			r.blocked--
		}
	}
	return reason
}

// waitTurn parks t after a failed attempt and says whether the call is over
// (with its result) or should try again. deadline state lives in *timer.
// Under mu.
func (r *Run) waitTurn(t *Thread, timeout int64, timer *Timer) (abi.Errno, bool) {
	if timeout != Forever && *timer == nil {
		*timer = r.clock.NewTimer(time.Duration(timeout))
	}
	if r.ctx.Err() != nil || t.exited {
		r.leave(t)
		return Stopped, true
	}
	reason := r.park(t, *timer)
	if t.exited { // ended from another goroutine, which took t out (evict)
		t.granted = false
		return Stopped, true
	}
	if t.granted {
		t.granted, t.unit = false, nil
		return t.result, true
	}
	switch reason {
	case expired:
		r.leave(t)
		return abi.ETIMEDOUT, true
	case stopped:
		r.leave(t)
		return Stopped, true
	}
	return 0, false
}
