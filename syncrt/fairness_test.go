package syncrt

import (
	"testing"
	"time"
	"unsafe"

	"github.com/wasync/wasync/abi"
)

// queueOn queues th on o as the slow paths do (a mutex gets WAITERS),
// without parking it: each step of a test is then exact.
func (h *harness) queueOn(th *Thread, o *Object) {
	if o.load(wName) == abi.MutexName {
		h.queueByHand(th, o)
		return
	}
	h.run.mu.Lock()
	defer h.run.mu.Unlock()
	h.run.enqueue(th, unsafe.Pointer(o), KindSemaphore, false)
}

// order lists the tids queued on o, head first.
func (h *harness) order(o *Object) []uint32 {
	h.run.mu.Lock()
	defer h.run.mu.Unlock()
	var tids []uint32
	if q := h.run.queues[unsafe.Pointer(o)]; q != nil {
		for u := q.head; u != nil; u = u.next {
			tids = append(tids, u.tid)
		}
	}
	return tids
}

// objectCase is one kind of object with the calls the fairness rule is
// about: free it (unlock or release), barge (take it without waiting) and
// wait for it.
type objectCase struct {
	name  string
	setup func(owner *Thread) *Object // owner holds the mutex; a semaphore is empty
	free  func(*Thread, *Object) abi.Errno
	barge func(*Thread, *Object) abi.Errno
	wait  func(*Thread, *Object) abi.Errno
}

var objectCases = []objectCase{
	{"mutex", func(owner *Thread) *Object {
		m := NewMutex(false)
		owner.LockMutex(m)
		return m
	}, (*Thread).UnlockMutex, (*Thread).TryLockMutex, (*Thread).LockMutex},
	{"semaphore", func(*Thread) *Object { return NewSemaphore(0) },
		(*Thread).ReleaseSemaphore, func(th *Thread, s *Object) abi.Errno { return th.TimeAcquireSemaphore(s, 0) },
		(*Thread).AcquireSemaphore},
}

// TestWokenWaiterKeepsHead: below 1 ms a free (unlock or release) wakes
// the longest waiter and no other; when a running thread barges in first,
// the woken waiter's call finds the object taken and parks again at the
// head, ahead of the thread queued after it, so the next hand-off is its.
func TestWokenWaiterKeepsHead(t *testing.T) {
	for _, oc := range objectCases {
		t.Run(oc.name, func(t *testing.T) {
			h := newHarness(t)
			owner, w1, w2, barger := h.thread(), h.thread(), h.thread(), h.thread()
			o := oc.setup(owner)
			h.queueOn(w1, o)
			h.queueOn(w2, o)
			expect(t, "free", oc.free(owner, o), 0)
			if len(w1.wake) != 1 || len(w2.wake) != 0 {
				t.Fatalf("woken: head %d, second %d; want the head only", len(w1.wake), len(w2.wake))
			}
			expect(t, "barge", oc.barge(barger, o), 0)
			<-w1.wake // the woken waiter runs its call only now
			got := async(func() abi.Errno { return oc.wait(w1, o) })
			h.waitParked(w1.tid)
			if q := h.order(o); len(q) != 2 || q[0] != w1.tid || q[1] != w2.tid {
				t.Fatalf("queue %v after the barge, want [%d %d]", q, w1.tid, w2.tid)
			}
			h.clock.Advance(time.Millisecond)
			expect(t, "free when starving", oc.free(barger, o), 0)
			expect(t, "woken waiter", result(t, got), 0)
			if q := h.order(o); len(q) != 1 || q[0] != w2.tid {
				t.Fatalf("queue %v after the hand-off, want [%d]", q, w2.tid)
			}
		})
	}
}

// TestStarvationThreshold: the hand-off starts when the longest waiter has
// waited exactly 1 ms. At 999 µs a free leaves the object to whoever runs
// first (and wakes the waiter); at 1 ms it hands it to the waiter.
func TestStarvationThreshold(t *testing.T) {
	for _, oc := range objectCases {
		t.Run(oc.name, func(t *testing.T) {
			h := newHarness(t)
			owner, w, barger := h.thread(), h.thread(), h.thread()
			o := oc.setup(owner)
			h.queueOn(w, o)
			h.clock.Advance(999 * time.Microsecond)
			expect(t, "free at 999µs", oc.free(owner, o), 0)
			if w.granted || len(w.wake) != 1 {
				t.Fatalf("at 999µs: granted %v, woken %d; want woken, not handed the object", w.granted, len(w.wake))
			}
			expect(t, "barge", oc.barge(barger, o), 0)
			h.clock.Advance(time.Microsecond)
			expect(t, "free at 1ms", oc.free(barger, o), 0)
			if !w.granted || w.result != 0 {
				t.Fatalf("at 1ms: granted %v (%v); want handed the object", w.granted, w.result)
			}
			if q := h.order(o); len(q) != 0 {
				t.Fatalf("queue %v after the hand-off", q)
			}
		})
	}
}

// TestWokenWaiterKeepsWaitersBit: a woken waiter that takes the freed
// mutex while another thread still waits leaves WAITERS set, so that its
// own unlock cannot take the guest fast path past that waiter. (Spinning
// is off: a spinning locker keeps the bit by itself; this is the queued
// path.)
func TestWokenWaiterKeepsWaitersBit(t *testing.T) {
	h := newHarness(t)
	h.run.spin = false
	owner, w1, w2 := h.thread(), h.thread(), h.thread()
	m := NewMutex(false)
	owner.LockMutex(m)
	h.queueOn(w1, m)
	h.queueOn(w2, m)
	expect(t, "unlock", owner.UnlockMutex(m), 0)
	<-w1.wake
	expect(t, "woken waiter", w1.LockMutex(m), 0)
	if o := m.Word(abi.MutexOffOwner); o != w1.tid|abi.OwnerWaiters {
		t.Fatalf("owner word %#x, want thread %d with WAITERS: thread %d still waits", o, w1.tid, w2.tid)
	}
	if guestUnlock(m, w1.tid) {
		t.Fatal("the fast-path unlock passed over the waiter")
	}
}
