package syncrt_test

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/wasync/wasync/syncrt"
)

// Two threads of one run share a counter under a host-allocated mutex, as
// a binding drives the engine.
func Example() {
	run := syncrt.NewRun(context.Background(), syncrt.Config{})
	defer run.Stop(nil)
	m := syncrt.NewMutex(false)
	counter := 0
	var wg sync.WaitGroup
	for range 2 {
		th, _ := run.NewThread()
		wg.Go(func() {
			defer th.Exit()
			for range 1000 {
				th.LockMutex(m)
				counter++
				th.UnlockMutex(m)
			}
		})
	}
	wg.Wait()
	fmt.Println(counter)
	// Output: 2000
}

// A thread that ends holding a mutex leaves it dead-owned: the next locker
// gets it with EOWNERDEAD.
func ExampleThread_Exit() {
	run := syncrt.NewRun(context.Background(), syncrt.Config{})
	defer run.Stop(nil)
	a, _ := run.NewThread()
	b, _ := run.NewThread()
	m := syncrt.NewMutex(false)
	a.LockMutex(m)
	a.Exit()
	fmt.Println(b.LockMutex(m).String())
	// Output: EOWNERDEAD
}

// When every live thread waits with no timeout, the run ends with a report
// and the blocked calls return Stopped.
func ExampleAllBlockedError() {
	run := syncrt.NewRun(context.Background(), syncrt.Config{
		Describe: func(syncrt.ObjectRef) string { return "0x1000" },
	})
	defer run.Stop(nil)
	th, _ := run.NewThread()
	fmt.Println(th.AcquireSemaphore(syncrt.NewSemaphore(0)) == syncrt.Stopped)
	var report *syncrt.AllBlockedError
	if errors.As(run.Err(), &report) {
		fmt.Println(report)
	}
	// Output:
	// true
	// the only thread is blocked with no timeout:
	//   thread 1 waits for semaphore 0x1000 (no units)
}
