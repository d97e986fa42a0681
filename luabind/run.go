package luabind

import (
	"context"
	"os"
	"strconv"
	"strings"
	"time"

	lua "github.com/Shopify/go-lua"
)

// runChunk runs a script: the statements, then the chunk that load
// pushes (none when load is nil), in the main thread of a new run.
func runChunk(ctx context.Context, name string, opts Options, load func(*lua.State) error) ([]any, error) {
	if err := opts.check(); err != nil {
		return nil, err
	}
	rt := newRuntime(ctx, opts)
	if opts.Summary != nil {
		defer rt.summarize(time.Now())
	}
	if rt.mem != nil {
		rt.wg.Add(1)
		go func() {
			defer rt.wg.Done()
			rt.mem.watch(rt.run.Done())
		}()
	}
	main, err := rt.newThread(nil)
	if err != nil {
		rt.run.Stop(err)
		return nil, err
	}
	// A run that ended before its main chunk did (cancelled, timed out,
	// all blocked) fails with that cause, even if the chunk then finished.
	main.endsRun = true
	main.body(func(l *lua.State) (int, error) {
		if load != nil {
			setArgs(l, name, opts)
		}
		l.PushGoFunction(main.mainChunk(name, load))
		return 0, nil
	})
	rt.wg.Wait()
	ended := main.ended
	switch {
	case ended != nil && (main.stopped || !main.failed):
		return nil, rt.withStacks(ended)
	case main.failed:
		return nil, &ScriptError{Message: main.errMsg, Traceback: main.traceback}
	}
	return exportAll(main.results), rt.unreceived()
}

// mainChunk is the function the main thread runs, as lua's own main
// does: each statement, then the loaded chunk with the arguments, whose
// results it returns. A chunk that does not load fails without a
// traceback, as in lua.
func (th *thread) mainChunk(name string, load func(*lua.State) error) lua.Function {
	return func(l *lua.State) int {
		for _, stmt := range th.rt.opts.Statements {
			if err := lua.LoadBuffer(l, stmt, "=(command line)", loadMode(th.rt.opts)); err != nil {
				th.loadFailed = true
				l.Error()
			}
			l.Call(0, 0)
		}
		if load == nil {
			return 0
		}
		if err := load(l); err != nil {
			th.loadFailed = true
			l.Error()
		}
		args := th.rt.opts.Args
		if !l.CheckStack(len(args)) {
			th.loadFailed = true
			l.PushString(name + ": too many arguments (" + strconv.Itoa(len(args)) + ")")
			l.Error()
		}
		for _, a := range args {
			l.PushString(a)
		}
		l.Call(len(args), lua.MultipleReturns)
		return l.Top()
	}
}

// setArgs sets the global arg: the command line before the arguments at
// arg[-n] … arg[0] (or arg[0] the chunk's name), then the arguments.
func setArgs(l *lua.State, name string, opts Options) {
	before := opts.CommandLine
	if len(before) == 0 {
		before = []string{name}
	}
	l.CreateTable(len(opts.Args), len(before))
	for i, a := range before {
		l.PushString(a)
		l.RawSetInt(-2, i-len(before)+1)
	}
	for i, a := range opts.Args {
		l.PushString(a)
		l.RawSetInt(-2, i+1)
	}
	l.SetGlobal("arg")
}

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
