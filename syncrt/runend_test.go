package syncrt

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/wasync/wasync/abi"
)

// TestEndStopsRunBeforeExit: a thread's End ends the run first, so a
// waiter on its mutex gets Stopped, not the mutex dead-owned; End reports
// what had ended the run before it.
func TestEndStopsRunBeforeExit(t *testing.T) {
	h := newHarness(t)
	a, b := h.thread(), h.thread()
	m := NewMutex(false)
	guestLock(m, a.tid)
	gb := async(func() abi.Errno { return b.LockMutex(m) })
	h.waitParked(b.tid)
	done := errors.New("main returned")
	if earlier := a.End(done); earlier != nil {
		t.Errorf("End = %v, want nil: it ended the run", earlier)
	}
	expect(t, "waiter", result(t, gb), Stopped)
	if err := h.run.Err(); err != done {
		t.Errorf("run ended with %v, want %v", err, done)
	}
	if earlier := b.End(errors.New("later")); earlier != done {
		t.Errorf("second End = %v, want the first cause %v", earlier, done)
	}
}

// sliceErr is an error whose type cannot be compared with ==.
type sliceErr []string

func (e sliceErr) Error() string { return "slice" }

// TestEndAnyCause: End on a live run returns nil whatever its cause (nil
// included, which ends the run as cancelled), and never compares causes
// (a cause of an uncomparable type must not panic).
func TestEndAnyCause(t *testing.T) {
	for _, cause := range []error{nil, sliceErr{"a"}} {
		r := NewRun(context.Background(), Config{})
		a, b := mustThread(t, r), mustThread(t, r)
		if earlier := a.End(cause); earlier != nil {
			t.Errorf("End(%v) on a live run = %v, want nil", cause, earlier)
		}
		if earlier := b.End(cause); earlier == nil {
			t.Errorf("End(%v) on an ended run = nil, want its cause", cause)
		}
	}
}

// TestTimeLimit: a run with Config.TimeLimit ends with ErrTimeLimit, and
// its blocked threads return Stopped; Stop releases the timer.
func TestTimeLimit(t *testing.T) {
	r := NewRun(context.Background(), Config{TimeLimit: time.Millisecond})
	defer r.Stop(nil)
	a, b := mustThread(t, r), mustThread(t, r)
	m := NewMutex(false)
	guestLock(m, a.tid)
	select {
	case e := <-async(func() abi.Errno { return b.LockMutex(m) }):
		expect(t, "waiter", e, Stopped)
	case <-time.After(10 * time.Second):
		t.Fatal("the time limit did not end the run")
	}
	if err := r.Err(); !errors.Is(err, ErrTimeLimit) {
		t.Errorf("run ended with %v, want ErrTimeLimit", err)
	}
	r2 := NewRun(context.Background(), Config{TimeLimit: time.Hour})
	r2.Stop(nil)
	if err := r2.Err(); !errors.Is(err, context.Canceled) {
		t.Errorf("stopped run ended with %v, want context.Canceled", err)
	}
}

func mustThread(t *testing.T, r *Run) *Thread {
	t.Helper()
	th, err := r.NewThread()
	if err != nil {
		t.Fatal(err)
	}
	return th
}
