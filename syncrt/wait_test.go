package syncrt

import (
	"testing"
	"time"
	"unsafe"

	"github.com/wasync/wasync/abi"
)

// TestLockBlocksUntilUnlock: a locker of an owned mutex waits, with WAITERS
// set, and gets the mutex once the owner unlocks.
func TestLockBlocksUntilUnlock(t *testing.T) {
	h := newHarness(t)
	a, b := h.thread(), h.thread()
	m := NewMutex(false)
	expect(t, "a lock", a.LockMutex(m), 0)
	got := async(func() abi.Errno { return b.LockMutex(m) })
	h.waitParked(b.tid)
	if w := m.Word(abi.MutexOffOwner); w != a.tid|abi.OwnerWaiters {
		t.Fatalf("owner word while b waits = %#x, want a|WAITERS", w)
	}
	expect(t, "a unlock", a.UnlockMutex(m), 0)
	expect(t, "b lock", result(t, got), 0)
	if w := words(m); w != [4]uint32{mtx, b.tid, 0, 1} {
		t.Fatalf("words %x, want b owning, no WAITERS", w)
	}
	if len(h.run.queues) != 0 {
		t.Fatalf("%d queues left, want none", len(h.run.queues))
	}
}

// TestTimedLock: a timed lock gives up at its deadline (not before:
// TestTimeoutNotBeforeDeadline), leaves no queue and clears WAITERS; one
// that the owner frees in time succeeds.
func TestTimedLock(t *testing.T) {
	h := newHarness(t)
	a, b := h.thread(), h.thread()
	m := NewMutex(false)
	a.LockMutex(m)
	got := async(func() abi.Errno { return b.TimeLockMutex(m, int64(5*time.Millisecond)) })
	h.waitParked(b.tid)
	h.clock.Advance(5 * time.Millisecond)
	expect(t, "timed lock", result(t, got), abi.ETIMEDOUT)
	if w := m.Word(abi.MutexOffOwner); w != a.tid {
		t.Fatalf("owner word after timeout = %#x, want a without WAITERS", w)
	}
	if len(h.run.queues) != 0 || h.clock.Timers() != 0 {
		t.Fatalf("queues %d, timers %d left", len(h.run.queues), h.clock.Timers())
	}

	got = async(func() abi.Errno { return b.TimeLockMutex(m, int64(time.Second)) })
	h.waitParked(b.tid)
	a.UnlockMutex(m)
	expect(t, "timed lock freed in time", result(t, got), 0)
	if h.clock.Timers() != 0 {
		t.Fatal("timer not stopped")
	}
}

// TestFIFOHandoff: waiters get the mutex in the order they queued; once
// the longest waiter has waited 1 ms, unlock hands it the mutex, owner set
// before it wakes, and newcomers cannot take it.
func TestFIFOHandoff(t *testing.T) {
	h := newHarness(t)
	ts := h.threads(5)
	owner, newcomer, waiters := ts[0], ts[4], ts[1:4]
	m := NewMutex(false)
	owner.LockMutex(m)
	var got []<-chan abi.Errno
	for _, w := range waiters {
		got = append(got, async(func() abi.Errno { return w.LockMutex(m) }))
		h.waitParked(w.tid)
	}
	h.clock.Advance(starvation)
	prev := owner
	for i, w := range waiters {
		expect(t, "unlock", prev.UnlockMutex(m), 0)
		want := w.tid
		if i < len(waiters)-1 {
			want |= abi.OwnerWaiters
		}
		if o := m.Word(abi.MutexOffOwner); o != want {
			t.Fatalf("after unlock %d: owner word %#x, want %#x (handed to thread %d)", i, o, want, w.tid)
		}
		expect(t, "newcomer trylock", newcomer.TryLockMutex(m), abi.EBUSY)
		expect(t, "waiter lock", result(t, got[i]), 0)
		prev = w
	}
}

// TestBargeBelowStarvation: below 1 ms an unlock frees the mutex and wakes
// the longest waiter, a running thread may take it first, and the woken
// waiter keeps its place at the head. At 1 ms the next unlock hands it over.
// The waiter is queued by hand (no goroutine) so each step is exact.
func TestBargeBelowStarvation(t *testing.T) {
	h := newHarness(t)
	a, w, c := h.thread(), h.thread(), h.thread()
	m := NewMutex(false)
	a.LockMutex(m)
	h.queueByHand(w, m)

	expect(t, "a unlock", a.UnlockMutex(m), 0)
	if o := m.Word(abi.MutexOffOwner); o != abi.OwnerWaiters {
		t.Fatalf("owner word %#x, want free with WAITERS", o)
	}
	if len(w.wake) != 1 {
		t.Fatal("the longest waiter was not woken")
	}
	expect(t, "newcomer trylock", c.TryLockMutex(m), 0)
	if o := m.Word(abi.MutexOffOwner); o != c.tid|abi.OwnerWaiters {
		t.Fatalf("owner word %#x, want c|WAITERS", o)
	}
	if q := h.run.queues[unsafe.Pointer(m)]; q == nil || q.head != w {
		t.Fatal("the woken waiter lost its place at the head")
	}

	h.clock.Advance(starvation)
	expect(t, "c unlock", c.UnlockMutex(m), 0)
	if o := words(m); o != [4]uint32{mtx, w.tid, 0, 1} || !w.granted {
		t.Fatalf("words %x granted %v, want handed to the waiter", o, w.granted)
	}
}

// TestBargeWindow: an unlock decides between freeing and handing over by
// the longest waiter's wait at that moment (a clock read per unlock, none
// per lock). A mutex freed while the waiter had waited under 1 ms stays
// free for whoever runs first, as with Go's sync.Mutex; the next unlock
// hands it over.
func TestBargeWindow(t *testing.T) {
	h := newHarness(t)
	a, w, c := h.thread(), h.thread(), h.thread()
	m := NewMutex(false)
	a.LockMutex(m)
	h.queueByHand(w, m)
	a.UnlockMutex(m)
	h.clock.Advance(starvation)
	expect(t, "newcomer trylock", c.TryLockMutex(m), 0)
	expect(t, "newcomer unlock", c.UnlockMutex(m), 0)
	if o := m.Word(abi.MutexOffOwner); o != w.tid || !w.granted {
		t.Fatalf("owner word %#x, want handed to the starving waiter", o)
	}
}

// queueByHand queues th on m as lockSlow would, without parking it.
func (h *harness) queueByHand(th *Thread, m *Object) {
	r := h.run
	r.mu.Lock()
	defer r.mu.Unlock()
	for w := m.load(wOwner); !m.cas(wOwner, w, w|abi.OwnerWaiters); w = m.load(wOwner) {
	}
	r.enqueue(th, unsafe.Pointer(m), KindMutex, false)
}

// TestWaitersBitStopsFastUnlock: while threads wait, the ABI's fast-path
// unlock (compare-exchange owner tid → 0) fails, so the owner must call
// unlockmutex, which wakes the waiter.
func TestWaitersBitStopsFastUnlock(t *testing.T) {
	h := newHarness(t)
	a, b := h.thread(), h.thread()
	m := NewMutex(false)
	if !guestLock(m, a.tid) {
		t.Fatal("fast-path lock of a free mutex failed")
	}
	got := async(func() abi.Errno { return b.LockMutex(m) })
	h.waitParked(b.tid)
	if guestUnlock(m, a.tid) {
		t.Fatal("fast-path unlock succeeded while a thread waits")
	}
	expect(t, "unlockmutex", a.UnlockMutex(m), 0)
	expect(t, "waiter", result(t, got), 0)
}

// guestLock and guestUnlock are the ABI's fast path, as a guest runs it.
func guestLock(m *Object, tid uint32) bool {
	if !m.cas(wOwner, 0, tid) {
		return false
	}
	m.store(wMCount, 1)
	return true
}

func guestUnlock(m *Object, tid uint32) bool {
	m.store(wMCount, 0)
	if m.cas(wOwner, tid, 0) {
		return true
	}
	m.store(wMCount, 1)
	return false
}

// TestSemaphoreWait: an acquirer of an empty semaphore waits, counted in
// the waiters field, until a release; a timed one gives up at its deadline.
func TestSemaphoreWait(t *testing.T) {
	h := newHarness(t)
	a, b := h.thread(), h.thread()
	s := NewSemaphore(0)
	got := async(func() abi.Errno { return b.AcquireSemaphore(s) })
	h.waitParked(b.tid)
	if w := s.Word(abi.SemaphoreOffWaiters); w != 1 {
		t.Fatalf("waiters = %d, want 1", w)
	}
	expect(t, "release", a.ReleaseSemaphore(s), 0)
	expect(t, "acquire", result(t, got), 0)
	if w := words(s); w != [4]uint32{sema, 0, 0, 0} {
		t.Fatalf("words %x, want count 0, waiters 0", w)
	}

	got = async(func() abi.Errno { return b.TimeAcquireSemaphore(s, 1000) })
	h.waitParked(b.tid)
	h.clock.Advance(1000)
	expect(t, "timed acquire", result(t, got), abi.ETIMEDOUT)
	if w := words(s); w != [4]uint32{sema, 0, 0, 0} || len(h.run.queues) != 0 {
		t.Fatalf("words %x queues %d after timeout", w, len(h.run.queues))
	}
}

// TestSemaphoreHandoff: once the longest waiter has waited 1 ms, a release
// hands it the unit (count unchanged), in FIFO order; before that, a release
// adds a unit that a running thread may take first.
func TestSemaphoreHandoff(t *testing.T) {
	h := newHarness(t)
	ts := h.threads(4)
	rel, newcomer, waiters := ts[0], ts[3], ts[1:3]
	s := NewSemaphore(0)
	var got []<-chan abi.Errno
	for _, w := range waiters {
		got = append(got, async(func() abi.Errno { return w.AcquireSemaphore(s) }))
		h.waitParked(w.tid)
	}
	h.clock.Advance(starvation)
	for i := range waiters {
		expect(t, "release", rel.ReleaseSemaphore(s), 0)
		if c := s.Word(abi.SemaphoreOffCount); c != 0 {
			t.Fatalf("count %d after a hand-off release, want 0", c)
		}
		expect(t, "newcomer", newcomer.TimeAcquireSemaphore(s, 0), abi.ETIMEDOUT)
		expect(t, "waiter", result(t, got[i]), 0)
		if w := s.Word(abi.SemaphoreOffWaiters); w != uint32(len(waiters)-1-i) {
			t.Fatalf("waiters %d after hand-off %d", w, i)
		}
	}

	// Below the threshold: the release adds a unit, a newcomer takes it,
	// and the woken waiter stays queued at the head.
	w := waiters[0]
	h.run.mu.Lock()
	h.run.enqueue(w, unsafe.Pointer(s), KindSemaphore, false)
	h.run.mu.Unlock()
	expect(t, "release", rel.ReleaseSemaphore(s), 0)
	if len(w.wake) != 1 {
		t.Fatal("waiter not woken")
	}
	expect(t, "newcomer", newcomer.TimeAcquireSemaphore(s, 0), 0)
	if q := h.run.queues[unsafe.Pointer(s)]; q == nil || q.head != w {
		t.Fatal("woken waiter lost its place")
	}
}

// TestCancelUnblocks: ending the run returns Stopped from every blocked
// call promptly, and Err gives the cause.
func TestCancelUnblocks(t *testing.T) {
	h := newHarness(t)
	a, b, c := h.thread(), h.thread(), h.thread()
	m, s := NewMutex(false), NewSemaphore(0)
	a.LockMutex(m)
	gb := async(func() abi.Errno { return b.LockMutex(m) })
	gc := async(func() abi.Errno { return c.TimeAcquireSemaphore(s, int64(time.Hour)) })
	h.waitParked(b.tid)
	h.waitParked(c.tid)
	h.run.Stop(errTest)
	expect(t, "blocked lock", result(t, gb), Stopped)
	expect(t, "blocked acquire", result(t, gc), Stopped)
	if h.run.Err() != errTest {
		t.Fatalf("Err = %v", h.run.Err())
	}
	expect(t, "lock after stop", b.LockMutex(m), Stopped)
	if len(h.run.queues) != 0 {
		t.Fatal("queues left after stop")
	}
}

var errTest = errorString("test stop")

type errorString string

func (e errorString) Error() string { return string(e) }

// TestSemaphoreHandoffPassesWakeOn: a release that added a unit and woke
// the head, then a starving release that hands that head a unit directly,
// must wake the next waiter for the unit left in count.
func TestSemaphoreHandoffPassesWakeOn(t *testing.T) {
	h := newHarness(t)
	rel, w1, w2 := h.thread(), h.thread(), h.thread()
	s := NewSemaphore(0)
	h.run.mu.Lock()
	h.run.enqueue(w1, unsafe.Pointer(s), KindSemaphore, false)
	h.run.enqueue(w2, unsafe.Pointer(s), KindSemaphore, false)
	h.run.mu.Unlock()
	expect(t, "release", rel.ReleaseSemaphore(s), 0) // count 1, w1 woken
	h.clock.Advance(starvation)
	expect(t, "starving release", rel.ReleaseSemaphore(s), 0) // w1 granted
	if !w1.granted || s.Word(abi.SemaphoreOffCount) != 1 {
		t.Fatalf("granted %v count %d", w1.granted, s.Word(abi.SemaphoreOffCount))
	}
	if len(w2.wake) != 1 {
		t.Fatal("the unit left in count woke no one")
	}

	// With no unit left in count there is nothing to pass on.
	<-w2.wake
	w3 := h.thread()
	h.queueOn(w3, s)
	expect(t, "take the unit", rel.TimeAcquireSemaphore(s, 0), 0)
	expect(t, "starving release", rel.ReleaseSemaphore(s), 0) // w2 granted
	if !w2.granted || len(w3.wake) != 0 {
		t.Fatalf("granted %v, next woken %d: want granted and no one else woken", w2.granted, len(w3.wake))
	}
}

// TestReleaseSeesWaiterQueuedMeanwhile: a release that found no waiters
// and then adds its unit looks at waiters again, and wakes an acquirer
// that queued and parked in between (it saw no unit yet): without that
// second look the unit would sit beside a parked waiter.
func TestReleaseSeesWaiterQueuedMeanwhile(t *testing.T) {
	h := newHarness(t)
	rel, w := h.thread(), h.thread()
	s := NewSemaphore(0)
	var got <-chan abi.Errno
	h.run.beforeAdd = func() {
		h.run.beforeAdd = nil
		got = async(func() abi.Errno { return w.AcquireSemaphore(s) })
		h.waitParked(w.tid)
	}
	expect(t, "release", rel.ReleaseSemaphore(s), 0)
	h.run.mu.Lock()
	parked := w.parked
	h.run.mu.Unlock()
	if parked {
		t.Fatal("the release left the waiter parked beside its unit")
	}
	expect(t, "acquire", result(t, got), 0)
	if w := words(s); w != [4]uint32{sema, 0, 0, 0} {
		t.Fatalf("words %x, want the unit taken", w)
	}
}
