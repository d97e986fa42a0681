package luabind

import (
	"errors"
	"fmt"

	lua "github.com/Shopify/go-lua"
	"github.com/wasync/wasync/diag"
	"github.com/wasync/wasync/syncrt"
)

// An objectName is how reports name an engine object: its id, and the
// text that says which it is.
type objectName struct {
	id   int64
	text string
}

// observer is the engine's observer for the run, nil when unobserved, so
// that an unobserved run pays nothing.
func (rt *scriptRun) observer() func(syncrt.Event, any) {
	if rt.opts.Observe == nil {
		return nil
	}
	return rt.observe
}

// observe turns the engine's event into the embedder's: the object by its
// id, the result in the words the script would see. caller is the calling
// thread's *thread (syncrt.Thread.Data).
func (rt *scriptRun) observe(e syncrt.Event, caller any) {
	ev := diag.Event{Event: e, Object: rt.describe(e.Ref), Outcome: outcome(e.Result, e.Reason)}
	if n, ok := rt.names.load(e.Ref.Addr()); ok {
		ev.ID = uint64(n.id)
	}
	if e.Contended && rt.opts.Stacks {
		ev.Stack = luaFrames(caller.(*thread).l)
	}
	rt.opts.Observe(ev)
}

// luaFrames is the Lua call stack of the sync call in progress on l,
// innermost first, without the Go function of the call itself (level 0)
// and without Go functions (pcall, spawn's runner).
func luaFrames(l *lua.State) []diag.Frame {
	var fs []diag.Frame
	for level := 1; ; level++ {
		f, ok := lua.Stack(l, level)
		if !ok {
			return fs
		}
		d, _ := lua.Info(l, "Sln", f)
		if d.What == "Go" {
			continue
		}
		name := d.Name
		switch {
		case d.What == "main":
			name = "main chunk"
		case name == "":
			// Not Lua's "function <file:line>": pprof strips what is
			// between angle brackets as C++ template arguments.
			name = fmt.Sprintf("function@%s:%d", d.ShortSource, d.LineDefined)
		}
		fs = append(fs, diag.Frame{Function: name, File: d.ShortSource, Line: d.CurrentLine})
	}
}

// luaStack is the lock-order check's stack of the calling thread (its
// *thread): Lua's frames, innermost first, as "name (file:line)".
func luaStack(caller any) []string {
	fs := luaFrames(caller.(*thread).l)
	s := make([]string, len(fs))
	for i, f := range fs {
		s[i] = fmt.Sprintf("%s (%s:%d)", f.Function, f.File, f.Line)
	}
	return s
}

// withStacks adds to an all-blocked report where each thread blocked.
// Every thread has returned.
func (rt *scriptRun) withStacks(err error) error {
	var blocked *syncrt.AllBlockedError
	if !errors.As(err, &blocked) {
		return err
	}
	stacks := map[uint32][]diag.Frame{}
	rt.mu.Lock()
	defer rt.mu.Unlock()
	for _, th := range rt.threads {
		if th.stoppedAt != nil {
			stacks[th.t.Tid()] = th.stoppedAt
		}
	}
	return &diag.BlockedError{AllBlockedError: blocked, Stacks: stacks}
}

// describe names an object in reports.
func (rt *scriptRun) describe(o syncrt.ObjectRef) string {
	if n, ok := rt.names.load(o.Addr()); ok {
		return n.text
	}
	return "?"
}
