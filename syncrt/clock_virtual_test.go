package syncrt

import (
	"testing"
	"time"
)

// TestVirtualClock: a timer fires when the clock reaches its deadline, not
// a nanosecond before; one of zero or negative duration fires at once; a
// stopped timer never fires, and Timers counts the pending ones.
func TestVirtualClock(t *testing.T) {
	c := NewVirtualClock(epoch)
	fired := func(tm Timer) bool {
		select {
		case <-tm.C():
			return true
		default:
			return false
		}
	}
	for _, d := range []time.Duration{0, -1} {
		if tm := c.NewTimer(d); !fired(tm) {
			t.Fatalf("a timer of %v did not fire at once", d)
		}
	}
	late, early, stopped := c.NewTimer(10), c.NewTimer(5), c.NewTimer(7)
	if !stopped.Stop() || stopped.Stop() {
		t.Fatal("Stop of a pending timer, then again: want true, false")
	}
	if c.Timers() != 2 {
		t.Fatalf("%d timers pending, want 2", c.Timers())
	}
	c.Advance(4)
	if fired(early) || fired(late) {
		t.Fatal("a timer fired before its deadline")
	}
	c.Advance(1)
	if !fired(early) || fired(late) || c.Timers() != 1 {
		t.Fatal("at 5 ns: want the 5 ns timer fired, the 10 ns one pending")
	}
	c.Advance(5)
	if !fired(late) || fired(stopped) || c.Timers() != 0 {
		t.Fatal("at 10 ns: want the 10 ns timer fired and none pending")
	}
	if got := c.Since(epoch); got != 10 {
		t.Fatalf("Since(start) = %v, want 10ns", got)
	}
}
