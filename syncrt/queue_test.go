package syncrt

import (
	"slices"
	"testing"
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
