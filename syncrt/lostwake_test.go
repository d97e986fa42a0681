package syncrt

import (
	"os"
	"runtime"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"
)

// plainStore is a guest's i32.store: an ordinary MOV, no fence, which on
// x86 may sit in the store buffer past the notify that follows it. It is
// hidden from the race detector, which would report it against the
// waiter's atomic load (a guest's memory is not Go's to police).
//
//go:noinline
//go:norace
func plainStore(p *uint32, v uint32) { *p = v }

// TestNotifyAfterPlainStore: a notify that follows a plain store of the
// waited word wakes a waiter that read the old value (the wasm memory
// model: the store is sequenced before the notify, so one of the two sees
// the other). The waiter's timeout is on a virtual clock and never fires
// by itself: a lost wake-up is caught exactly, as a waiter still queued on
// the word after Notify has returned and found no one. Two seconds of
// rounds (0.2 s with -short), half a minute under WASYNC_SOAK. Under -race the detector's own
// atomics fence Notify, so only a run without -race can see the bug.
func TestNotifyAfterPlainStore(t *testing.T) {
	budget := 2 * time.Second
	switch {
	case os.Getenv("WASYNC_SOAK") != "":
		budget = 30 * time.Second
	case testing.Short():
		budget = 200 * time.Millisecond
	}
	h := newHarness(t)
	h.run.onPark = nil
	nr := startNotifyRace(h.thread())
	defer nr.stop()
	lost, rounds, delay := 0, 0, 0
	for start := time.Now(); time.Since(start) < budget; rounds++ {
		w := new(uint32)
		nr.start(w)
		for range delay { // keep the notifier on the edge of the waiter's window
		}
		plainStore(w, 1)
		n := h.run.Notify(unsafe.Pointer(w), 1)
		h.run.mu.Lock()
		queued := h.run.words[unsafe.Pointer(w)] != nil
		h.run.mu.Unlock()
		if n == 0 && queued {
			lost++
			h.clock.Advance(time.Second) // time the waiter out
		}
		r := nr.result()
		if r.e != 0 || (r.r == WaitTimedOut) != (n == 0 && queued) {
			t.Fatalf("round %d: wait returned %+v, notify woke %d", rounds, r, n)
		}
		switch r.r {
		case WaitNotEqual: // the store came first: start later
			delay = min(delay+delay/64+1, 1<<14)
		case WaitOK: // the waiter parked first: start sooner
			delay = max(delay-delay/64-1, 0)
		}
	}
	if lost != 0 {
		t.Fatalf("%d wake-ups lost in %d rounds", lost, rounds)
	}
	t.Logf("%d rounds", rounds)
}

// notifyRace is a waiter that calls Wait32(word, 0, 1s) once per round,
// the moment the round starts. Both sides spin rather than block, so that
// they run at once on two cores.
type notifyRace struct {
	round atomic.Int64 // the waiter starts round n when it reads n; -1 stops it
	word  atomic.Pointer[uint32]
	got   atomic.Pointer[waitResult]
	n     int64
	done  chan struct{}
}

func startNotifyRace(waiter *Thread) *notifyRace {
	nr := &notifyRace{done: make(chan struct{})}
	go func() {
		defer close(nr.done)
		for n := int64(1); ; n++ {
			r := nr.round.Load()
			for i := 1; r >= 0 && r < n; i++ {
				yieldNow(i)
				r = nr.round.Load()
			}
			if r < 0 {
				return
			}
			res, e := waiter.Wait32(nr.word.Load(), 0, int64(time.Second))
			nr.got.Store(&waitResult{res, e})
		}
	}()
	return nr
}

func (nr *notifyRace) start(word *uint32) {
	nr.word.Store(word)
	nr.n++
	nr.round.Store(nr.n)
}

func (nr *notifyRace) result() waitResult {
	for i := 1; ; i++ {
		if r := nr.got.Swap(nil); r != nil {
			return *r
		}
		yieldNow(i)
	}
}

// yieldNow yields once in a while on the i'th turn of a spin: rarely
// enough not to spoil the race, often enough to let the other side run on
// a busy machine.
func yieldNow(i int) {
	if i%(1<<16) == 0 {
		runtime.Gosched()
	}
}

func (nr *notifyRace) stop() {
	nr.round.Store(-1)
	<-nr.done
}
