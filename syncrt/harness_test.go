package syncrt

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/wasync/wasync/abi"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// harness is a run on a virtual clock that reports every park, so tests can
// wait for a thread to block instead of sleeping.
type harness struct {
	t      *testing.T
	clock  *VirtualClock
	run    *Run
	parked chan uint32
	seen   map[uint32]int // parks received but not yet waited for
}

var epoch = time.Unix(1_000_000, 0)

func newHarness(t *testing.T) *harness {
	t.Helper()
	h := &harness{t: t, clock: NewVirtualClock(epoch), parked: make(chan uint32, 4096), seen: map[uint32]int{}}
	h.run = NewRun(context.Background(), Config{Clock: h.clock})
	h.run.onPark = func(th *Thread) { h.parked <- th.tid }
	t.Cleanup(func() { h.run.Stop(nil) })
	return h
}

func (h *harness) thread() *Thread {
	h.t.Helper()
	th, err := h.run.NewThread()
	if err != nil {
		h.t.Fatal(err)
	}
	return th
}

func (h *harness) threads(n int) []*Thread {
	ts := make([]*Thread, n)
	for i := range ts {
		ts[i] = h.thread()
	}
	return ts
}

// async runs call on its own goroutine and delivers its result.
func async(call func() abi.Errno) <-chan abi.Errno {
	c := make(chan abi.Errno, 1)
	go func() { c <- call() }()
	return c
}

// waitParked blocks until thread tid has parked (again).
func (h *harness) waitParked(tid uint32) {
	h.t.Helper()
	timeout := time.After(10 * time.Second)
	for h.seen[tid] == 0 {
		select {
		case got := <-h.parked:
			h.seen[got]++
		case <-timeout:
			h.t.Fatalf("thread %d never parked", tid)
		}
	}
	h.seen[tid]--
}

// result receives an async call's result, failing the test if it hangs.
func result(t *testing.T, c <-chan abi.Errno) abi.Errno {
	t.Helper()
	select {
	case e := <-c:
		return e
	case <-time.After(10 * time.Second):
		t.Fatal("call did not return")
		return 0
	}
}

func expect(t *testing.T, what string, got, want abi.Errno) {
	t.Helper()
	if got != want {
		t.Fatalf("%s = %v, want %v", what, got, want)
	}
}

// words returns the object's four words.
func words(o *Object) [4]uint32 {
	return [4]uint32{o.load(0), o.load(1), o.load(2), o.load(3)}
}

// mutexWords builds a mutex with the given owner, recursive and count.
func mutexWords(owner, recursive, count uint32) *Object {
	return &Object{w: [4]uint32{abi.MutexName, owner, recursive, count}}
}

func semWords(count, waiters uint32) *Object {
	return &Object{w: [4]uint32{abi.SemaphoreName, count, waiters, 0}}
}

func stressScale() int {
	if os.Getenv("WASYNC_SOAK") != "" {
		return 10
	}
	return 1
}
