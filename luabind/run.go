package luabind

import (
	"context"
	"strconv"
	"time"

	lua "github.com/Shopify/go-lua"
)

// runChunk runs a script: the statements, then the chunk that load
// pushes (none when load is nil), in the main thread of a new run.
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
	if rt.mem != nil {
		rt.wg.Add(1)
		go func() {
			defer rt.wg.Done()
			rt.mem.watch(rt.run.Done())
		}()
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
		if load != nil {
			setArgs(l, name, opts)
		}
		l.PushGoFunction(main.mainChunk(name, load))
		return 0, nil
	})
	rt.wg.Wait()
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
