package luabind

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	lua "github.com/Shopify/go-lua"
	"github.com/wasync/wasync/diag"
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
	// calls. It needs Observe.
	Stacks bool
	// Summary, when set, is handed the run's wall time, the threads it
	// started and the most alive at once, when the run is over.
	Summary func(diag.Summary)
}

// DefaultMaxThreads is the thread cap when Options.MaxThreads is 0: each
// thread holds a goroutine and a lua.State.
const DefaultMaxThreads = 1000

// A ScriptError is an error the main chunk raised and did not catch.
type ScriptError struct {
	// Message is Lua's message, usually "chunk:line: text".
	Message string
	// Traceback is the Lua stack where the error was raised, as lua
	// prints it ("stack traceback:\n\t…"); empty for a chunk that did
	// not load.
	Traceback string
}

func (e *ScriptError) Error() string { return e.Message }

// A ThreadError is a spawned thread that died of an uncaught error that
// no thread.join received. Such an error is written to Options.Stderr
// when it happens, with its traceback; the run, if nothing else failed,
// then returns the main chunk's results and the ThreadErrors joined
// (errors.Join), so that it does not look like a success.
type ThreadError struct {
	Tid                uint32
	Message, Traceback string
}

func (e *ThreadError) Error() string { return fmt.Sprintf("thread %d: %s", e.Tid, e.Message) }

// ErrTimeLimit is the error of a run that outlived Options.TimeLimit.
var ErrTimeLimit = errors.New("time limit exceeded")

// RunString runs src as the main chunk of a new run and returns the
// values it returns. name names the chunk in error messages. The error is
// a *ScriptError for an uncaught Lua error, a *diag.BlockedError when every
// thread blocked for good (errors.As finds the *syncrt.AllBlockedError in
// it; its report adds where each thread blocked), ErrTimeLimit, the
// context's cause, or, with the results, *ThreadError (joined) for
// spawned threads that failed and that no join received.
func RunString(ctx context.Context, name, src string, opts Options) ([]any, error) {
	return runChunk(ctx, name, opts, func(l *lua.State) error {
		return lua.LoadBuffer(l, src, "="+name, loadMode(opts))
	})
}

// RunFile runs the script at path as RunString does; error messages name
// the chunk by path.
func RunFile(ctx context.Context, path string, opts Options) ([]any, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return runChunk(ctx, path, opts, func(l *lua.State) error {
		return lua.LoadBuffer(l, skipShebang(string(src)), "@"+path, loadMode(opts))
	})
}

// RunStatements runs only Options.Statements, as lua -e does without a
// script: arg is nil. It returns as RunString does.
func RunStatements(ctx context.Context, opts Options) ([]any, error) {
	return runChunk(ctx, "", opts, nil)
}

// skipShebang blanks a first line starting with '#' ("#!/usr/bin/env
// wasync lua"), as the lua command does, keeping the line numbers.
func skipShebang(src string) string {
	if !strings.HasPrefix(src, "#") {
		return src
	}
	if i := strings.IndexByte(src, '\n'); i >= 0 {
		return src[i:]
	}
	return ""
}

// loadMode refuses precompiled chunks unless the run is unsafe: go-lua
// does not verify bytecode.
func loadMode(opts Options) string {
	if opts.Unsafe {
		return "bt"
	}
	return "t"
}
