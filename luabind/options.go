package luabind

import (
	"errors"
	"io"
	"time"

	lua "github.com/Shopify/go-lua"
	"github.com/wasync/wasync/diag"
	"github.com/wasync/wasync/syncrt"
)

// Options configure a run. The zero value runs a sandboxed script with no
// time limit and discards what it prints.
type Options struct {
	// Stdout receives print's and io.write's output; Stderr the errors of
	// spawned threads. nil discards.
	Stdout, Stderr io.Writer
	// Stdin is what io.read and io.lines read; nil is empty. A read
	// blocked on it returns when the run ends; its goroutine stays until
	// Stdin's Read returns.
	Stdin io.Reader
	// Args are the main chunk's ... and arg[1], arg[2], ….
	Args []string
	// CommandLine is what precedes Args on a command line, ending with the
	// script: arg[-n] … arg[0] as lua sets them (for "wasync lua -e x
	// s.lua": "wasync", "lua", "-e", "x", "s.lua"). Empty: arg[0] is the
	// chunk's name.
	CommandLine []string
	// Statements run in the main thread, in order, before the main chunk,
	// as lua -e runs them; errors name each "(command line)".
	Statements []string
	// TimeLimit, if positive, ends the run with ErrTimeLimit once passed.
	TimeLimit time.Duration
	// Unsafe opens every library go-lua has (io, os, debug, package,
	// dofile, loadfile, binary chunks). Only for trusted scripts: os.exit
	// ends the host process, and io's files (io.stdout too) are the
	// process's own; io.write, io.read and io.lines still use Stdout and
	// Stdin.
	Unsafe bool
	// UnsafeHint ends the message of a function the sandbox disables,
	// telling the user how to allow it: "io.open is disabled in the
	// sandbox (HINT)". Empty: "set luabind.Options.Unsafe".
	UnsafeHint string
	// Funcs are the program's own Go functions, set as globals in every
	// thread beside the sync API. A Go panic in one becomes a Lua error.
	Funcs map[string]lua.Function
	// MaxThreads caps the threads a run creates, the main chunk's
	// included; 0 means DefaultMaxThreads.
	MaxThreads int
	// MemoryLimit, if positive, bounds in bytes how much the process's Go
	// heap may grow while the run goes on: past it, a thread running Lua
	// gets the error "not enough memory" (after a garbage collection
	// confirms it), until the heap is back under it. A thread that dies of
	// it frees its State; a script that catches it keeps what its failed
	// code held reachable on the Lua stack, so it usually meets the error
	// again. The limit is approximate: the heap is sampled every
	// millisecond, and one operation that allocates (a concatenation, a
	// table's growth) completes before the check, so the process's memory
	// may reach about twice the limit (a string doubling itself, a table
	// growing its array); memory the embedder or other runs allocate
	// meanwhile counts too. With a limit, the run checks it every 16 Lua
	// instructions instead of 1000, and on every instruction once the heap
	// is past a quarter of the limit: a script using much memory runs
	// slower.
	MemoryLimit int64
	// Observe, when set, is handed every finished sync call, on the
	// calling thread's goroutine (keep it quick): the object by its id
	// and where it was made, the result in the script's terms ("ok",
	// "busy", "owner died", …). A run without it pays nothing for
	// observation. The diag package has observers for a trace,
	// statistics and a lock-contention profile.
	Observe func(diag.Event)
	// Stacks gives each contended call's event the Lua call stack that
	// made it (function, file and line): reading it costs only contended
	// calls. It needs Observe: a run with Stacks and no Observe fails.
	Stacks bool
	// LockOrder checks the order in which the script's threads take
	// mutexes (see syncrt.LockOrder): a lock that closes a cycle of orders
	// (A then B in one thread, B then A in another) is a potential
	// deadlock, found though no thread blocked, and reported once with the
	// Lua stack at each order: in the Summary's PotentialDeadlocks, and on
	// the event of the lock that closed it (Observe). LockOrderStrict makes
	// that lock raise "potential deadlock (lock order)" instead.
	LockOrder syncrt.LockOrder
	// Summary, when set, is handed the run's wall time, the threads it
	// started, the most alive at once and the potential deadlocks of
	// LockOrder, when the run is over.
	Summary func(diag.Summary)
}

// check refuses options that cannot work together, rather than ignore one
// of them (as wasmhost refuses WithStacks without WithObserver).
func (o Options) check() error {
	if o.Stacks && o.Observe == nil {
		return errors.New("luabind: Options.Stacks needs Options.Observe: the stacks are given to its events")
	}
	return nil
}

// DefaultMaxThreads is the thread cap when Options.MaxThreads is 0: each
// thread holds a goroutine and a lua.State.
const DefaultMaxThreads = 1000

// loadMode refuses precompiled chunks unless the run is unsafe: go-lua
// does not verify bytecode.
func loadMode(opts Options) string {
	if opts.Unsafe {
		return "bt"
	}
	return "t"
}
