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
