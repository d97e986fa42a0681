package syncrt

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"

	"github.com/wasync/wasync/abi"
)

// waiterAt starts a thread at priority p blocked in call on o, and returns
// it with its call's result once it has parked.
func (h *harness) waiterAt(p int, o *Object, call func(*Thread, *Object) abi.Errno) (*Thread, <-chan abi.Errno) {
	h.t.Helper()
	th := h.thread()
	expect(h.t, "setpriority", th.SetPriority(p), 0)
	c := async(func() abi.Errno { return call(th, o) })
	h.waitParked(th.tid)
	return th, c
}

func expectPrio(t *testing.T, what string, th *Thread, want int) {
	t.Helper()
	if got := th.Priority(); got != want {
		t.Fatalf("%s: thread %d's priority is %d, want %d", what, th.tid, got, want)
	}
}

func expectOrder(t *testing.T, h *harness, o *Object, want ...*Thread) {
	t.Helper()
	got := h.order(o)
	ok := len(got) == len(want)
	for i := range want {
		ok = ok && got[i] == want[i].tid
	}
	if !ok {
		var tids []uint32
		for _, w := range want {
			tids = append(tids, w.tid)
		}
		t.Fatalf("queue %v, want %v", got, tids)
	}
}

// TestHandOffByPriority: each hand-off (past 1 ms, so the engine itself
// chooses) goes to the highest-priority waiter, FIFO among equals, for a
// mutex and for a semaphore: priorities 5, 20, 15, 20 are served as the
// first 20, the second 20, 15, 5.
func TestHandOffByPriority(t *testing.T) {
	for _, oc := range objectCases {
		t.Run(oc.name, func(t *testing.T) {
			h := newHarness(t)
			owner := h.thread()
			o := oc.setup(owner)
			var ws []*Thread
			results := map[*Thread]<-chan abi.Errno{}
			for _, p := range []int{5, 20, 15, 20} {
				w, c := h.waiterAt(p, o, oc.wait)
				ws = append(ws, w)
				results[w] = c
			}
			want := []*Thread{ws[1], ws[3], ws[2], ws[0]}
			expectOrder(t, h, o, want...)
			h.clock.Advance(time.Millisecond)
			from := owner
			for i, w := range want {
				expect(t, "free", oc.free(from, o), 0)
				expect(t, "the head's call", result(t, results[w]), 0)
				expectOrder(t, h, o, want[i+1:]...)
				from = w
			}
		})
	}
}

// TestFIFOAmongEquals: waiters of equal priority are served in the order
// they queued, also when a higher one queued between them.
func TestFIFOAmongEquals(t *testing.T) {
	for _, oc := range objectCases {
		t.Run(oc.name, func(t *testing.T) {
			h := newHarness(t)
			o := oc.setup(h.thread())
			a, _ := h.waiterAt(10, o, oc.wait)
			b, _ := h.waiterAt(10, o, oc.wait)
			hi, _ := h.waiterAt(11, o, oc.wait)
			c, _ := h.waiterAt(10, o, oc.wait)
			expectOrder(t, h, o, hi, a, b, c)
		})
	}
}

// TestInheritanceChain: main owns m3; mid owns m2 and waits for m3 behind
// w (15 before mid's 10); hi (40) waits for m2. mid inherits 40 and moves
// ahead of w in m3's queue, and main inherits 40 through mid. The waiters'
// own priorities stay theirs.
func TestInheritanceChain(t *testing.T) {
	h := newHarness(t)
	main := h.thread()
	m2, m3 := NewMutex(false), NewMutex(false)
	expect(t, "main locks m3", main.LockMutex(m3), 0)
	mid := h.thread()
	expect(t, "mid locks m2", mid.LockMutex(m2), 0)
	c := async(func() abi.Errno { return mid.LockMutex(m3) })
	h.waitParked(mid.tid)
	w, _ := h.waiterAt(15, m3, (*Thread).LockMutex)
	expectOrder(t, h, m3, w, mid)
	expectPrio(t, "main, with waiters of 10 and 15", main, 15)
	hi, _ := h.waiterAt(40, m2, (*Thread).LockMutex)
	expectPrio(t, "mid, owning m2 that hi waits for", mid, 40)
	expectOrder(t, h, m3, mid, w)
	expectPrio(t, "main, through mid", main, 40)
	expectPrio(t, "w", w, 15)
	expectPrio(t, "hi", hi, 40)
	expect(t, "main unlocks m3", main.UnlockMutex(m3), 0)
	expectPrio(t, "main, once it unlocked", main, abi.DefaultPriority)
	expect(t, "mid takes m3", result(t, c), 0)
	expectPrio(t, "mid, owning m3 and m2", mid, 40)
}

// TestBoostDropped: an owner stops inheriting a waiter's priority as soon
// as the waiter stops waiting: it times out, it is cancelled (ended from
// outside), or the owner unlocks the mutex it waits for while keeping
// another whose waiter still gives it priority; and through a chain, when
// a boosted owner dies.
func TestBoostDropped(t *testing.T) {
	t.Run("timeout", func(t *testing.T) {
		h := newHarness(t)
		owner := h.thread()
		m := NewMutex(false)
		owner.LockMutex(m)
		_, c := h.waiterAt(50, m, func(th *Thread, m *Object) abi.Errno { return th.TimeLockMutex(m, int64(time.Second)) })
		expectPrio(t, "while the timed waiter waits", owner, 50)
		h.clock.Advance(time.Second)
		expect(t, "the waiter", result(t, c), abi.ETIMEDOUT)
		expectPrio(t, "once it timed out", owner, abi.DefaultPriority)
	})
	t.Run("cancelled", func(t *testing.T) {
		h := newHarness(t)
		owner := h.thread()
		m := NewMutex(false)
		owner.LockMutex(m)
		w, c := h.waiterAt(50, m, (*Thread).LockMutex)
		expectPrio(t, "while the waiter waits", owner, 50)
		w.Exit()
		expect(t, "the waiter", result(t, c), Stopped)
		expectPrio(t, "once it was ended", owner, abi.DefaultPriority)
	})
	t.Run("one of two unlocked", func(t *testing.T) {
		h := newHarness(t)
		owner := h.thread()
		a, b := NewMutex(false), NewMutex(false)
		owner.LockMutex(a)
		owner.LockMutex(b)
		_, ca := h.waiterAt(30, a, (*Thread).LockMutex)
		_, cb := h.waiterAt(20, b, (*Thread).LockMutex)
		expectPrio(t, "owning a (30 waits) and b (20 waits)", owner, 30)
		expect(t, "unlock a", owner.UnlockMutex(a), 0)
		expectPrio(t, "owning b", owner, 20)
		expect(t, "a's waiter", result(t, ca), 0)
		expect(t, "unlock b", owner.UnlockMutex(b), 0)
		expectPrio(t, "owning neither", owner, abi.DefaultPriority)
		expect(t, "b's waiter", result(t, cb), 0)
	})
	t.Run("owner dies in a chain", func(t *testing.T) {
		h := newHarness(t)
		top, mid := h.thread(), h.thread()
		m0, m1 := NewMutex(false), NewMutex(false)
		top.LockMutex(m0)
		mid.LockMutex(m1)
		cm := async(func() abi.Errno { return mid.LockMutex(m0) })
		h.waitParked(mid.tid)
		_, cw := h.waiterAt(50, m1, (*Thread).LockMutex)
		expectPrio(t, "top, through mid", top, 50)
		mid.Exit() // mid's wait is cancelled and m1 passes, dead-owned, to its waiter
		expect(t, "mid's wait", result(t, cm), Stopped)
		expect(t, "m1's waiter", result(t, cw), abi.EOWNERDEAD)
		expectPrio(t, "top, once mid died", top, abi.DefaultPriority)
	})
}

// TestInheritFastPathOwner: a mutex taken by the guest's fast path, which
// the engine never saw, gives its owner (the tid in the owner word) the
// priority of the thread that waits for it.
func TestInheritFastPathOwner(t *testing.T) {
	h := newHarness(t)
	owner := h.thread()
	m := NewMutex(false)
	if !guestLock(m, owner.tid) {
		t.Fatal("the fast path could not take a free mutex")
	}
	h.waiterAt(60, m, (*Thread).LockMutex)
	expectPrio(t, "the fast-path owner", owner, 60)
	expect(t, "unlock", owner.UnlockMutex(m), 0)
	expectPrio(t, "once it unlocked", owner, abi.DefaultPriority)
}

// TestSetPriorityWhileBoosted: lowering the base priority of a boosted
// owner does not undo the boost; once the waiter is gone, the new base
// holds.
func TestSetPriorityWhileBoosted(t *testing.T) {
	h := newHarness(t)
	owner := h.thread()
	m := NewMutex(false)
	owner.LockMutex(m)
	_, c := h.waiterAt(50, m, (*Thread).LockMutex)
	expect(t, "setpriority", owner.SetPriority(3), 0)
	expectPrio(t, "boosted, base lowered", owner, 50)
	expect(t, "setpriority", owner.SetPriority(70), 0)
	expectPrio(t, "base above the boost", owner, 70)
	expect(t, "setpriority", owner.SetPriority(3), 0)
	expect(t, "unlock", owner.UnlockMutex(m), 0)
	expectPrio(t, "unboosted", owner, 3)
	expect(t, "waiter", result(t, c), 0)
}

// TestBargingByPriority: below 1 ms a freed object goes to whoever runs
// first, but only to a thread whose priority is at least the head
// waiter's: a lower newcomer finds it taken (EBUSY, ETIMEDOUT with
// timeout 0), an equal one takes it.
func TestBargingByPriority(t *testing.T) {
	for _, oc := range objectCases {
		t.Run(oc.name, func(t *testing.T) {
			h := newHarness(t)
			h.run.spin = false
			owner, w, low, equal := h.thread(), h.thread(), h.thread(), h.thread()
			for th, p := range map[*Thread]int{w: 20, low: 19, equal: 20} {
				expect(t, "setpriority", th.SetPriority(p), 0)
			}
			o := oc.setup(owner)
			h.queueOn(w, o)
			expect(t, "free", oc.free(owner, o), 0)
			busy := abi.EBUSY
			if oc.name == "semaphore" {
				busy = abi.ETIMEDOUT
			}
			expect(t, "a lower newcomer", oc.barge(low, o), busy)
			expect(t, "an equal newcomer", oc.barge(equal, o), 0)
		})
	}
}

// TestStressPriorities: 24 threads of priorities 1, 10 and 50 (a third
// each) contend for a mutex around a plain counter and for a semaphore of
// 3 units around a count of holders. The counter is exact, no more than 3
// ever hold a unit, and at no moment the engine gives the mutex or a unit
// (hand-off, wake-up taken, barging) does a thread of higher priority
// than the receiver still wait in the queue: onGive walks the whole queue,
// not trusting its order.
func TestStressPriorities(t *testing.T) {
	const threads, units = 24, 3
	iters := 2000 * stressScale()
	if testing.Short() {
		iters = 200
	}
	r := NewRun(context.Background(), Config{})
	t.Cleanup(func() { r.Stop(nil) })
	var passedOver atomic.Int64
	r.onGive = func(to *Thread, q *queue) {
		for u := q.head; u != nil; u = u.next {
			if u != to && u.prio > to.prio {
				passedOver.Add(1)
			}
		}
	}
	m, s := NewMutex(false), NewSemaphore(units)
	counter := 0
	var holders, most atomic.Int32
	var wg sync.WaitGroup
	errs := make(chan abi.Errno, threads)
	for i := range threads {
		th, _ := r.NewThread()
		expect(t, "setpriority", th.SetPriority([]int{1, 10, 50}[i%3]), 0)
		wg.Go(func() {
			defer th.Exit()
			for range iters {
				if e := th.LockMutex(m); e != 0 {
					errs <- e
					return
				}
				counter++
				th.UnlockMutex(m)
				if e := th.AcquireSemaphore(s); e != 0 {
					errs <- e
					return
				}
				n := holders.Add(1)
				for o := most.Load(); n > o && !most.CompareAndSwap(o, n); o = most.Load() {
				}
				holders.Add(-1)
				th.ReleaseSemaphore(s)
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Fatalf("thread failed: %v", e)
	}
	if counter != threads*iters || most.Load() > units {
		t.Fatalf("counter %d (want %d), at most %d holders (want <= %d)", counter, threads*iters, most.Load(), units)
	}
	if n := passedOver.Load(); n != 0 {
		t.Fatalf("%d times a higher waiter was passed over", n)
	}
	if r.Queues() != 0 || words(m) != [4]uint32{mtx, 0, 0, 0} || s.Count() != units {
		t.Fatalf("left: %d queues, mutex %x, %d units", r.Queues(), words(m), s.Count())
	}
}

// TestWordWaitsStayFIFO: priorities order the queues of mutexes and
// semaphores only; a bare word's waiters are woken in arrival order, as
// wasm's memory.atomic.notify says, whatever their priorities.
func TestWordWaitsStayFIFO(t *testing.T) {
	h := newHarness(t)
	h.thread() // the notifier: a live thread, so the waiters are not all-blocked
	var word uint32
	wait := func(th *Thread, _ *Object) abi.Errno {
		res, e := th.Wait32(&word, 0, Forever)
		if e == 0 && res != WaitOK {
			return abi.EAGAIN
		}
		return e
	}
	_, low := h.waiterAt(5, nil, wait)
	_, high := h.waiterAt(50, nil, wait)
	if n := h.run.Notify(unsafe.Pointer(&word), 1); n != 1 {
		t.Fatalf("notify woke %d", n)
	}
	expect(t, "the first waiter, of priority 5", result(t, low), 0)
	select {
	case e := <-high:
		t.Fatalf("the later waiter of priority 50 was woken too (%v)", e)
	default:
	}
	h.run.Notify(unsafe.Pointer(&word), 1)
	expect(t, "the second", result(t, high), 0)
}

// TestSpinDoesNotBargeByPriority: in a run with priorities, a lower
// newcomer's spin does not take a mutex freed for a higher head: it queues
// behind it, and the mutex stays free for the head.
func TestSpinDoesNotBargeByPriority(t *testing.T) {
	h := newHarness(t)
	h.run.spin = true
	owner, w, low := h.thread(), h.thread(), h.thread()
	expect(t, "setpriority", w.SetPriority(20), 0)
	m := NewMutex(false)
	owner.LockMutex(m)
	h.queueOn(w, m)
	expect(t, "unlock", owner.UnlockMutex(m), 0)
	c := async(func() abi.Errno { return low.LockMutex(m) })
	h.waitParked(low.tid)
	if o := m.Word(abi.MutexOffOwner); o != abi.OwnerWaiters {
		t.Fatalf("owner word %#x, want free for the head (WAITERS only)", o)
	}
	expectOrder(t, h, m, w, low)
	h.run.Stop(nil)
	expect(t, "the lower newcomer", result(t, c), Stopped)
}

// TestOneWalkPerLock: deadlock detection and inheritance share one walk of
// the owner → waits-for chain. In a chain of three (c owns m3 and waits for
// m2, which b owns, waiting for m1, which a owns), d's lock of m3 reaches
// each of c, b and a once: three steps, whether it boosts them (d above
// them) or not (d their equal), and the boost still reaches a.
func TestOneWalkPerLock(t *testing.T) {
	for _, p := range []int{abi.DefaultPriority, 40} {
		h := newHarness(t)
		a, b, c, d := h.thread(), h.thread(), h.thread(), h.thread()
		m1, m2, m3 := NewMutex(false), NewMutex(false), NewMutex(false)
		expect(t, "a locks m1", a.LockMutex(m1), 0)
		expect(t, "b locks m2", b.LockMutex(m2), 0)
		expect(t, "c locks m3", c.LockMutex(m3), 0)
		async(func() abi.Errno { return b.LockMutex(m1) })
		h.waitParked(b.tid)
		async(func() abi.Errno { return c.LockMutex(m2) })
		h.waitParked(c.tid)
		expect(t, "d's priority", d.SetPriority(p), 0)
		var steps []uint32
		h.run.mu.Lock()
		h.run.onStep = func(th *Thread) { steps = append(steps, th.tid) }
		h.run.mu.Unlock()
		async(func() abi.Errno { return d.LockMutex(m3) })
		h.waitParked(d.tid)
		h.run.mu.Lock()
		got := steps
		h.run.mu.Unlock()
		if want := []uint32{c.tid, b.tid, a.tid}; !slices.Equal(got, want) {
			t.Errorf("priority %d: d's lock walked %v, want %v once", p, got, want)
		}
		expectPrio(t, "a, at the chain's end", a, p)
	}
}
