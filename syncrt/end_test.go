package syncrt

import (
	"testing"
	"time"

	"github.com/wasync/wasync/abi"
)

// TestExitFromOutside: an embedder ends a thread alone, from another
// goroutine, while it is blocked. The blocked call returns Stopped, the
// thread's queue place is gone, the mutexes it owns are dead-owned (its
// waiter gets one with EOWNERDEAD), the blocked count stays right (the
// other threads can end without a false all-blocked report or a panic),
// and a later call of the ended thread that would block returns Stopped.
func TestExitFromOutside(t *testing.T) {
	var word uint32
	for _, tc := range []struct {
		name string
		call func(th *Thread, m, s *Object) abi.Errno
	}{
		{"lockmutex", func(th *Thread, m, _ *Object) abi.Errno { return th.LockMutex(m) }},
		{"timelockmutex", func(th *Thread, m, _ *Object) abi.Errno { return th.TimeLockMutex(m, int64(time.Hour)) }},
		{"acquiresemaphore", func(th *Thread, _, s *Object) abi.Errno { return th.AcquireSemaphore(s) }},
		{"timeacquiresemaphore", func(th *Thread, _, s *Object) abi.Errno {
			return th.TimeAcquireSemaphore(s, int64(time.Hour))
		}},
		{"wait32", func(th *Thread, _, _ *Object) abi.Errno { _, e := th.Wait32(&word, 0, Forever); return e }},
		{"timed wait32", func(th *Thread, _, _ *Object) abi.Errno {
			_, e := th.Wait32(&word, 0, int64(time.Hour))
			return e
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			a, b, d, e := h.thread(), h.thread(), h.thread(), h.thread()
			m, held, s := NewMutex(false), NewMutex(false), NewSemaphore(0)
			expect(t, "a lock", a.LockMutex(m), 0)
			expect(t, "b lock", b.LockMutex(held), 0)
			gd := async(func() abi.Errno { return d.LockMutex(held) })
			h.waitParked(d.tid)
			gb := async(func() abi.Errno { return tc.call(b, m, s) })
			h.waitParked(b.tid)

			b.Exit() // from the test's goroutine, not b's
			expect(t, "blocked call", result(t, gb), Stopped)
			expect(t, "waiter for b's mutex", result(t, gd), abi.EOWNERDEAD)
			h.run.mu.Lock()
			blocked, queues := h.run.blocked, len(h.run.queues)+len(h.run.words)
			h.run.mu.Unlock()
			if blocked != 0 || queues != 0 {
				t.Fatalf("blocked %d, queues %d after the end, want 0, 0", blocked, queues)
			}
			if o, w := m.Word(abi.MutexOffOwner), s.Word(abi.SemaphoreOffWaiters); o != a.tid || w != 0 {
				t.Fatalf("owner word %#x, waiters %d: b's place not cleared", o, w)
			}
			expect(t, "b blocks again", b.LockMutex(m), Stopped)

			d.Exit()
			e.Exit()
			if err := h.run.Err(); err != nil {
				t.Fatalf("run ended while a runs: %v", err)
			}
		})
	}
}

// TestExitAfterGrant: a thread ended after a release handed it a unit but
// before its call returned gives the unit back, for the next waiter; one
// handed a mutex leaves it dead-owned.
func TestExitAfterGrant(t *testing.T) {
	h := newHarness(t)
	rel, w, next := h.thread(), h.thread(), h.thread()
	s := NewSemaphore(0)
	h.queueOn(w, s)
	h.queueOn(next, s)
	h.clock.Advance(time.Millisecond)
	expect(t, "release", rel.ReleaseSemaphore(s), 0)
	if !w.granted || s.Word(abi.SemaphoreOffCount) != 0 {
		t.Fatal("the starving waiter was not handed the unit")
	}
	w.Exit()
	if c := s.Word(abi.SemaphoreOffCount); c != 1 || len(next.wake) != 1 {
		t.Fatalf("count %d, next woken %d: the unit was not given back", c, len(next.wake))
	}

	m, heir := NewMutex(false), h.thread()
	expect(t, "lock", rel.LockMutex(m), 0)
	h.queueOn(heir, m)
	h.clock.Advance(time.Millisecond)
	expect(t, "unlock", rel.UnlockMutex(m), 0)
	if !heir.granted {
		t.Fatal("the starving waiter was not handed the mutex")
	}
	heir.Exit()
	expect(t, "lock after the end", rel.LockMutex(m), abi.EOWNERDEAD)
}
