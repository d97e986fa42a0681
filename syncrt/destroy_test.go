package syncrt

import (
	"testing"

	"github.com/wasync/wasync/abi"
)

// TestDestroy: destroy in every state of the object. It clears the name
// word (and nothing else) when the object is free or its owner is dead, and
// is EBUSY, changing nothing, while a live thread owns it or threads wait;
// the EINVAL checks come first, as in every call.
func TestDestroy(t *testing.T) {
	const never = 99 // a tid never issued: dead
	tests := []struct {
		name  string
		obj   func(h *harness, self, other *Thread) *Object
		sem   bool
		want  abi.Errno
		after [4]uint32 // the words afterwards; zero: unchanged on error
	}{
		{name: "free mutex", obj: func(*harness, *Thread, *Thread) *Object { return mutexWords(0, 0, 0) },
			after: [4]uint32{0, 0, 0, 0}},
		{name: "free recursive mutex", obj: func(*harness, *Thread, *Thread) *Object { return mutexWords(0, 1, 0) },
			after: [4]uint32{0, 0, 1, 0}},
		{name: "owned by the caller", want: abi.EBUSY, obj: func(_ *harness, self, _ *Thread) *Object {
			m := NewMutex(false)
			expect(t, "lock", self.LockMutex(m), 0)
			return m
		}},
		{name: "owned by another live thread", want: abi.EBUSY, obj: func(_ *harness, _, other *Thread) *Object {
			m := NewMutex(false)
			expect(t, "lock", other.LockMutex(m), 0)
			return m
		}},
		{name: "owned by a tid never issued", obj: func(*harness, *Thread, *Thread) *Object { return mutexWords(never, 0, 1) },
			after: [4]uint32{0, never, 0, 1}},
		{name: "owned by a thread that ended", obj: func(_ *harness, _, other *Thread) *Object {
			m := NewMutex(false)
			expect(t, "lock", other.LockMutex(m), 0)
			other.Exit()
			return m
		}, after: [4]uint32{0, 3, 0, 1}},
		{name: "waited on, owner dead", want: abi.EBUSY, obj: func(h *harness, _, other *Thread) *Object {
			m := mutexWords(other.tid, 0, 1)
			waiter := h.thread()
			c := async(func() abi.Errno { return waiter.LockMutex(m) })
			h.waitParked(waiter.tid)
			t.Cleanup(func() { h.run.Stop(nil); result(t, c) })
			m.store(wOwner, never|abi.OwnerWaiters) // as if its owner died a moment ago
			return m
		}},
		{name: "semaphore", sem: true, obj: func(*harness, *Thread, *Thread) *Object { return semWords(3, 0) },
			after: [4]uint32{0, 3, 0, 0}},
		{name: "semaphore with no units", sem: true, obj: func(*harness, *Thread, *Thread) *Object { return semWords(0, 0) },
			after: [4]uint32{0, 0, 0, 0}},
		{name: "semaphore waited on", sem: true, want: abi.EBUSY, obj: func(h *harness, _, other *Thread) *Object {
			s := semWords(0, 0)
			c := async(func() abi.Errno { return other.AcquireSemaphore(s) })
			h.waitParked(other.tid)
			t.Cleanup(func() { h.run.Stop(nil); result(t, c) })
			return s
		}},
		{name: "zeroed memory", obj: func(*harness, *Thread, *Thread) *Object { return &Object{} }, want: abi.EINVAL},
		{name: "semaphore as mutex", obj: func(*harness, *Thread, *Thread) *Object { return semWords(1, 0) }, want: abi.EINVAL},
		{name: "mutex as semaphore", sem: true, obj: func(*harness, *Thread, *Thread) *Object { return mutexWords(0, 0, 0) }, want: abi.EINVAL},
		{name: "recursive 2", obj: func(*harness, *Thread, *Thread) *Object { return mutexWords(0, 2, 0) }, want: abi.EINVAL},
		{name: "owner bit 29", obj: func(*harness, *Thread, *Thread) *Object { return mutexWords(1<<29, 0, 0) }, want: abi.EINVAL},
		{name: "semaphore count past the maximum", sem: true, obj: func(*harness, *Thread, *Thread) *Object { return semWords(abi.MaxCount+1, 0) },
			want: abi.EINVAL},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			self, _, other := h.thread(), h.thread(), h.thread()
			o := tc.obj(h, self, other)
			before := words(o)
			destroy := self.DestroyMutex
			if tc.sem {
				destroy = self.DestroySemaphore
			}
			expect(t, "destroy", destroy(o), tc.want)
			want := tc.after
			if tc.want != 0 {
				want = before
			}
			if got := words(o); got != want {
				t.Errorf("words %#x, want %#x", got, want)
			}
		})
	}
}

// TestDestroyedIsEINVAL: every call on a destroyed object is EINVAL, a
// second destroy too, until the object is laid out again.
func TestDestroyedIsEINVAL(t *testing.T) {
	h := newHarness(t)
	th := h.thread()
	m, s := NewMutex(false), NewSemaphore(1)
	expect(t, "destroymutex", th.DestroyMutex(m), 0)
	expect(t, "destroysemaphore", th.DestroySemaphore(s), 0)
	for _, c := range mutexCalls {
		expect(t, c.name, c.do(th, m), abi.EINVAL)
	}
	for _, c := range semCalls {
		expect(t, c.name, c.do(th, s), abi.EINVAL)
	}
	expect(t, "destroymutex again", th.DestroyMutex(m), abi.EINVAL)
	expect(t, "destroysemaphore again", th.DestroySemaphore(s), abi.EINVAL)
	*m, *s = *NewMutex(false), *NewSemaphore(1)
	expect(t, "lock once laid out again", th.LockMutex(m), 0)
	expect(t, "acquire once laid out again", th.AcquireSemaphore(s), 0)
}

// TestDestroyRacingFastPath: a guest's fast path takes the mutex (or a
// unit) between destroy's check and its clearing of the name. The swap
// that fences the fast path out fails, and destroy looks again: a live
// owner's mutex is never destroyed, and a semaphore keeps its name and
// its count.
func TestDestroyRacingFastPath(t *testing.T) {
	h := newHarness(t)
	self, other := h.thread(), h.thread()
	m := NewMutex(false)
	h.run.beforeFence = func() {
		h.run.beforeFence = nil
		if !m.fastLock(other.tid) {
			t.Error("the fast path could not take the free mutex")
		}
	}
	expect(t, "destroymutex", self.DestroyMutex(m), abi.EBUSY)
	if got := words(m); got != [4]uint32{abi.MutexName, other.tid, 0, 1} {
		t.Fatalf("words %#x: the mutex the fast path took was harmed", got)
	}

	s := NewSemaphore(2)
	h.run.beforeFence = func() {
		h.run.beforeFence = nil
		if !takeUnit(s) {
			t.Error("the fast path could not take a unit")
		}
	}
	expect(t, "destroysemaphore", self.DestroySemaphore(s), 0)
	if got := words(s); got != [4]uint32{0, 1, 0, 0} {
		t.Fatalf("words %#x, want the unit taken and the name cleared", got)
	}
}
