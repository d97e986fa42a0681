package syncrt

import (
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"unsafe"

	"github.com/wasync/wasync/abi"
)

// waitResult is a Wait32 result and errno from another goroutine.
type waitResult struct {
	r WaitResult
	e abi.Errno
}

func asyncWait(th *Thread, word *uint32, expected uint32, timeout int64) <-chan waitResult {
	c := make(chan waitResult, 1)
	go func() {
		r, e := th.Wait32(word, expected, timeout)
		c <- waitResult{r, e}
	}()
	return c
}

// TestWait32: the wasm semantics of wait32 and notify, served by the engine:
// not-equal at once, timeouts, FIFO wake-ups of up to count waiters, and
// the number woken.
func TestWait32(t *testing.T) {
	h := newHarness(t)
	ts := h.threads(4)
	var word uint32 = 7
	if r, e := ts[0].Wait32(&word, 8, Forever); r != WaitNotEqual || e != 0 {
		t.Fatalf("wait on a different value: %v %v", r, e)
	}
	if r, _ := ts[0].Wait32(&word, 7, 0); r != WaitTimedOut {
		t.Fatalf("wait with timeout 0: %v", r)
	}
	got := asyncWait(ts[0], &word, 7, 500)
	h.waitParked(ts[0].tid)
	h.clock.Advance(500)
	if w := <-got; w != (waitResult{WaitTimedOut, 0}) {
		t.Fatalf("timed wait: %+v", w)
	}

	var waits []<-chan waitResult
	for _, th := range ts[1:] {
		waits = append(waits, asyncWait(th, &word, 7, Forever))
		h.waitParked(th.tid)
	}
	if n := h.run.Notify(unsafe.Pointer(&word), 2); n != 2 {
		t.Fatalf("notify 2 woke %d", n)
	}
	for _, c := range waits[:2] {
		if w := <-c; w != (waitResult{WaitOK, 0}) {
			t.Fatalf("woken wait: %+v", w)
		}
	}
	select {
	case w := <-waits[2]:
		t.Fatalf("third waiter returned %+v; notify asked for 2", w)
	default:
	}
	if n := h.run.Notify(unsafe.Pointer(&word), 5); n != 1 {
		t.Fatalf("notify 5 with one waiter woke %d", n)
	}
	<-waits[2]
	if n := h.run.Notify(unsafe.Pointer(&word), 1); n != 0 || len(h.run.words) != 0 {
		t.Fatalf("notify with no waiter woke %d; %d word queues left", n, len(h.run.words))
	}
}

// TestWaitAllBlocked: threads waiting on words with no timeout are blocked
// for good when nothing else runs: the run ends with a report and the
// waits return Stopped.
func TestWaitAllBlocked(t *testing.T) {
	h := newHarness(t)
	a, b := h.thread(), h.thread()
	var word uint32
	wa := asyncWait(a, &word, 0, Forever)
	h.waitParked(a.tid)
	if h.run.Err() != nil {
		t.Fatal("run ended with a thread still running")
	}
	b.Exit()
	if w := <-wa; w.e != Stopped {
		t.Fatalf("wait returned %+v, want Stopped", w)
	}
	var ab *AllBlockedError
	if !errors.As(h.run.Err(), &ab) || len(ab.Threads) != 1 || !ab.Threads[0].Wait ||
		!strings.Contains(ab.Error(), "thread 1 waits in memory.atomic.wait") {
		t.Fatalf("Err = %v", h.run.Err())
	}
}

// TestWaitNoLostWakeup: a store then notify racing a wait on the old value
// always ends the wait (the waiting counter and the guest's store see each
// other).
func TestWaitNoLostWakeup(t *testing.T) {
	r := NewRun(t.Context(), Config{})
	defer r.Stop(nil)
	a, _ := r.NewThread()
	b, _ := r.NewThread()
	defer a.Exit()
	defer b.Exit()
	for i := range 2000 {
		var word uint32
		done := make(chan struct{})
		go func() {
			defer close(done)
			for atomic.LoadUint32(&word) == 0 {
				a.Wait32(&word, 0, Forever)
			}
		}()
		atomic.StoreUint32(&word, 1)
		r.Notify(unsafe.Pointer(&word), 1)
		<-done
		if r.Err() != nil {
			t.Fatalf("round %d: %v", i, r.Err())
		}
	}
}
