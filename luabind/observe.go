package luabind

import (
	"errors"
	"fmt"
	"unsafe"

	lua "github.com/Shopify/go-lua"
	"github.com/wasync/wasync/abi"
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
func (rt *runtime) observer() func(syncrt.Event) {
	if rt.opts.Observe == nil {
		return nil
	}
	return rt.observe
}

// observe turns the engine's event into the embedder's: the object by its
// id, the result in the words the script would see.
func (rt *runtime) observe(e syncrt.Event) {
	ev := diag.Event{Event: e, Object: rt.describe(e.Addr), Outcome: outcome(e)}
	if n, ok := rt.names.load(e.Addr); ok {
		ev.ID = uint64(n.id)
	}
	if e.Contended && rt.opts.Stacks {
		ev.Stack = luaFrames(e.Thread.Data.(*thread).l)
	}
	rt.opts.Observe(ev)
}

// outcomes are the results of calls in the terms a script meets them (see
// syscalls.go); a relock of a non-recursive mutex is told apart from a
// deadlock by outcome.
var outcomes = map[abi.Errno]string{
	abi.ESUCCESS:   "ok",
	abi.EOWNERDEAD: "owner died",
	abi.EBUSY:      "busy",
	abi.ETIMEDOUT:  "timed out",
	abi.EDEADLK:    "deadlock",
	abi.EAGAIN:     "mutex locked too many times recursively",
	abi.EPERM:      "mutex not locked by current thread",
	abi.EOVERFLOW:  "semaphore count would overflow",
	syncrt.Stopped: "run ended",
}

func outcome(e syncrt.Event) string {
	if e.Result == abi.EDEADLK && (*syncrt.Object)(e.Addr).Word(abi.MutexOffOwner)&abi.OwnerTidMask == e.Thread.Tid() {
		return "cannot recursively lock mutex"
	}
	if s, ok := outcomes[e.Result]; ok {
		return s
	}
	return e.Result.String()
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

// withStacks adds to an all-blocked report where each thread blocked.
// Every thread has returned.
func (rt *runtime) withStacks(err error) error {
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
func (rt *runtime) describe(p unsafe.Pointer) string {
	if n, ok := rt.names.load(p); ok {
		return n.text
	}
	return "?"
}
