package syncrt

import (
	"testing"

	"github.com/wasync/wasync/abi"
)

// TestSetSemaphoreCount: storing a count wakes as many parked acquirers as
// units appeared (the woken head passes the wake on), and no more; an out
// of range count or a non-semaphore is EINVAL and changes nothing.
func TestSetSemaphoreCount(t *testing.T) {
	h := newHarness(t)
	setter := h.thread()
	s := NewSemaphore(0)
	waiters := h.threads(3)
	got := make([]<-chan abi.Errno, len(waiters))
	for i, w := range waiters {
		got[i] = async(func() abi.Errno { return w.AcquireSemaphore(s) })
		h.waitParked(w.tid)
	}
	expect(t, "set 2", setter.SetSemaphoreCount(s, 2), 0)
	expect(t, "first waiter", result(t, got[0]), 0)
	expect(t, "second waiter", result(t, got[1]), 0)
	select {
	case e := <-got[2]:
		t.Fatalf("third waiter returned %v with no unit left", e)
	default:
	}
	if c, w := s.Word(abi.SemaphoreOffCount), s.Word(abi.SemaphoreOffWaiters); c != 0 || w != 1 {
		t.Fatalf("count %d waiters %d, want 0 and 1", c, w)
	}
	expect(t, "set 1", setter.SetSemaphoreCount(s, 1), 0)
	expect(t, "third waiter", result(t, got[2]), 0)

	expect(t, "out of range", setter.SetSemaphoreCount(s, abi.MaxCount+1), abi.EINVAL)
	expect(t, "a mutex", setter.SetSemaphoreCount(NewMutex(false), 1), abi.EINVAL)
	if c := s.Word(abi.SemaphoreOffCount); c != 0 {
		t.Fatalf("count %d after refused stores, want 0", c)
	}
	expect(t, "set max", setter.SetSemaphoreCount(s, abi.MaxCount), 0)
}
