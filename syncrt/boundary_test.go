package syncrt

import (
	"errors"
	"testing"

	"github.com/wasync/wasync/abi"
)

// TestReason: the engine says which rule gave EDEADLK and EPERM, so a
// binding never reads the object again to tell them apart.
func TestReason(t *testing.T) {
	h := newHarness(t)
	a, b := h.thread(), h.thread()
	m1, m2 := NewMutex(false), NewMutex(false)
	expect(t, "a locks m1", a.LockMutex(m1), 0)
	expect(t, "b locks m2", b.LockMutex(m2), 0)
	got := async(func() abi.Errno { return a.LockMutex(m2) }) // a waits for b
	h.waitParked(a.tid)
	for _, tc := range []struct {
		name string
		call func() abi.Errno
		th   *Thread
		want abi.Errno
		why  Reason
	}{
		{"relock of a non-recursive mutex", func() abi.Errno { return b.LockMutex(m2) }, b, abi.EDEADLK, Relock},
		{"trylock relock", func() abi.Errno { return b.TryLockMutex(m2) }, b, abi.EDEADLK, Relock},
		{"lock closing a cycle", func() abi.Errno { return b.LockMutex(m1) }, b, abi.EDEADLK, Cycle},
		{"timed lock closing a cycle", func() abi.Errno { return b.TimeLockMutex(m1, Forever) }, b, abi.EDEADLK, Cycle},
		{"unlock by another thread", func() abi.Errno { return b.UnlockMutex(m1) }, b, abi.EPERM, NotOwner},
		{"unlock of an unlocked mutex", func() abi.Errno { return b.UnlockMutex(NewMutex(false)) }, b, abi.EPERM, NotLocked},
	} {
		if e := tc.call(); e != tc.want || tc.th.Reason() != tc.why {
			t.Errorf("%s: %v, reason %v; want %v, %v", tc.name, e, tc.th.Reason(), tc.want, tc.why)
		}
	}
	expect(t, "b unlocks m2", b.UnlockMutex(m2), 0)
	expect(t, "a's lock of m2", result(t, got), 0)
}

// TestForever: Forever is the API's one "no limit": a timed call given it
// blocks for good (the all-blocked report counts it), and a negative
// timeout is EINVAL for every call, the waits too.
func TestForever(t *testing.T) {
	h := newHarness(t)
	a, b := h.thread(), h.thread()
	m, s := NewMutex(false), NewSemaphore(0)
	var word uint32
	for _, tc := range []struct {
		name string
		call func() abi.Errno
	}{
		{"timelockmutex", func() abi.Errno { return b.TimeLockMutex(m, -1) }},
		{"timeacquiresemaphore", func() abi.Errno { return b.TimeAcquireSemaphore(s, -5) }},
		{"wait32", func() abi.Errno { _, e := b.Wait32(&word, 0, -1); return e }},
		{"wait64", func() abi.Errno { var w uint64; _, e := b.Wait64(&w, 0, -1); return e }},
	} {
		expect(t, tc.name+" with a negative timeout", tc.call(), abi.EINVAL)
	}
	expect(t, "a locks m", a.LockMutex(m), 0)
	gb := async(func() abi.Errno { return b.TimeLockMutex(m, Forever) })
	h.waitParked(b.tid)
	ga := async(func() abi.Errno { return a.TimeAcquireSemaphore(s, Forever) })
	expect(t, "a's acquire", result(t, ga), Stopped)
	expect(t, "b's lock", result(t, gb), Stopped)
	var report *AllBlockedError
	if !errors.As(h.run.Err(), &report) || len(report.Threads) != 2 {
		t.Fatalf("run ended with %v, want an all-blocked report of both threads", h.run.Err())
	}
}

// TestObjectAccessors: the typed accessors decode the words as the ABI
// lays them out, the WAITERS bit apart from the owner's tid.
func TestObjectAccessors(t *testing.T) {
	m := mutexWords(7|abi.OwnerWaiters, abi.RecursiveYes, 3)
	if m.Kind() != KindMutex || m.Owner() != 7 || !m.Recursive() || m.Depth() != 3 {
		t.Errorf("mutex: kind %v owner %d recursive %v depth %d", m.Kind(), m.Owner(), m.Recursive(), m.Depth())
	}
	s := semWords(5, 2)
	if s.Kind() != KindSemaphore || s.Count() != 5 || s.Waiters() != 2 {
		t.Errorf("semaphore: kind %v count %d waiters %d", s.Kind(), s.Count(), s.Waiters())
	}
	if k := (&Object{}).Kind(); k != 0 || k.String() != "none" {
		t.Errorf("zeroed memory is %v", k)
	}
	if r := RefOf(m); r.Owner() != 7 || r.Kind() != KindMutex || RefOf(s).Owner() != 0 {
		t.Errorf("ref: owner %d kind %v, semaphore's owner %d", r.Owner(), r.Kind(), RefOf(s).Owner())
	}
}
