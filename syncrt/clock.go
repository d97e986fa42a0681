package syncrt

import "time"

// A Clock gives a run its time: the starvation rule and timed waits read it.
// Tests give a VirtualClock so timeout behaviour is deterministic.
type Clock interface {
	Now() time.Time
	// Since is Now().Sub(t); a clock may answer it more cheaply.
	Since(t time.Time) time.Duration
	NewTimer(d time.Duration) Timer
}

// A Timer fires once on C after its duration, unless stopped.
type Timer interface {
	C() <-chan time.Time
	Stop() bool
}

// RealClock is the wall clock; its timers are runtime timers, so a waiter
// costs no goroutine.
type RealClock struct{}

// Now returns time.Now().
func (RealClock) Now() time.Time { return time.Now() }

// Since returns time.Since(t), which reads only the monotonic clock: an
// unlock with waiters reads it, and on some virtual machines a full
// time.Now costs half as much again.
func (RealClock) Since(t time.Time) time.Duration { return time.Since(t) }

// NewTimer returns a time.Timer.
func (RealClock) NewTimer(d time.Duration) Timer { return realTimer{time.NewTimer(d)} }

type realTimer struct{ t *time.Timer }

func (r realTimer) C() <-chan time.Time { return r.t.C }
func (r realTimer) Stop() bool          { return r.t.Stop() }
