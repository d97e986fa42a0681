// Package wasmhost runs WebAssembly guests whose threads synchronise through
// the wasync ABI, on wazero's compiler engine with threads enabled.
//
//	rt, err := wasmhost.NewRuntime(ctx, wasmhost.WithStdout(os.Stdout))
//	defer rt.Close(ctx)
//	mod, err := rt.Compile(ctx, wasm)           // compile once
//	code, err := mod.Run(ctx, wasmhost.WithArgs("prog", "x")) // run many
//
// NewRuntime takes RuntimeOptions: the Runtime's own choices
// (WithInstrumentation, WithCompilationCache, WithMemoryLimit) and any
// RunOption as every run's default; Run and Instantiate take RunOptions.
//
// # Threads and memory
//
// Threads follow wasi-threads. The host implements "wasi" "thread-spawn"
// itself (wazero has none): each thread is a new instance of the compiled
// module, over the run's one memory, called at wasi_thread_start(tid, arg)
// on a goroutine of its own; _start runs as thread 1. A spawned thread's
// instance is made on its goroutine, after thread-spawn has returned its
// tid: a start section that spawns cannot recurse on the spawner's stack,
// one that blocks blocks its own thread, and its proc_exit or trap ends the
// run as the thread's code would. The guest may import
// its memory under any module and name: each run creates a memory with the
// import's limits (capped by WithMemoryPages), shared exactly when the
// import says so, exported by an anonymous module that the run's import
// resolver hands to every instance, so two runs never share memory. A guest
// with a memory of its own, or whose imported memory is not shared (linked
// without --shared-memory), runs single-threaded: thread-spawn returns -1,
// the run says why once on stderr, and the wasync calls still work. Every instance applies the module's active
// data segments again when it starts, so a threaded guest must initialise
// memory from passive segments once (wasm-ld's __wasm_init_memory does).
// Each instance has its own WASI descriptor table over the same stdio and
// preopened directories; writes to stdout and stderr are serialised.
//
// # Embedding
//
// Beside Run, a Module can be instantiated as a library (Module.Instantiate)
// whose exports any number of goroutines call, each call a guest thread;
// its Memory can be read after the calls, or after a _start called that
// way. Runtime.NewHostModuleBuilder adds host modules of the embedder's
// own, linked into every thread's instance; ThreadID names the calling
// thread. WithReadOnlyDir and WithFS mount files beside WithDir;
// WithCompilationCache keeps compiled code across processes; WithWalltime,
// WithNanotime and WithRandSource make runs repeatable.
//
// # Limits
//
// A guest cannot exhaust its embedder. By default a run creates at most
// DefaultMaxThreads threads (WithMaxThreads), and each thread's wasm stack
// may use DefaultStackLimit estimated bytes (WithStackLimit, needs the
// instrumentation: every function entry adds its frame's estimate to a
// count that every exit takes back, and a call past the limit traps with
// ErrStackLimit); wazero alone lets each stack grow to about 100 MB.
// WithMemoryLimit, off by default, bounds every linear memory and refuses
// thread-spawn once the memory's maximum and each live thread's reserve
// would pass it. WithTimeLimit covers compiling in Runtime.Run. Compile
// refuses functions nested deeper than instrument.MaxNesting (loops in
// loops: MaxLoopNesting), a br_table of more than MaxBrTable targets and a
// body over MaxFunctionSize bytes: wazero's compile time grows with the
// square of nesting and of br_table size and checks no context inside a
// function. Compile returns when its context ends, and wazero finishes an
// abandoned compile in the background (Runtime.Close waits for it). The
// bytes wazero decodes are always the rewriter's: uninstrumented, the
// module is screened (instrument.Screen), so that no declared count or
// length, the name section's included, makes wazero allocate more than the
// module's bytes justify. A memory of 65536 pages (4 GiB), which wazero's
// Memory.Size reports as 0, is sized from its page count.
//
// # The wasync calls
//
// The functions of module "wasync" are api.GoModuleFunc host functions. Each
// resolves its object with syncrt.ObjectAt on the memory's current bytes
// (the memory may have grown since the last call), finds the calling thread
// in the call's context (the innermost value of the context each thread is
// called with: a few ns) and lets the syncrt engine decide the errno. The
// engine updates the object's words atomically in guest memory, so the
// guest's own fast path sees the same state. BenchmarkHostCall measures an
// uncontended lockmutex+unlockmutex against two empty host calls.
//
// # How a run ends
//
// A run ends at the first of: proc_exit in any thread (status n), _start
// returning (0), a trap (ExitTrap, unless WithConfinedTraps confines a
// spawned thread's trap to that thread), every live thread blocked for good
// in a wasync call (abi.ExitAllBlocked, with the report as the error), the time
// limit (ExitTimeLimit) or the context (ExitCanceled). The run then stops
// its syncrt.Run, and Run waits until every thread's goroutine has returned:
//
//   - A thread blocked in a wasync call gets syncrt.Stopped and unwinds with
//     a sys.ExitError; when every thread was blocked, with an error for
//     which wazero returns the thread's wasm stack trace, so that the report
//     names the functions each thread blocked in (diag.BlockedError).
//   - A busy thread is stopped by the instrumentation Compile applies (see
//     internal/instrument): every function entry checks the run's stop
//     flag, an imported global that the run's end sets, and every function
//     entry and loop header counts down to a safepoint host call every 1024
//     checks, which
//     ends the thread once the run is over and otherwise yields the CPU. So
//     Go's garbage collector can always stop the world (TestGCWhileSpinning)
//     and 64 spinning threads end about a millisecond after a cancel
//     (TestStopSpinning). Its price is a few instructions per loop iteration
//     (BenchmarkLoops; BENCHMARKS.md).
//   - memory.atomic.wait32, wait64 and notify of an instrumented guest are
//     host calls served by the syncrt engine's wait queues: the run's end
//     wakes them, and a wait with no timeout counts as blocked for the
//     all-blocked report. They trap as the instructions do, with wazero's
//     own messages.
//   - WithInstrumentation(false) compiles guests as they are. A busy thread
//     is then stopped by wazero's WithCloseOnContextDone at its next loop
//     header or call, since each thread's context ends with the run; its
//     price: compiled code leaves native code at every loop back-edge (see
//     WithInstrumentation). A thread parked in wazero's
//     own wait32 with no timeout ignores both (wazero wakes it only by a
//     notify): the host reads the waited addresses from the memory
//     instance's unexported `waiters sync.Map` (reflect and unsafe, see
//     wake.go) and notifies them all, every millisecond, until every thread
//     has returned: a woken thread may park again before it notices its
//     instance is closed. Such a run refuses to start when wazero's
//     internals no longer match, and TestWaitersOfWazeroMemory fails.
//   - A thread reading stdin: the host hands wazero a wrapper that is not an
//     *os.File and returns when the run ends; the embedder's Read goes on in
//     the background until the embedder's reader returns.
//   - poll_oneoff's sleeps are cut short when the run ends.
//
// A guest built with the C SDK (guest/) also has its spawned threads'
// stack pointers checked at every function entry: a thread that overflows
// its stack traps as itself, with "stack overflow".
//
// A thread that returns from wasi_thread_start, or ends alone by a confined
// trap, calls syncrt.Thread.Exit: its mutexes become dead-owned, and the
// next locker gets EOWNERDEAD.
//
// # The interpreter is refused
//
// wazero's interpreter emulates the guest's atomics under a lock of its own
// with plain loads and stores, so the engine's sync/atomic updates of guest
// words would lose updates beside them. NewRuntime therefore always asks for
// the compiler and fails with a clear error on a platform wazero cannot
// compile for; there is no option to choose the interpreter.
//
// # Diagnostics
//
// WithObserver hands every finished wasync call to a func(diag.Event): the
// thread, the call, the object by its guest address, the errno's name,
// whether it had to wait and for how long. The engine makes the events
// (syncrt.Config.Observe), so a run without an observer pays nothing.
// WithStacks adds the calling thread's wasm stack to each contended call's
// event, named from the module's name section, for a lock-contention
// profile (diag.Profile): such a run resolves its "wasync" imports to a
// copy of the host module that wazero calls with a function listener, whose
// stack unwind costs every wasync call of that run about as much again; the
// frames are read only for contended calls.
package wasmhost
