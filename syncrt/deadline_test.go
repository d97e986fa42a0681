package syncrt

import (
	"testing"
	"time"

	"github.com/wasync/wasync/abi"
)

// TestTimeoutNotBeforeDeadline: a timed call that blocks keeps waiting
// until the clock reaches its deadline, then gives up, leaving no timer.
// A nanosecond short of the deadline its timer must still be pending (read
// from the clock, not raced against the call's goroutine); the next
// nanosecond fires it.
func TestTimeoutNotBeforeDeadline(t *testing.T) {
	const d = 5 * time.Millisecond
	for _, tc := range []struct {
		name string
		call func(th *Thread) abi.Errno
	}{
		{"timelockmutex", func(th *Thread) abi.Errno {
			return th.TimeLockMutex(mutexWords(2, 0, 1), int64(d)) // thread 2 owns it
		}},
		{"timeacquiresemaphore", func(th *Thread) abi.Errno {
			return th.TimeAcquireSemaphore(NewSemaphore(0), int64(d))
		}},
		{"wait32", func(th *Thread) abi.Errno {
			var word uint32
			if r, e := th.Wait32(&word, 0, int64(d)); e != 0 || r != WaitTimedOut {
				return abi.EINVAL
			}
			return abi.ETIMEDOUT
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			th, _ := h.thread(), h.thread()
			got := async(func() abi.Errno { return tc.call(th) })
			h.waitParked(th.tid)
			h.clock.Advance(d - 1)
			if n := h.clock.Timers(); n != 1 {
				t.Fatalf("%d timers pending a nanosecond before the deadline, want 1", n)
			}
			select {
			case e := <-got:
				t.Fatalf("returned %v before its deadline", e)
			default:
			}
			h.clock.Advance(1)
			expect(t, tc.name, result(t, got), abi.ETIMEDOUT)
			if n := h.clock.Timers(); n != 0 || h.run.Queues() != 0 {
				t.Fatalf("timers %d, queues %d left", n, h.run.Queues())
			}
		})
	}
}
