package diag

import "github.com/wasync/wasync/syncrt"

// An Event is one finished sync call of a guest thread, as a binding
// reports it: the engine's event (the caller's tid, the object's ref and
// kind, whether the call acquired it: all the engine's decisions) with the
// object named in the guest's terms. It is a plain value: a test builds
// one without a run.
type Event struct {
	syncrt.Event
	// Object names Addr as reports do: the guest address ("0x10a0") for
	// WebAssembly, the object id and where the script made it
	// ("#3 (counter.lua:4)") for Lua.
	Object string
	// ID orders objects in reports: the guest address, or the Lua object id.
	ID uint64
	// Outcome is Result in the guest's terms: the errno's name for
	// WebAssembly ("EBUSY"), the binding's text for Lua ("busy").
	Outcome string
	// Stack is the calling guest's frames, innermost first, for a contended
	// call when the run was asked for stacks (wasmhost.WithStacks,
	// luabind.Options.Stacks); nil otherwise.
	Stack []Frame
}

// A Frame is one function of a guest's call stack.
type Frame struct {
	// Function is the WebAssembly function's name from the module's name
	// section ("$index" without one), or the Lua function's name where
	// Lua knows it, "main chunk", or "function@file:line" (where it is
	// defined) for an anonymous function.
	Function string
	// File and Line are the Lua source position; empty for WebAssembly.
	File string
	Line int
}

// Tee returns an observer that hands each event to every fn in turn, so
// one run can feed a trace, statistics and a profile. nil entries are
// skipped; with none left Tee returns nil, which keeps the run unobserved.
func Tee(fns ...func(Event)) func(Event) {
	var live []func(Event)
	for _, fn := range fns {
		if fn != nil {
			live = append(live, fn)
		}
	}
	switch len(live) {
	case 0:
		return nil
	case 1:
		return live[0]
	}
	return func(e Event) {
		for _, fn := range live {
			fn(e)
		}
	}
}
