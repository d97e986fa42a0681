package syncrt

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestCountBeforeOwner: the host writes count before it releases or hands
// over the owner word, so a guest that takes the mutex through the fast
// path (owner 0 → tid, then count = 1) never has its count overwritten by
// the releasing host. Two threads lock and unlock through the engine, two
// others through the guest fast path, spinning so as to take the mutex
// the instant it is free; each fast-path owner reads count back inside
// its critical section. A host that wrote count after the owner word
// would leave a fast-path owner holding count 0.
func TestCountBeforeOwner(t *testing.T) {
	budget := time.Second
	if stressScale() > 1 {
		budget = 10 * time.Second
	}
	r := NewRun(t.Context(), Config{})
	defer r.Stop(nil)
	m := NewMutex(false)
	var bad atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for i := range 4 {
		th, _ := r.NewThread()
		wg.Go(func() {
			defer th.Exit()
			for time.Since(start) < budget {
				if i < 2 {
					th.LockMutex(m)
					th.UnlockMutex(m)
					continue
				}
				if !guestLock(m, th.tid) {
					continue
				}
				for range 64 { // let a late host write land
					if m.load(wMCount) != 1 {
						bad.Add(1)
					}
				}
				if !guestUnlock(m, th.tid) {
					th.UnlockMutex(m)
				}
			}
		})
	}
	wg.Wait()
	if n := bad.Load(); n != 0 {
		t.Fatalf("a fast-path owner saw count != 1 %d times", n)
	}
	if w := words(m); w != [4]uint32{mtx, 0, 0, 0} {
		t.Fatalf("mutex left as %x", w)
	}
}
