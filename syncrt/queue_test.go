package syncrt

import (
	"slices"
	"testing"
	"time"
	"unsafe"

	"github.com/wasync/wasync/abi"
)

// TestQueueOrder: a queue stays FIFO as threads leave it from the head,
// the middle and the tail and others join, and Queues counts the queues
// of objects and of bare words.
func TestQueueOrder(t *testing.T) {
	h := newHarness(t)
	ts := h.threads(5)
	s := NewSemaphore(0)
	step := func(leave, join *Thread, want ...*Thread) {
		t.Helper()
		h.run.mu.Lock()
		if leave != nil {
			h.run.dequeue(leave)
		}
		if join != nil {
			h.run.enqueue(join, unsafe.Pointer(s), KindSemaphore, false)
		}
		h.run.mu.Unlock()
		var tids []uint32
		for _, th := range want {
			tids = append(tids, th.tid)
		}
		if got := h.order(s); !slices.Equal(got, tids) {
			t.Fatalf("queue %v, want %v", got, tids)
		}
		if w := s.Word(abi.SemaphoreOffWaiters); w != uint32(len(want)) {
			t.Fatalf("waiters %d, want %d", w, len(want))
		}
	}
	step(nil, ts[0], ts[0])
	step(nil, ts[1], ts[0], ts[1])
	step(nil, ts[2], ts[0], ts[1], ts[2])
	step(ts[0], ts[3], ts[1], ts[2], ts[3]) // head
	step(ts[2], nil, ts[1], ts[3])          // middle
	step(ts[3], ts[4], ts[1], ts[4])        // tail
	step(ts[1], nil, ts[4])

	var word uint32
	w := asyncWait(ts[0], &word, 0, Forever)
	h.waitParked(ts[0].tid)
	if n := h.run.Queues(); n != 2 {
		t.Fatalf("Queues() = %d with a semaphore's and a word's, want 2", n)
	}
	h.run.Notify(unsafe.Pointer(&word), 1)
	<-w
}

// TestLeavePassesWakeOn: a woken head that leaves without the object (its
// call timed out or was stopped) passes the wake-up to the next waiter
// while the object is free, and only then.
func TestLeavePassesWakeOn(t *testing.T) {
	for _, oc := range objectCases {
		t.Run(oc.name, func(t *testing.T) {
			h := newHarness(t)
			owner, w1, w2, w3 := h.thread(), h.thread(), h.thread(), h.thread()
			o := oc.setup(owner)
			for _, w := range []*Thread{w1, w2, w3} {
				h.queueOn(w, o)
			}
			expect(t, "free", oc.free(owner, o), 0)
			if !tokenOf(w1) {
				t.Fatal("the free woke no one")
			}
			h.leave(w1)
			if next, last := tokenOf(w2), tokenOf(w3); !next || last {
				t.Fatalf("woken: next %v, last %v; want the next only", next, last)
			}
			expect(t, "barge", oc.barge(owner, o), 0) // taken again
			h.leave(w2)
			if tokenOf(w3) {
				t.Fatal("a waiter was woken for an object that is not free")
			}
		})
	}
}

// leave takes th out of its queue as a call that gives up does.
func (h *harness) leave(th *Thread) {
	h.run.mu.Lock()
	defer h.run.mu.Unlock()
	h.run.leave(th)
}

// tokenOf reports whether th was told to look again, taking the token.
func tokenOf(th *Thread) bool {
	select {
	case <-th.wake:
		return true
	default:
		return false
	}
}

// TestLeaveIsLocal: leaving and joining read only the leaver's neighbours
// and the tail, so a timed waiter leaving a 10,000-thread queue costs the
// same as leaving a short one. With every other link of the queue cut
// (and its head), a waiter in the middle still leaves, its neighbours are
// joined, and a newcomer still joins behind the tail: a leave that walked
// the queue from its head would find nothing to walk.
func TestLeaveIsLocal(t *testing.T) {
	const n = 10000
	h := newHarness(t)
	ts := h.threads(n + 1)
	s := NewSemaphore(0)
	r := h.run
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, th := range ts[:n] {
		r.enqueue(th, unsafe.Pointer(s), KindSemaphore, false)
	}
	mid := ts[n/2]
	before, after, tail := mid.prev, mid.next, ts[n-1]
	for _, th := range ts[:n] {
		if th != mid && th != before && th != after && th != tail {
			th.prev, th.next = nil, nil
		}
	}
	q := mid.q
	q.head = nil

	r.dequeue(mid)
	if before.next != after || after.prev != before || mid.q != nil || mid.prev != nil || mid.next != nil {
		t.Fatal("the leaver's neighbours were not joined")
	}
	if q.n != n-1 || s.Waiters() != n-1 {
		t.Fatalf("%d queued, waiters %d; want %d", q.n, s.Waiters(), n-1)
	}
	newcomer := ts[n]
	r.enqueue(newcomer, unsafe.Pointer(s), KindSemaphore, false)
	if q.tail != newcomer || newcomer.prev != tail || tail.next != newcomer {
		t.Fatal("the newcomer did not join behind the tail")
	}
}

// TestTimedLeaveKeepsOrder: a timed waiter in the middle of a long queue
// that times out leaves it, and the others are served in the order they
// came, each release handing its unit to the next of them.
func TestTimedLeaveKeepsOrder(t *testing.T) {
	const n = 500
	h := newHarness(t)
	rel, ts := h.thread(), h.threads(n)
	s := NewSemaphore(0)
	mid := ts[n/2]
	results := make([]<-chan abi.Errno, n)
	var want []uint32
	for i, th := range ts {
		if th == mid {
			results[i] = async(func() abi.Errno { return th.TimeAcquireSemaphore(s, int64(time.Second)) })
		} else {
			results[i] = async(func() abi.Errno { return th.AcquireSemaphore(s) })
			want = append(want, th.tid)
		}
		h.waitParked(th.tid) // one at a time: the queue's order is known
	}

	h.clock.Advance(time.Second) // past the timeout, and starving: releases hand off
	expect(t, "timed acquire", result(t, results[n/2]), abi.ETIMEDOUT)
	if got := h.order(s); !slices.Equal(got, want) {
		t.Fatalf("after the timed waiter left, queue %v, want %v", got, want)
	}
	for i := range want {
		expect(t, "release", rel.ReleaseSemaphore(s), 0)
		if got := h.order(s); !slices.Equal(got, want[i+1:]) {
			t.Fatalf("after release %d, queue %v, want %v", i, got, want[i+1:])
		}
	}
	for i, c := range results {
		if i != n/2 {
			expect(t, "acquire", result(t, c), 0)
		}
	}
	if q, tm := h.run.Queues(), h.clock.Timers(); q != 0 || tm != 0 {
		t.Fatalf("%d queues and %d timers left", q, tm)
	}
}

// TestQueueInsertOrder: a queue is ordered by prio, highest first and FIFO
// among equals, and a waiter requeued after its prio changed goes behind
// its new equals. With equal prios (every ABI 1.0 run) it is a FIFO.
func TestQueueInsertOrder(t *testing.T) {
	tests := []struct {
		name    string
		prios   []uint8 // of threads 1, 2, …, inserted in that order
		requeue uint32  // a thread whose prio then becomes prio, 0 for none
		prio    uint8
		want    []uint32
	}{
		{"equal prios are FIFO", []uint8{0, 0, 0, 0}, 0, 0, []uint32{1, 2, 3, 4}},
		{"highest first", []uint8{1, 3, 2, 3}, 0, 0, []uint32{2, 4, 3, 1}},
		{"raised behind its new equals", []uint8{2, 2, 1, 1}, 4, 2, []uint32{1, 2, 4, 3}},
		{"lowered behind its new equals", []uint8{2, 2, 1, 1}, 1, 1, []uint32{2, 3, 4, 1}},
		{"raised to the head", []uint8{1, 1, 1}, 3, 5, []uint32{3, 1, 2}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q := &queue{}
			ts := make([]*Thread, len(tc.prios))
			for i, p := range tc.prios {
				ts[i] = &Thread{tid: uint32(i + 1), prio: p}
				q.insert(ts[i])
			}
			if tc.requeue != 0 {
				th := ts[tc.requeue-1]
				th.prio = tc.prio
				q.requeue(th)
			}
			var got, back []uint32
			for u := q.head; u != nil; u = u.next {
				got = append(got, u.tid)
			}
			for u := q.tail; u != nil; u = u.prev {
				back = append(back, u.tid)
			}
			slices.Reverse(back)
			if !slices.Equal(got, tc.want) || !slices.Equal(back, tc.want) || q.n != len(tc.want) {
				t.Fatalf("forward %v, backward %v, n %d; want %v", got, back, q.n, tc.want)
			}
		})
	}
}
