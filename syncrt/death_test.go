package syncrt

import (
	"errors"
	"strings"
	"testing"
	"unsafe"

	"github.com/wasync/wasync/abi"
)

// TestOwnerDeath: a mutex whose owner ended is dead-owned: the next locker
// gets it with EOWNERDEAD, count 1, then it is an ordinary mutex. This holds
// for a mutex taken through the guest fast path, known only by its tid.
func TestOwnerDeath(t *testing.T) {
	for _, tc := range []struct {
		name string
		take func(*Thread, *Object)
		c    call
	}{
		{"lockmutex then lock", func(th *Thread, m *Object) { th.LockMutex(m) }, lock},
		{"recursive depth 3 then trylock", func(th *Thread, m *Object) {
			th.LockMutex(m)
			th.LockMutex(m)
			th.LockMutex(m)
		}, trylock},
		{"fast path then timelock(0)", func(th *Thread, m *Object) { guestLock(m, th.tid) }, timelock0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			a, b := h.thread(), h.thread()
			m := NewMutex(true)
			tc.take(a, m)
			a.Exit()
			expect(t, tc.c.name, tc.c.do(b, m), abi.EOWNERDEAD)
			if w := words(m); w != [4]uint32{mtx, b.tid, 1, 1} {
				t.Fatalf("words %x, want owned by b at depth 1", w)
			}
			expect(t, "unlock", b.UnlockMutex(m), 0)
			expect(t, "lock again", b.LockMutex(m), 0)
		})
	}
}

// TestOwnerDeathWakesLongestWaiter: when the owner ends, the longest waiter
// is woken at once with EOWNERDEAD and the others keep waiting.
func TestOwnerDeathWakesLongestWaiter(t *testing.T) {
	h := newHarness(t)
	a, b, c := h.thread(), h.thread(), h.thread()
	m := NewMutex(false)
	guestLock(m, a.tid)
	gb := async(func() abi.Errno { return b.LockMutex(m) })
	h.waitParked(b.tid)
	gc := async(func() abi.Errno { return c.LockMutex(m) })
	h.waitParked(c.tid)
	a.Exit()
	expect(t, "longest waiter", result(t, gb), abi.EOWNERDEAD)
	if w := m.Word(abi.MutexOffOwner); w != b.tid|abi.OwnerWaiters {
		t.Fatalf("owner word %#x, want b|WAITERS", w)
	}
	select {
	case e := <-gc:
		t.Fatalf("second waiter returned %v; it should keep waiting", e)
	default:
	}
	expect(t, "b unlock", b.UnlockMutex(m), 0)
	expect(t, "second waiter", result(t, gc), 0)
}

// TestDeadlockCycles: a lock that would close a cycle of threads each
// waiting (timed or not) for a mutex the next owns is EDEADLK, at once.
func TestDeadlockCycles(t *testing.T) {
	for _, tc := range []struct {
		name  string
		n     int
		timed bool
	}{{"2 threads", 2, false}, {"3 threads", 3, false}, {"3 threads timed", 3, true}, {"5 threads", 5, false}} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			ts := h.threads(tc.n)
			ms := make([]*Object, tc.n)
			for i := range ms {
				ms[i] = NewMutex(false)
				ts[i].LockMutex(ms[i])
			}
			// Thread i waits for mutex i+1; the last closes the cycle.
			var got []<-chan abi.Errno
			for i := 0; i < tc.n-1; i++ {
				th, m := ts[i], ms[i+1]
				got = append(got, async(func() abi.Errno {
					if tc.timed {
						return th.TimeLockMutex(m, 1e15)
					}
					return th.LockMutex(m)
				}))
				h.waitParked(th.tid)
			}
			last := ts[tc.n-1]
			expect(t, "closing lock", last.LockMutex(ms[0]), abi.EDEADLK)
			expect(t, "closing timelock", last.TimeLockMutex(ms[0], 1e15), abi.EDEADLK)
			// Unwind: the last thread unlocks, and so on down the chain.
			last.UnlockMutex(ms[tc.n-1])
			for i := tc.n - 2; i >= 0; i-- {
				expect(t, "unwound waiter", result(t, got[i]), 0)
				ts[i].UnlockMutex(ms[i+1])
				ts[i].UnlockMutex(ms[i])
			}
		})
	}
}

// TestAllBlocked: when every live thread is blocked with no timeout, the
// run ends with a report of each thread, what it waits for and its owner,
// and the blocked calls return Stopped.
func TestAllBlocked(t *testing.T) {
	h := newHarness(t)
	a, b, c := h.thread(), h.thread(), h.thread()
	m, s := NewMutex(false), NewSemaphore(0)
	h.run.describe = func(o ObjectRef) string {
		if o == RefOf(m) {
			return "M"
		}
		return "S"
	}
	a.LockMutex(m)
	ga := async(func() abi.Errno { return a.AcquireSemaphore(s) })
	h.waitParked(a.tid)
	gb := async(func() abi.Errno { return b.LockMutex(m) })
	h.waitParked(b.tid)
	// A timed waiter is not blocked for good: the run goes on.
	gc := async(func() abi.Errno { return c.TimeLockMutex(m, 1000) })
	h.waitParked(c.tid)
	if h.run.Err() != nil {
		t.Fatalf("run ended with a timed waiter live: %v", h.run.Err())
	}
	h.clock.Advance(1000)
	expect(t, "timed waiter", result(t, gc), abi.ETIMEDOUT)
	if h.run.Err() != nil {
		t.Fatal("run ended while c runs")
	}
	c.Exit() // now every live thread is blocked for good
	expect(t, "a", result(t, ga), Stopped)
	expect(t, "b", result(t, gb), Stopped)
	var ab *AllBlockedError
	if !errors.As(h.run.Err(), &ab) {
		t.Fatalf("Err = %v, want *AllBlockedError", h.run.Err())
	}
	want := []BlockedThread{{Tid: 1, Semaphore: true, Object: "S"}, {Tid: 2, Object: "M", Owner: 1}}
	if len(ab.Threads) != 2 || ab.Threads[0] != want[0] || ab.Threads[1] != want[1] {
		t.Fatalf("report %+v, want %+v", ab.Threads, want)
	}
	for _, s := range []string{"thread 1 waits for semaphore S", "thread 2 waits for mutex M (owned by thread 1)"} {
		if !strings.Contains(ab.Error(), s) {
			t.Errorf("report %q lacks %q", ab.Error(), s)
		}
	}
}

// TestExitAfterStopHandsNothing: once the run has ended, a dying owner's
// mutex is not handed to a waiter, which gets Stopped, not EOWNERDEAD.
func TestExitAfterStopHandsNothing(t *testing.T) {
	h := newHarness(t)
	a, b := h.thread(), h.thread()
	m := NewMutex(false)
	a.LockMutex(m)
	h.queueByHand(b, m)
	h.run.Stop(errTest)
	a.Exit()
	if b.granted || m.Word(abi.MutexOffOwner)&abi.OwnerTidMask != a.tid {
		t.Fatalf("granted %v, owner word %#x: handed over after the run ended", b.granted, m.Word(abi.MutexOffOwner))
	}
}

// TestGarbageOwnTidWhileQueued: a guest writing a waiter's own tid into the
// owner word makes that waiter's lock a relock (EDEADLK here), and the
// waiter must leave the queue with it: a thread still queued after its call
// returned would corrupt the queue and panic the host later.
func TestGarbageOwnTidWhileQueued(t *testing.T) {
	h := newHarness(t)
	a, b := h.thread(), h.thread()
	m := NewMutex(false)
	a.LockMutex(m)
	got := async(func() abi.Errno { return b.LockMutex(m) })
	h.waitParked(b.tid)
	m.store(wOwner, b.tid|abi.OwnerWaiters) // guest garbage, valid bits
	h.run.mu.Lock()
	h.run.wakeUp(b) // a stale "look again"
	h.run.mu.Unlock()
	expect(t, "lock", result(t, got), abi.EDEADLK)
	if b.q != nil || h.run.Queues() != 0 {
		t.Fatalf("b returned but is still queued (%d queues)", h.run.Queues())
	}
	var word uint32
	w := asyncWait(b, &word, 0, Forever)
	h.waitParked(b.tid)
	h.run.Notify(unsafe.Pointer(&word), 1)
	<-w
	h.clock.Advance(starvation)
	expect(t, "unlock", b.UnlockMutex(m), 0)
}

// TestGarbageRetypedWhileWaited: a guest that retypes a mutex threads wait
// on into a semaphore gets EINVAL from semaphore calls on it, and no waiter
// is handed anything it does not own.
func TestGarbageRetypedWhileWaited(t *testing.T) {
	h := newHarness(t)
	a, b, c := h.thread(), h.thread(), h.thread()
	m := NewMutex(false)
	a.LockMutex(m)
	got := async(func() abi.Errno { return b.LockMutex(m) })
	h.waitParked(b.tid)
	m.store(wName, abi.SemaphoreName) // {SEMA, 0, 1, 0}
	m.store(wOwner, 0)
	m.store(wWaiters, 1)
	h.clock.Advance(starvation)
	expect(t, "release", c.ReleaseSemaphore(m), abi.EINVAL)
	expect(t, "acquire", c.TimeAcquireSemaphore(m, 1000), abi.EINVAL)
	h.run.Stop(errTest)
	expect(t, "waiter", result(t, got), Stopped)
}

// TestOwnerDeathAtDepthHandsCountOne: an owner that dies holding a
// recursive mutex three deep, with a thread waiting, hands it to the
// waiter at depth 1 (EOWNERDEAD, count 1), not at the dead owner's depth.
func TestOwnerDeathAtDepthHandsCountOne(t *testing.T) {
	h := newHarness(t)
	a, b := h.thread(), h.thread()
	m := NewMutex(true)
	for range 3 {
		expect(t, "a lock", a.LockMutex(m), 0)
	}
	got := async(func() abi.Errno { return b.LockMutex(m) })
	h.waitParked(b.tid)
	a.Exit()
	expect(t, "waiter", result(t, got), abi.EOWNERDEAD)
	if w := words(m); w != [4]uint32{mtx, b.tid, 1, 1} {
		t.Fatalf("words %x, want owned by b at depth 1", w)
	}
}
