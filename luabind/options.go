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
	// Stdout receives print's output; Stderr the errors of threads nobody
	// joined. nil discards.
	Stdout, Stderr io.Writer
	// Args are the main chunk's ... and arg[1], arg[2], …; arg[0] is the
	// chunk's name.
	Args []string
	// TimeLimit, if positive, ends the run with ErrTimeLimit once passed.
	TimeLimit time.Duration
	// Unsafe opens every library go-lua has (io, os, debug, package,
	// dofile, loadfile, binary chunks). Only for trusted scripts: os.exit
	// ends the host process, and io writes to the process's own stdout,
	// not to Stdout.
	Unsafe bool
	// Funcs are the program's own Go functions, set as globals in every
	// thread beside the sync API. A Go panic in one becomes a Lua error.
	Funcs map[string]lua.Function
	// MaxThreads caps the threads a run creates, the main chunk's
	// included; 0 means DefaultMaxThreads.
	MaxThreads int
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
}

func (e *ScriptError) Error() string { return e.Message }

// ErrTimeLimit is the error of a run that outlived Options.TimeLimit.
var ErrTimeLimit = errors.New("time limit exceeded")

// RunString runs src as the main chunk of a new run and returns the
// values it returns. name names the chunk in error messages. The error is
// a *ScriptError for an uncaught Lua error, a *diag.BlockedError when every
// thread blocked for good (errors.As finds the *syncrt.AllBlockedError in
// it; its report adds where each thread blocked), ErrTimeLimit, or the
// context's cause.
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

func runChunk(ctx context.Context, name string, opts Options, load func(*lua.State) error) ([]any, error) {
	if opts.TimeLimit > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, opts.TimeLimit, ErrTimeLimit)
		defer cancel()
	}
	rt := newRuntime(ctx, opts)
	if opts.Summary != nil {
		defer rt.summarize(time.Now())
	}
	main, err := rt.newThread()
	if err != nil {
		rt.run.Stop(err)
		return nil, err
	}
	// A run that ended before its main chunk did (cancelled, timed out,
	// all blocked) fails with that cause, even if the chunk then finished.
	var ended error
	main.beforeExit = func() {
		ended = rt.run.Err()
		rt.run.Stop(errMainEnded)
	}
	main.body(func(l *lua.State) (int, error) {
		if err := load(l); err != nil {
			msg, _ := l.ToString(-1)
			return 0, fmt.Errorf("%s", msg)
		}
		setArgs(l, name, opts.Args)
		if !l.CheckStack(len(opts.Args)) {
			return 0, fmt.Errorf("%s: too many arguments (%d)", name, len(opts.Args))
		}
		for _, a := range opts.Args {
			l.PushString(a)
		}
		return len(opts.Args), nil
	})
	rt.wg.Wait()
	rt.reportUnjoined()
	switch {
	case ended != nil && (main.stopped || !main.failed):
		return nil, rt.withStacks(ended)
	case main.failed:
		return nil, &ScriptError{Message: main.errMsg}
	}
	return exportAll(main.results), nil
}

// setArgs sets the global arg: arg[0] the chunk's name, then the args.
func setArgs(l *lua.State, name string, args []string) {
	l.CreateTable(len(args), 1)
	l.PushString(name)
	l.RawSetInt(-2, 0)
	for i, a := range args {
		l.PushString(a)
		l.RawSetInt(-2, i+1)
	}
	l.SetGlobal("arg")
}
