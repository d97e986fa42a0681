package syncrt

import (
	"context"
	"sync"
	"testing"
	"time"
	"unsafe"

	"github.com/wasync/wasync/abi"
)

// TestObserve: an observed run reports every call with its result, whether
// it was contended, and how long it waited, by the run's clock.
func TestObserve(t *testing.T) {
	clock := NewVirtualClock(epoch)
	var mu sync.Mutex
	var events []Event
	r := NewRun(context.Background(), Config{Clock: clock, Observe: func(e Event, _ any) {
		mu.Lock()
		events = append(events, e)
		mu.Unlock()
	}})
	defer r.Stop(nil)
	parked := make(chan uint32, 16)
	r.onPark = func(th *Thread) { parked <- th.tid }
	a, _ := r.NewThread()
	b, _ := r.NewThread()
	m, s := NewMutex(false), NewSemaphore(0)
	var word uint32

	a.LockMutex(m)
	got := async(func() abi.Errno { return b.LockMutex(m) })
	<-parked
	clock.Advance(3 * time.Millisecond)
	a.UnlockMutex(m)
	result(t, got)
	b.TryLockMutex(m)
	b.TimeAcquireSemaphore(s, 0)
	b.ReleaseSemaphore(s)
	b.AcquireSemaphore(s)
	a.Wait32(&word, 1, Forever)
	b.DestroyMutex(m)
	b.UnlockMutex(m)
	b.DestroyMutex(m)
	b.DestroySemaphore(s)

	mu2, su2 := RefOf(m), RefOf(s)
	want := []Event{
		{Tid: a.tid, Op: OpLockMutex, Ref: mu2, Kind: KindMutex, Acquired: true},
		{Tid: a.tid, Op: OpUnlockMutex, Ref: mu2, Kind: KindMutex},
		{Tid: b.tid, Op: OpLockMutex, Ref: mu2, Kind: KindMutex, Acquired: true, Contended: true, Waited: 3 * time.Millisecond},
		{Tid: b.tid, Op: OpTryLockMutex, Ref: mu2, Kind: KindMutex, Result: abi.EDEADLK, Reason: Relock},
		{Tid: b.tid, Op: OpTimeAcquireSemaphore, Ref: su2, Kind: KindSemaphore, Result: abi.ETIMEDOUT, Contended: true},
		{Tid: b.tid, Op: OpReleaseSemaphore, Ref: su2, Kind: KindSemaphore},
		{Tid: b.tid, Op: OpAcquireSemaphore, Ref: su2, Kind: KindSemaphore, Acquired: true},
		{Tid: a.tid, Op: OpWait, Ref: wordRef(unsafe.Pointer(&word)), Kind: KindWord, Result: abi.EAGAIN},
		{Tid: b.tid, Op: OpDestroyMutex, Ref: mu2, Kind: KindMutex, Result: abi.EBUSY},
		{Tid: b.tid, Op: OpUnlockMutex, Ref: mu2, Kind: KindMutex},
		{Tid: b.tid, Op: OpDestroyMutex, Ref: mu2}, // Kind 0: it is no mutex any more
		{Tid: b.tid, Op: OpDestroySemaphore, Ref: su2},
	}
	mu.Lock()
	defer mu.Unlock()
	// Threads report concurrently: compare each thread's own sequence.
	for _, th := range []*Thread{a, b} {
		tid := th.tid
		var got, exp []Event
		for _, e := range events {
			if e.Tid == tid {
				got = append(got, e)
			}
		}
		for _, e := range want {
			if e.Tid == tid {
				exp = append(exp, e)
			}
		}
		if len(got) != len(exp) {
			t.Fatalf("thread %d: %d events, want %d: %+v", tid, len(got), len(exp), got)
		}
		for i := range exp {
			if got[i] != exp[i] {
				t.Errorf("thread %d event %d = %+v, want %+v", tid, i, got[i], exp[i])
			}
		}
	}
	if OpLockMutex.String() != "lockmutex" || OpWait.String() != "wait" || OpDestroySemaphore.String() != "destroysemaphore" ||
		Op(0).String() != "Op(?)" || Op(len(opNames)).String() != "Op(?)" || Op(255).String() != "Op(?)" {
		t.Error("Op names")
	}
}

// TestObservedWaitReturns: observing a run changes nothing a wait returns:
// not-equal and timed out carry errno 0 (the Event has EAGAIN and
// ETIMEDOUT), and a wait the run's end cuts short returns Stopped.
func TestObservedWaitReturns(t *testing.T) {
	for _, observe := range []func(Event, any){nil, func(Event, any) {}} {
		r := NewRun(context.Background(), Config{Clock: NewVirtualClock(epoch), Observe: observe})
		th, _ := r.NewThread()
		var word uint32
		for _, tc := range []struct {
			expected uint32
			want     waitResult
		}{{1, waitResult{WaitNotEqual, 0}}, {0, waitResult{WaitTimedOut, 0}}} {
			if res, e := th.Wait32(&word, tc.expected, 0); (waitResult{res, e}) != tc.want {
				t.Errorf("observed %v: wait32(expected %d) = %v, %v; want %+v", observe != nil, tc.expected, res, e, tc.want)
			}
		}
		r.Stop(nil)
		if _, e := th.Wait32(&word, 0, Forever); e != Stopped {
			t.Errorf("observed %v: wait32 after the end: errno %v, want Stopped", observe != nil, e)
		}
	}
}
