// Package syncrt is the wasync engine: the mutex and semaphore state
// machines of the ABI, the thread registry of a run, its wait queues,
// timeouts, owner death and deadlock detection.
//
// The engine works on Objects: 16-byte cells of four 32-bit words laid out as
// the ABI says. For a WebAssembly guest an Object is the real memory inside
// the guest's shared linear memory (see ObjectAt); for Lua it is a cell the
// host allocates (NewMutex, NewSemaphore). Every update the engine makes to a
// word is atomic, so a guest's own compare-exchange fast path may run beside
// it. Read an Object's state through its typed accessors (Owner, Depth,
// Count, Waiters…), which decode the words as the ABI lays them out.
//
// Every timeout is nanoseconds: 0 does not wait, Forever sets no limit
// (the thread counts as blocked for good), and a negative timeout is
// EINVAL, for the waits as for the object calls. A binding maps its
// guest's convention onto this one (wasm's memory.atomic.wait takes a
// negative timeout as no limit; Lua's math.huge is Forever).
//
// The engine decides, and says so in its results: where one errno stands
// for two rules (EDEADLK: a relock or a cycle; EPERM: unlocked or another
// owner), Thread.Reason tells which. An observed run (Config.Observe)
// reports each call as an Event, a plain value: the caller's tid, the
// object as an ObjectRef (comparable, readable, not usable to act), what
// the object is (Kind) and whether the call acquired it, all decided here,
// so observers and bindings never re-read the words to guess.
//
// ABI 1.1's priorities and destroy are here too (priority.go, destroy.go):
// Thread.SetPriority and Priority, a spawned thread made by its spawner
// (Thread.NewThread) at its base priority, wait queues of mutexes and
// semaphores ordered by effective priority (highest first, FIFO among
// equals; the head is the ABI's "longest waiter"), barging below 1 ms only
// at the head's priority or above, priority inheritance through chains of
// owners (the same chain deadlock detection follows), and
// DestroyMutex/DestroySemaphore. A run where no thread sets a priority
// behaves as under ABI 1.0.
//
// A binding creates one Run per program run, a Thread per guest thread
// (Run.NewThread for the first, Thread.NewThread for the threads it
// spawns, Thread.Exit), and calls the Thread's methods, which return
// abi.Errno values. A call that blocks returns Stopped when the run ends
// (its context is cancelled, Run.Stop is called, or the engine finds every
// live thread blocked for good); Run.Err then says why.
//
// A semaphore's waiters word counts the threads inside acquiresemaphore or
// timeacquiresemaphore that found no unit. A thread counts itself there
// before it looks at count a last time (so that a release, which adds to
// count before it reads waiters, cannot miss it), and may then find a unit
// and return without blocking. A guest that reads waiters therefore sees
// at least every thread blocked on the semaphore, and for an instant
// perhaps one more that is about to take a unit: nonzero means "someone
// is waiting or about to", not "someone is blocked". With no call in
// progress it is exact.
//
// Lock-order checking (Config.LockOrder), as Linux's lockdep: while on,
// each thread's held mutexes and a graph of the orders in which threads
// asked for them are kept, and a lock that closes a cycle in that graph is
// a PotentialDeadlock, reported once per run (Run.PotentialDeadlocks, and
// Event.PotentialDeadlock on the call that closed it) even though nothing
// blocked; LockOrderStrict makes that lock fail with EDEADLK, Reason
// OrderCycle. It sees only calls that reach the engine: a guest's own fast
// path, where the guest ignores the fast-path switch, is invisible to it.
//
// The engine imports neither wazero nor go-lua; bindings adapt, the engine
// decides.
package syncrt
