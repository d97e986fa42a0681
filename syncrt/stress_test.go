package syncrt

import (
	"context"
	"sync"
	"testing"

	"github.com/wasync/wasync/abi"
)

// stress runs n threads of a real-clock run, each calling body with its
// thread and index, and fails on any errno.
func stress(t *testing.T, n int, body func(th *Thread, i int) abi.Errno) *Run {
	t.Helper()
	r := NewRun(context.Background(), Config{})
	t.Cleanup(func() { r.Stop(nil) })
	ths := make([]*Thread, n)
	for i := range ths {
		ths[i], _ = r.NewThread()
	}
	var wg sync.WaitGroup
	errs := make(chan abi.Errno, n)
	for i, th := range ths {
		wg.Go(func() {
			defer th.Exit()
			if e := body(th, i); e != 0 {
				errs <- e
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Fatalf("thread failed: %v", e)
	}
	if r.Err() != nil {
		t.Fatalf("run ended: %v", r.Err())
	}
	if r.Queues() != 0 {
		t.Fatalf("%d queues left", r.Queues())
	}
	return r
}

// TestStressMutexCounter: 64 threads × 100,000 lock/unlock pairs around a
// plain counter; the total must be exact. Half the threads use the guest
// fast path, falling back to the engine as the ABI says.
func TestStressMutexCounter(t *testing.T) {
	const threads = 64
	iters := 100_000 * stressScale()
	if testing.Short() {
		iters = 5_000
	}
	m := NewMutex(false)
	counter := 0
	stress(t, threads, func(th *Thread, i int) abi.Errno {
		fast := i%2 == 0
		for range iters {
			if !fast || !guestLock(m, th.tid) {
				if e := th.LockMutex(m); e != 0 {
					return e
				}
			}
			counter++
			if !fast || !guestUnlock(m, th.tid) {
				if e := th.UnlockMutex(m); e != 0 {
					return e
				}
			}
		}
		return 0
	})
	if counter != threads*iters {
		t.Fatalf("counter %d, want %d", counter, threads*iters)
	}
	if w := words(m); w != [4]uint32{mtx, 0, 0, 0} {
		t.Fatalf("mutex left as %x", w)
	}
}

// TestStressTimedAndRecursive: timed locks that give up, and recursive
// relocks, under contention; the counter counts exactly the successes.
func TestStressTimedAndRecursive(t *testing.T) {
	const threads = 16
	iters := 5_000 * stressScale()
	m := NewMutex(true)
	var wins [threads]int
	shared := 0
	stress(t, threads, func(th *Thread, i int) abi.Errno {
		for j := range iters {
			switch e := th.TimeLockMutex(m, int64(j%3)*1000); e {
			case abi.ETIMEDOUT:
				continue
			case 0:
			default:
				return e
			}
			th.LockMutex(m) // depth 2
			shared++
			wins[i]++
			th.UnlockMutex(m)
			if e := th.UnlockMutex(m); e != 0 {
				return e
			}
		}
		return 0
	})
	total := 0
	for _, w := range wins {
		total += w
	}
	if shared != total || total == 0 {
		t.Fatalf("shared %d, successes %d", shared, total)
	}
}

// TestStressSemaphore: producers release, consumers acquire (some timed);
// no unit is lost or duplicated.
func TestStressSemaphore(t *testing.T) {
	const producers, consumers = 8, 8
	units := 20_000 * stressScale()
	s := NewSemaphore(0)
	var got [consumers]int
	stress(t, producers+consumers, func(th *Thread, i int) abi.Errno {
		if i < producers {
			for range units {
				if e := th.ReleaseSemaphore(s); e != 0 {
					return e
				}
			}
			return 0
		}
		for range units {
			if i%2 == 0 {
				if e := th.AcquireSemaphore(s); e != 0 {
					return e
				}
			} else {
				for th.TimeAcquireSemaphore(s, 500) == abi.ETIMEDOUT {
				}
			}
			got[i-producers]++
		}
		return 0
	})
	if w := words(s); w != [4]uint32{sema, 0, 0, 0} {
		t.Fatalf("semaphore left as %x, want empty with no waiters", w)
	}
}

// TestStressOwnerDeath: threads die holding a mutex that others wait for;
// every death is seen by exactly one locker.
func TestStressOwnerDeath(t *testing.T) {
	const rounds = 200
	m := NewMutex(false)
	r := NewRun(context.Background(), Config{})
	defer r.Stop(nil)
	deaths := 0
	var wg sync.WaitGroup
	var mu sync.Mutex
	for range 4 {
		wg.Go(func() {
			for range rounds {
				th, _ := r.NewThread()
				switch e := th.LockMutex(m); e {
				case abi.EOWNERDEAD:
					mu.Lock()
					deaths++
					mu.Unlock()
				case 0:
				default:
					t.Errorf("lock: %v", e)
				}
				th.Exit() // dies holding m
			}
		})
	}
	wg.Wait()
	if deaths != 4*rounds-1 {
		t.Fatalf("%d EOWNERDEAD, want %d (every lock but the first)", deaths, 4*rounds-1)
	}
}
