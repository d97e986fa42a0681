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

// Where one errno stands for two rules, the engine says which it applied.
func ExampleThread_Reason() {
	run := syncrt.NewRun(context.Background(), syncrt.Config{})
	defer run.Stop(nil)
	a, _ := run.NewThread()
	b, _ := run.NewThread()
	m := syncrt.NewMutex(false)
	a.LockMutex(m)
	fmt.Println(a.LockMutex(m).String(), a.Reason())
	fmt.Println(b.UnlockMutex(m).String(), b.Reason())
	a.UnlockMutex(m)
	fmt.Println(a.UnlockMutex(m).String(), a.Reason())
	// Output:
	// EDEADLK relock
	// EPERM not owner
	// EPERM not locked
}

// An observer is told of every call as a plain Event: the caller's tid,
// the object as a comparable ObjectRef, and what the engine decided.
func ExampleConfig_observe() {
	var events []syncrt.Event
	run := syncrt.NewRun(context.Background(), syncrt.Config{
		Observe: func(e syncrt.Event, _ any) { events = append(events, e) },
	})
	defer run.Stop(nil)
	th, _ := run.NewThread()
	s := syncrt.NewSemaphore(1)
	th.AcquireSemaphore(s)
	th.TimeAcquireSemaphore(s, 0)
	for _, e := range events {
		fmt.Println(e.Tid, e.Op, e.Kind, e.Result.String(), e.Acquired, e.Ref == syncrt.RefOf(s))
	}
	// Output:
	// 1 acquiresemaphore semaphore ESUCCESS true true
	// 1 timeacquiresemaphore semaphore ETIMEDOUT false true
}

// Lock-order checking: thread 1 takes a then b, and only later thread 2
// takes b then a. Neither waits, but the two orders form a cycle, which
// two threads could meet at once: a potential deadlock, reported once.
// In strict mode thread 2's lock of a would fail with EDEADLK.
func ExampleConfig_lockOrder() {
	names := map[syncrt.ObjectRef]string{}
	run := syncrt.NewRun(context.Background(), syncrt.Config{
		LockOrder: syncrt.LockOrderReport,
		Describe:  func(r syncrt.ObjectRef) string { return names[r] },
	})
	defer run.Stop(nil)
	a, b := syncrt.NewMutex(false), syncrt.NewMutex(false)
	names[syncrt.RefOf(a)], names[syncrt.RefOf(b)] = "a", "b"
	for _, order := range [][2]*syncrt.Object{{a, b}, {b, a}} {
		th, _ := run.NewThread()
		fmt.Println(th.LockMutex(order[0]).String(), th.LockMutex(order[1]).String())
		th.UnlockMutex(order[1])
		th.UnlockMutex(order[0])
		th.Exit()
	}
	for _, p := range run.PotentialDeadlocks() {
		fmt.Println(p)
	}
	// Output:
	// ESUCCESS ESUCCESS
	// ESUCCESS ESUCCESS
	// possible circular locking dependency (a potential deadlock) between mutexes a and b:
	//   thread 1 locked b while holding a
	//   thread 2 locked a while holding b
}

// A thread spawned by another starts at its spawner's base priority.
// SetPriority refuses anything outside 1..255.
func ExampleThread_SetPriority() {
	run := syncrt.NewRun(context.Background(), syncrt.Config{})
	defer run.Stop(nil)
	main, _ := run.NewThread()
	fmt.Println(main.Priority())
	main.SetPriority(20)
	child, _ := main.NewThread()
	fmt.Println(child.Priority(), main.SetPriority(0).String())
	// Output:
	// 10
	// 20 EINVAL
}

// A mutex in use cannot be destroyed; once destroyed, every call on it is
// EINVAL until it is laid out again.
func ExampleThread_DestroyMutex() {
	run := syncrt.NewRun(context.Background(), syncrt.Config{})
	defer run.Stop(nil)
	th, _ := run.NewThread()
	m := syncrt.NewMutex(false)
	th.LockMutex(m)
	fmt.Println(th.DestroyMutex(m).String())
	th.UnlockMutex(m)
	fmt.Println(th.DestroyMutex(m).String(), th.LockMutex(m).String())
	// Output:
	// EBUSY
	// ESUCCESS EINVAL
}
