// Package luabind runs Lua scripts (github.com/Shopify/go-lua) whose threads
// synchronise through the wasync engine (package syncrt): the same mutexes,
// semaphores, owner-death and deadlock rules as WebAssembly guests, decided
// by the same code.
//
// # Threads
//
// go-lua has no coroutines and a lua.State must not be used from two
// goroutines, so every Lua thread is its own State on its own goroutine, and
// threads run in parallel. Values cross between threads through the host:
//
//   - thread.spawn(f, ...) starts f(...) in a new State. f is copied as
//     bytecode; its upvalues may only be sync objects, shared tables, thread
//     handles, the thread module, _ENV, global and library Go functions
//     (such as print or table.insert: the new State's own) and other Lua
//     functions (copied the same way). A captured local of any other kind is an error: pass it as
//     an argument or keep it in a shared table. Arguments and results are
//     copied (plain tables deeply, keeping cycles); sync objects, shared
//     tables and thread handles keep their identity. A spawned thread starts
//     with fresh globals: the libraries, the sync API, thread and shared.
//     thread.spawn(source, ...) runs a chunk's source text instead, with the
//     arguments as its ... .
//   - thread.setpriority(p) and thread.getpriority() are the globals
//     setpriority and getpriority (ABI 1.1): the main chunk starts at 10, a
//     spawned thread at its spawner's base priority; waiters are served
//     highest effective priority first, FIFO among equals, and the owner
//     of a mutex that higher threads wait for inherits their priority
//     (README.md, "Priorities and destroy"). A priority that is not an
//     integer from 1 to 255 is an argument error. Lua objects have no
//     destroy: they are freed with their tables.
//   - thread.join(t) (or t:join()) waits for t and returns its results,
//     or false and its error message if it died of an error; t.id is its
//     thread id. thread.id() is the caller's thread id (1 for the main chunk);
//     thread.sleep(seconds) sleeps.
//   - shared (also thread.shared) is a host-backed table every thread sees.
//     It holds nil, booleans, numbers, strings, sync objects, thread handles
//     and shared tables; assigning a plain table stores a shared copy of it.
//     Each read and each write is atomic on its own, so that
//     shared.n = shared.n + 1 run by several threads at once loses updates
//     unless a mutex guards it. #, pairs, ipairs, next, rawget, rawset,
//     rawlen and table.insert, remove, concat and unpack act on the shared
//     data, each atomically (threads appending with table.insert all
//     land); table.sort reads the list, sorts it with the comparator and
//     writes it back, atomic in each step but not as a whole. pairs and
//     next go in a fixed order (numbers, strings, booleans), and a loop
//     may clear fields as it goes.
//
// When the main chunk returns, the run ends: threads still running are
// stopped. An uncaught error in a spawned thread ends only that thread: it
// is written to the Stderr writer when it happens ("thread 2: msg" and a
// stack traceback), whether or not a join receives it later, since that
// cannot be known then; join returns false and the message. A run in
// which a thread died of an error that no join received returns a
// *ThreadError (wasync lua exits 1). A thread that ends holding mutexes
// leaves them dead-owned: the next locker gets them with "owner died".
//
// A spawned function is a copy in a State of its own, so it sees none of
// the main chunk's globals: pass what it needs as arguments or through
// shared. Calling a global function that only a spawning thread has
// raises "global 'helper' is nil in thread 2: it is a global of thread 1,
// and a thread starts with fresh globals; …" (reading such a global gives
// the function that raises it, so test with rawget(_G, name)).
//
// Sync objects a thread makes and drops are freed with their tables, as
// plain tables are: go-lua has neither __gc nor weak tables, so the
// binding keeps what it knows of an object (its engine object, its name in
// reports) in Go maps that hold the table weakly. An object that has
// crossed to another thread (as an argument, a result, an upvalue or in
// shared), and every shared table and thread handle a State has seen,
// stays until the run ends: each State keeps its table for it, so that it
// is the same table every time it comes back.
//
// # Sync API
//
// Phoenix's syscalls are globals; objects are plain tables whose
// metatable's __name is "mutex" or "semaphore", built by thread.mutex,
// thread.semaphore, or by the script itself:
//
//	local m = setmetatable({recursive = false}, {__name = "mutex"})
//	local s = setmetatable({count = 3}, {__name = "semaphore"})
//
// The first call on such a table binds it to an engine object: its
// recursive or count field moves into the host, and m.owner (the owner's
// thread id or nil), m.recursive, s.count and s.waiters (threads blocked in
// acquire) then read the engine live. The
// table's metatable gains __index, __newindex and __tostring entries for
// that (an __index or __newindex it had keeps serving other keys).
// s.count may be assigned, as Phoenix allows (it documents
// releasesemaphore as the atomic form of s.count = s.count + 1): the store
// is not atomic with other threads' acquires and releases, it wakes
// waiters when units appeared, and a count that is not an integer from 0
// to 2^31-1 is an error. The other live fields are read-only.
//
//	lockmutex(m)                 -> true [, "owner died"]
//	trylockmutex(m)              -> boolean [, "owner died"]
//	timelockmutex(m, seconds)    -> boolean [, "owner died"]
//	unlockmutex(m)
//	acquiresemaphore(s)
//	timeacquiresemaphore(s, seconds) -> boolean
//	releasesemaphore(s)
//	setpriority(p)               -- ABI 1.1: the caller's base priority, 1..255
//	getpriority()                -> the caller's effective priority
//
// Timeouts are seconds, fractions allowed; 0 does not wait; math.huge waits
// forever; a negative or NaN timeout is an argument error. Errors carry
// Phoenix's texts: "cannot recursively lock mutex", "mutex already
// unlocked", "mutex not locked by current thread", "bad argument #1
// (expected mutex, got semaphore)"; a lock that would close a cycle of
// threads waiting for each other raises "deadlock".
//
// Momentum's library is the global thread (require('thread') gives the
// same table): thread.mutex([type]) with thread.MUTEX_NORMAL (the default),
// thread.MUTEX_RECURSIVE and thread.MUTEX_ERRORCHECK, whose objects have the
// methods lock, unlock, trylock and timedlock(seconds); thread.semaphore(n)
// with acquire, release and timedacquire(seconds). Every mutex object, also a
// script-built one once bound, has these methods. The three types:
//
//   - MUTEX_NORMAL (the default): a relock by the owner (lock, trylock or
//     timedlock) raises "cannot recursively lock mutex" instead of hanging
//     as a POSIX normal mutex would: the engine never lets a thread wait
//     for itself. So it behaves as MUTEX_ERRORCHECK.
//   - MUTEX_RECURSIVE: a relock by the owner succeeds and nests; the mutex
//     is free once unlocked as many times as it was locked.
//   - MUTEX_ERRORCHECK: a relock raises "cannot recursively lock mutex".
//
// For all three, unlock by a thread that does not own the mutex raises
// "mutex not locked by current thread" and leaves it locked, and unlock of
// a free mutex raises "mutex already unlocked" (testdata/lua/mutextypes.lua).
//
// # Sandbox
//
// By default a State has the base library, load accepting text only (no
// bytecode), string, table, math, bit32, os with only clock, time and
// difftime, and io with only standard input and output: io.write,
// io.read, io.lines() and io.stdin, io.stdout and io.stderr with read,
// lines, write and flush, on Options.Stdin, Stdout and Stderr (io.read
// takes Lua 5.2's formats: "*l", "*L", "*n", "*a" and a byte count). What
// the sandbox leaves out (dofile, loadfile, os.execute, exit, getenv,
// remove, rename, tmpname, io.open, popen, tmpfile, close, input, output,
// type, io.lines with a file name, package.loadlib and searchpath, and the
// debug library but traceback) are stubs that
// raise "io.open is disabled in the sandbox (…)", ending with
// Options.UnsafeHint. require serves only loaded modules (thread, io, os,
// debug, package and the embedder's) and package.preload. print writes to Options.Stdout.
// Options.Unsafe opens everything go-lua has: io (whose files are the
// process's own; io.write, io.read and io.lines stay on Options' streams,
// and go-lua has no io.read of its own), all of os (os.exit ends the host
// process), debug, package with file searchers, dofile and loadfile.
//
// A run ends when its context is cancelled, its time limit passes, the main
// chunk returns or every thread is blocked for good. A busy loop stops even
// inside pcall: a count hook raises an error, then re-arms itself to fire on
// every instruction, so the first instruction outside a pcall fails too.
// Blocked calls return at once. No goroutine outlives Run, but for a read
// of Options.Stdin still blocked (see there).
//
// # go-lua gaps scripts meet
//
// go-lua implements Lua 5.2 with these differences: no coroutine library;
// no string patterns (string.match, gmatch and gsub are nil, and
// string.find with a pattern searches plain text); no os.date, no
// string.dump; weak tables and __gc are ignored; math.huge is the largest
// float64, not infinity; most of debug is missing even with Unsafe.
// go-lua's xpcall calls the wrong function as its message handler (it
// re-runs the chunk), so luabind replaces it with one that calls the
// handler after the stack has unwound. go-lua allocates from Go's heap
// with no hook, so Options.MemoryLimit is enforced by sampling the heap:
// approximate, see there.
//
// # The patched VM
//
// wasync builds go-lua with its own patches (third_party/go-lua/patches;
// CheckVM says whether the VM in use has them, and how to get them into a
// program of your own module). With them, a field read after a
// concatenation gets the right value; fields may be cleared during pairs;
// pairs, table.concat and filling a table with sparse integer keys take
// linear time; a function may have more than 262,143 constants; error
// takes any value; error messages name the right variable and syntax
// errors show tokens as C Lua does; string.reverse,
// upper and lower work on bytes as in C Lua; and a Go panic inside go-lua
// becomes a Lua error with its text instead of killing the process.
// string.rep and table.concat raise "resulting string too large" past 256
// MiB instead of an allocation that would kill the host. table.sort,
// table.concat, table.insert, table.remove, table.unpack, string.rep and
// the compiler (one step a token) count their loops toward the count hook,
// so a run's end (time limit, cancel) stops them within about a thousand
// steps.
//
// # Diagnostics
//
// Options.Observe receives every finished sync call as a diag.Event: the
// thread, the call, the object by its id and the line that made it
// ("#3 (job.lua:1)"), the result in the script's terms ("ok", "busy",
// "timed out", "owner died", "deadlock"), and how long a contended call
// waited. The engine makes the events, so a run without Observe pays
// nothing. Options.Stacks adds the Lua stack (function, file, line) to
// each contended call's event, for a lock-contention profile
// (diag.Profile); only contended calls read it.
package luabind
