package syncrt

import (
	"time"
	"unsafe"
)

// starvation is the ABI's fairness threshold (Go's sync.Mutex rule): a
// longest waiter that has waited this long is handed the object directly.
const starvation = time.Millisecond

// A queue is the list of threads waiting on one object or word. It exists
// only while someone waits: the run's table drops it when the last waiter
// leaves, so an uncontended object costs the host nothing.
//
// It is linked both ways through its threads (prev, next), so a waiter
// leaves in O(1) wherever it stands: a timed waiter in the middle of a
// 10,000-thread queue does not walk it. It is ordered by prio, highest
// first and FIFO among equals; insert walks from the tail past lower
// waiters only, so when every prio is equal (every ABI 1.0 run) joining is
// O(1) too and the queue is a plain FIFO.
type queue struct {
	kind       Kind
	key        unsafe.Pointer // the object's or word's address
	head, tail *Thread
	n          int
	holder     *Thread // a mutex queue's live owner, who inherits from it (settle)
}

// ref is the queue's object or word as events and reports name it.
func (q *queue) ref() ObjectRef { return ObjectRef{p: q.key, word: q.kind == KindWord} }

// insert puts t behind every waiter whose prio is at least its own; on a
// bare word, at the tail (wasm's notify wakes in arrival order).
func (q *queue) insert(t *Thread) {
	after := q.tail
	for q.kind != KindWord && after != nil && after.prio < t.prio {
		after = after.prev
	}
	t.prev = after
	if after == nil {
		t.next, q.head = q.head, t
	} else {
		t.next, after.next = after.next, t
	}
	if t.next == nil {
		q.tail = t
	} else {
		t.next.prev = t
	}
	q.n++
}

// remove unlinks t, touching only its neighbours.
func (q *queue) remove(t *Thread) {
	if t.prev == nil {
		q.head = t.next
	} else {
		t.prev.next = t.next
	}
	if t.next == nil {
		q.tail = t.prev
	} else {
		t.next.prev = t.prev
	}
	t.prev, t.next = nil, nil
	q.n--
}

// requeue moves t to the place its prio now gives it, behind its equals:
// for a waiter whose priority changed while it waits.
func (q *queue) requeue(t *Thread) {
	q.remove(t)
	q.insert(t)
}

// table is the run's queue table for kind k: objects and bare words have
// separate tables, since a guest may wait on a word that starts an object.
func (r *Run) table(k Kind) map[unsafe.Pointer]*queue {
	if k == KindWord {
		return r.words
	}
	return r.queues
}

// clashes reports whether a queue of a kind other than k holds key. Under
// mu.
func (r *Run) clashes(key unsafe.Pointer, k Kind) bool {
	q := r.table(k)[key]
	return q != nil && q.kind != k
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

// enqueue adds t to the queue at key, creating the queue if needed.
// Under mu.
func (r *Run) enqueue(t *Thread, key unsafe.Pointer, k Kind, timed bool) {
	tab := r.table(k)
	q := tab[key]
	if q == nil {
		q = &queue{kind: k, key: key}
		tab[key] = q
	}
	t.q, t.kind, t.timed, t.since = q, k, timed, r.clock.Now()
	t.obj = nil
	if k != KindWord {
		t.obj = (*Object)(key)
	}
	q.insert(t)
	r.syncWaiters(q)
	r.settle(q)
}

// dequeue removes t from its queue and drops the queue once empty. Under mu.
func (r *Run) dequeue(t *Thread) {
	q := t.q
	q.remove(t)
	t.q, t.obj = nil, nil
	if q.n == 0 {
		delete(r.table(q.kind), q.key)
	}
	r.syncWaiters(q)
	r.settle(q)
}

// syncWaiters makes the object's words tell whether threads wait: the
// semaphore's waiters field, the mutex's WAITERS bit once none does.
// Under mu.
func (r *Run) syncWaiters(q *queue) {
	switch q.kind { // not KindWord: a bare word is no Object
	case KindSemaphore:
		(*Object)(q.key).setWaiters(q.n)
	case KindMutex:
		if q.n == 0 {
			(*Object)(q.key).clearWaiters()
		}
	}
}

// takeable reports whether the object t waits on could be taken now: a
// thread leaving its queue without it passes its wake-up on. A bare word
// never is: a notify names how many it wakes. Under mu.
func takeable(o *Object, k Kind) bool {
	switch k {
	case KindMutex:
		return o.Owner() == 0
	case KindSemaphore:
		return o.Count() > 0
	}
	return false
}

// starving reports whether q's longest waiter has waited past the threshold.
func (r *Run) starving(q *queue) bool {
	return q != nil && r.clock.Since(q.head.since) >= starvation
}
