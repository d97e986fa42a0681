package syncrt

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/wasync/wasync/abi"
)

// orderRun is a run checking lock order whose threads carry their "stack"
// as Data, and which counts how often the engine asks for one.
type orderRun struct {
	*Run
	stacks atomic.Int32
	names  map[*Object]string
}

func newOrderRun(t *testing.T, mode LockOrder, observe func(Event, any)) *orderRun {
	t.Helper()
	or := &orderRun{names: map[*Object]string{}}
	or.Run = NewRun(context.Background(), Config{LockOrder: mode, Observe: observe,
		Stack: func(caller any) []string {
			or.stacks.Add(1)
			return []string{caller.(string)}
		},
		Describe: func(r ObjectRef) string { return or.names[(*Object)(r.p)] },
	})
	t.Cleanup(func() { or.Stop(nil) })
	return or
}

// mutexes makes n named mutexes: A, B, C, …
func (or *orderRun) mutexes(n int) []*Object {
	ms := make([]*Object, n)
	for i := range ms {
		ms[i] = NewMutex(false)
		or.names[ms[i]] = string(rune('A' + i))
	}
	return ms
}

func (or *orderRun) thread(t *testing.T, stack string) *Thread {
	t.Helper()
	th, err := or.NewThread()
	if err != nil {
		t.Fatal(err)
	}
	th.Data = stack
	return th
}

// lockAll locks ms in order, then unlocks them in reverse.
func lockAll(t *testing.T, th *Thread, ms ...*Object) {
	t.Helper()
	for _, m := range ms {
		if e := th.LockMutex(m); e != 0 {
			t.Fatalf("thread %d: lock %v", th.Tid(), e)
		}
	}
	for i := len(ms) - 1; i >= 0; i-- {
		if e := th.UnlockMutex(ms[i]); e != 0 {
			t.Fatalf("thread %d: unlock %v", th.Tid(), e)
		}
	}
}

// TestLockOrderInversion: the classic AB/BA inversion of two threads,
// sequenced so that they never deadlock, is reported once, with both
// orders and the stack of each; the run's results are unchanged.
func TestLockOrderInversion(t *testing.T) {
	or := newOrderRun(t, LockOrderReport, nil)
	m := or.mutexes(2)
	t1, t2 := or.thread(t, "worker_ab"), or.thread(t, "worker_ba")
	first := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		lockAll(t, t1, m[0], m[1])
		close(first)
	}()
	go func() {
		defer wg.Done()
		<-first
		lockAll(t, t2, m[1], m[0])
		lockAll(t, t2, m[1], m[0]) // the same cycle again: not reported again
	}()
	wg.Wait()
	got := or.PotentialDeadlocks()
	if len(got) != 1 {
		t.Fatalf("found %d potential deadlocks, want 1: %v", len(got), got)
	}
	const want = `possible circular locking dependency (a potential deadlock) between mutexes A and B:
  thread 1 locked B while holding A, at:
      worker_ab
  thread 2 locked A while holding B, at:
      worker_ba`
	if got[0].Error() != want {
		t.Errorf("report:\n%s\nwant:\n%s", got[0].Error(), want)
	}
	if n := or.stacks.Load(); n != 2 {
		t.Errorf("stacks asked for %d times, want 2 (once per new order)", n)
	}
}

// TestLockOrderConsistent: threads taking many mutexes, always in the same
// order, concurrently, report nothing, and every order is learnt.
func TestLockOrderConsistent(t *testing.T) {
	or := newOrderRun(t, LockOrderReport, nil)
	m := or.mutexes(8)
	var wg sync.WaitGroup
	for i := range 8 {
		th := or.thread(t, fmt.Sprint("worker", i))
		wg.Add(1)
		go func() {
			defer wg.Done()
			for round := range 50 {
				var take []*Object
				for j, mj := range m { // an ascending subset
					if (round+i+j)%3 != 0 {
						take = append(take, mj)
					}
				}
				lockAll(t, th, take...)
			}
		}()
	}
	wg.Wait()
	if got := or.PotentialDeadlocks(); len(got) != 0 {
		t.Fatalf("consistent order reported: %v", got)
	}
	if n := len(or.order.edges); n != 8*7/2 {
		t.Errorf("%d orders learnt, want %d", n, 8*7/2)
	}
}

// TestLockOrderNoEdge: a recursive relock and a trylock add no order,
// so taking them the other way round later is no cycle; a lock that
// cannot wait (timelockmutex 0) adds none either.
func TestLockOrderNoEdge(t *testing.T) {
	or := newOrderRun(t, LockOrderReport, nil)
	a, b, c := NewMutex(true), NewMutex(false), NewMutex(false)
	or.names[a], or.names[b], or.names[c] = "A", "B", "C"
	t1, t2 := or.thread(t, "t1"), or.thread(t, "t2")
	for _, step := range []struct {
		name string
		do   func() abi.Errno
	}{
		{"lock A", func() abi.Errno { return t1.LockMutex(a) }},
		{"relock A", func() abi.Errno { return t1.LockMutex(a) }},
		{"timed relock A", func() abi.Errno { return t1.TimeLockMutex(a, 1e9) }},
		{"trylock B", func() abi.Errno { return t1.TryLockMutex(b) }},
		{"timelock(0) C", func() abi.Errno { return t1.TimeLockMutex(c, 0) }},
	} {
		if e := step.do(); e != 0 {
			t.Fatalf("%s: %v", step.name, e)
		}
	}
	if n := len(or.order.edges); n != 0 {
		t.Fatalf("%d orders learnt from relocks and trylocks, want 0", n)
	}
	for _, o := range []*Object{c, b, a, a, a} {
		if e := t1.UnlockMutex(o); e != 0 {
			t.Fatal(e)
		}
	}
	lockAll(t, t2, c, b, a)
	if got := or.PotentialDeadlocks(); len(got) != 0 {
		t.Fatalf("reported: %v", got)
	}
}

// TestLockOrderTrylockHeld: a mutex taken by trylock counts as held, as
// in lockdep: blocking for another mutex while holding it can deadlock.
func TestLockOrderTrylockHeld(t *testing.T) {
	or := newOrderRun(t, LockOrderReport, nil)
	m := or.mutexes(2)
	t1, t2 := or.thread(t, "t1"), or.thread(t, "t2")
	if e := t1.TryLockMutex(m[0]); e != 0 {
		t.Fatal(e)
	}
	lockAll(t, t1, m[1]) // A (trylocked) → B
	if e := t1.UnlockMutex(m[0]); e != 0 {
		t.Fatal(e)
	}
	lockAll(t, t2, m[1], m[0])
	if got := or.PotentialDeadlocks(); len(got) != 1 {
		t.Fatalf("found %d, want 1", len(got))
	}
}

// TestLockOrderReleased: a mutex unlocked, dead-owned, or freed behind
// the engine's back (a guest's fast path) is no longer held; one taken
// with EOWNERDEAD is.
func TestLockOrderReleased(t *testing.T) {
	or := newOrderRun(t, LockOrderReport, nil)
	m := or.mutexes(4)
	t1, t2, t3 := or.thread(t, "t1"), or.thread(t, "t2"), or.thread(t, "t3")
	lockAll(t, t1, m[0])
	lockAll(t, t1, m[1]) // A was unlocked: no A → B
	if e := t1.LockMutex(m[2]); e != 0 {
		t.Fatal(e)
	}
	if !m[2].release(t1.Tid()) { // C freed by a guest's own fast path
		t.Fatal("release")
	}
	lockAll(t, t1, m[3]) // no C → D
	if n := len(or.order.edges); n != 0 {
		t.Fatalf("%d orders learnt, want 0", n)
	}
	if e := t2.LockMutex(m[0]); e != 0 {
		t.Fatal(e)
	}
	t2.Exit() // A is dead-owned
	if e := t3.LockMutex(m[0]); e != abi.EOWNERDEAD {
		t.Fatalf("lock of a dead-owned mutex: %v", e)
	}
	lockAll(t, t3, m[1]) // A (owner dead) → B
	if n := len(or.order.edges); n != 1 {
		t.Fatalf("%d orders learnt, want 1 (A → B)", n)
	}
}

// TestLockOrderThreeThreads: A → B, B → C and C → A, each in its own
// thread, is one cycle of three orders, reported once however often the
// threads go round.
func TestLockOrderThreeThreads(t *testing.T) {
	or := newOrderRun(t, LockOrderReport, nil)
	m := or.mutexes(3)
	th := []*Thread{or.thread(t, "t1"), or.thread(t, "t2"), or.thread(t, "t3")}
	for range 3 {
		for i, x := range th {
			lockAll(t, x, m[i], m[(i+1)%3])
		}
	}
	got := or.PotentialDeadlocks()
	if len(got) != 1 {
		t.Fatalf("found %d, want 1: %v", len(got), got)
	}
	const want = `possible circular locking dependency (a potential deadlock) between mutexes A, B and C:
  thread 1 locked B while holding A, at:
      t1
  thread 2 locked C while holding B, at:
      t2
  thread 3 locked A while holding C, at:
      t3`
	if got[0].Error() != want {
		t.Errorf("report:\n%s\nwant:\n%s", got[0].Error(), want)
	}
}

// TestLockOrderStrict: in strict mode the lock that would close the cycle
// fails with EDEADLK, Reason OrderCycle, leaving the mutex as it was, and
// keeps failing; the cycle is reported once, as refused.
func TestLockOrderStrict(t *testing.T) {
	var events []Event
	or := newOrderRun(t, LockOrderStrict, func(e Event, _ any) { events = append(events, e) })
	m := or.mutexes(2)
	t1, t2 := or.thread(t, "t1"), or.thread(t, "t2")
	lockAll(t, t1, m[0], m[1])
	if e := t2.LockMutex(m[1]); e != 0 {
		t.Fatal(e)
	}
	for range 2 {
		if e := t2.LockMutex(m[0]); e != abi.EDEADLK || t2.Reason() != OrderCycle {
			t.Fatalf("lock closing the cycle: %v (%v), want EDEADLK (lock order)", e, t2.Reason())
		}
	}
	if m[0].Owner() != 0 {
		t.Fatalf("refused mutex owned by %d", m[0].Owner())
	}
	if e := t2.TryLockMutex(m[0]); e != 0 { // a trylock cannot deadlock
		t.Fatalf("trylock: %v", e)
	}
	got := or.PotentialDeadlocks()
	if len(got) != 1 || !got[0].Refused || !strings.Contains(got[0].Error(), "refused (EDEADLK)") {
		t.Fatalf("found %v, want one refused", got)
	}
	var flagged []Event
	for _, e := range events {
		if e.PotentialDeadlock != nil {
			flagged = append(flagged, e)
		}
	}
	if len(flagged) != 1 || flagged[0].Tid != t2.Tid() || flagged[0].Result != abi.EDEADLK ||
		flagged[0].Reason != OrderCycle || flagged[0].PotentialDeadlock != got[0] {
		t.Fatalf("events with a potential deadlock: %+v", flagged)
	}
}

// TestLockOrderEvent: in report mode the call that closes the cycle
// succeeds and its event carries the cycle.
func TestLockOrderEvent(t *testing.T) {
	var events []Event
	or := newOrderRun(t, LockOrderReport, func(e Event, _ any) { events = append(events, e) })
	m := or.mutexes(2)
	t1, t2 := or.thread(t, "t1"), or.thread(t, "t2")
	lockAll(t, t1, m[0], m[1])
	lockAll(t, t2, m[1], m[0])
	var flagged []Event
	for _, e := range events {
		if e.PotentialDeadlock != nil {
			flagged = append(flagged, e)
		}
	}
	if len(flagged) != 1 || flagged[0].Op != OpLockMutex || flagged[0].Result != 0 || !flagged[0].Acquired ||
		flagged[0].Ref != RefOf(m[0]) {
		t.Fatalf("events with a potential deadlock: %+v", flagged)
	}
}

// TestLockOrderOff: a run without the check keeps no graph.
func TestLockOrderOff(t *testing.T) {
	or := newOrderRun(t, LockOrderOff, nil)
	m := or.mutexes(2)
	t1 := or.thread(t, "t1")
	lockAll(t, t1, m[0], m[1])
	lockAll(t, t1, m[1], m[0])
	if or.order != nil || or.PotentialDeadlocks() != nil || or.stacks.Load() != 0 || len(t1.held.locks) != 0 {
		t.Fatal("a run without the check kept lock-order state")
	}
}

// TestLockOrderStress: many threads take two mutexes in both orders at
// once, racing to add the same orders; where two really deadlock (rare on
// two cores: the engine's cycle check answers EDEADLK, and the thread lets
// go and tries again) the check must not be confused: the counter the
// mutexes guard is exact, and the one cycle is reported once.
func TestLockOrderStress(t *testing.T) {
	or := newOrderRun(t, LockOrderReport, nil)
	m := or.mutexes(2)
	const threads, rounds = 16, 200
	var counter, deadlocks int
	var wg sync.WaitGroup
	var mu sync.Mutex // guards deadlocks
	for i := range threads {
		th := or.thread(t, fmt.Sprint("worker", i))
		first, second := m[i%2], m[1-i%2]
		wg.Add(1)
		go func() {
			defer wg.Done()
			for done := 0; done < rounds; {
				if e := th.LockMutex(first); e != 0 {
					t.Errorf("lock: %v", e)
					return
				}
				switch e := th.LockMutex(second); {
				case e == abi.EDEADLK && th.Reason() == Cycle:
					mu.Lock()
					deadlocks++
					mu.Unlock()
				case e != 0:
					t.Errorf("lock: %v", e)
					return
				default:
					counter++
					done++
					th.UnlockMutex(second)
				}
				th.UnlockMutex(first)
			}
		}()
	}
	wg.Wait()
	if counter != threads*rounds {
		t.Errorf("counter = %d, want %d", counter, threads*rounds)
	}
	if got := or.PotentialDeadlocks(); len(got) != 1 {
		t.Errorf("found %d potential deadlocks, want 1 (%d real ones answered EDEADLK)", len(got), deadlocks)
	}
	t.Logf("%d real deadlocks answered EDEADLK", deadlocks)
}
