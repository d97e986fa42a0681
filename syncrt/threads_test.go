package syncrt

import (
	"context"
	"testing"
)

// TestThreadsCounts: started counts every tid issued, peak the most alive
// at once, not the number alive now.
func TestThreadsCounts(t *testing.T) {
	r := NewRun(context.Background(), Config{})
	defer r.Stop(nil)
	a, _ := r.NewThread()
	b, _ := r.NewThread()
	a.Exit()
	b.Exit()
	c, _ := r.NewThread()
	defer c.Exit()
	if started, peak := r.Threads(); started != 3 || peak != 2 {
		t.Fatalf("Threads() = %d, %d; want 3 started, peak 2", started, peak)
	}
}

// TestBlockedJoinWording: a semaphore that Config.Joins names as a
// thread's end reads as a join in the all-blocked report.
func TestBlockedJoinWording(t *testing.T) {
	e := &AllBlockedError{Threads: []BlockedThread{
		{Tid: 1, Semaphore: true, Object: "S", Joins: 2},
		{Tid: 2, Semaphore: true, Object: "T"},
	}}
	want := "all 2 threads are blocked with no timeout:\n  thread 1 waits to join thread 2\n  thread 2 waits for semaphore T (no units)"
	if e.Error() != want {
		t.Fatalf("report %q, want %q", e.Error(), want)
	}
}
