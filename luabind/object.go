package luabind

import (
	"errors"
	"fmt"
	"strings"

	lua "github.com/Shopify/go-lua"
	"github.com/wasync/wasync/abi"
	"github.com/wasync/wasync/syncrt"
)

// handleAt returns the handle bound to the table at idx, if any. Only a
// table is looked up: ToValue of a userdata is the embedder's Go value.
func (th *thread) handleAt(l *lua.State, idx int) *handle {
	if l.TypeOf(idx) != lua.TypeTable {
		return nil
	}
	h, _ := th.handles.load(uintptr(tableAt(l, idx)))
	return h
}

// checkObject returns the handle of argument arg, which must be a table of
// kind want, binding a script-built object on its first use.
func (th *thread) checkObject(l *lua.State, arg int, want kind) *handle {
	h := th.handleAt(l, arg)
	if h != nil && h.kind == want {
		return h
	}
	got := typeName(l, arg)
	switch {
	case h != nil: // a host object of another kind (its handle, not its __name, says which)
		got = h.kind.String()
	case l.TypeOf(arg) != lua.TypeTable:
	case want == kindThread || want == kindShared: // only the host makes these
		got = lua.TypeNameOf(l, arg)
	case got == want.String():
		h, err := th.bind(l, arg, want)
		if err != nil {
			argError(l, arg, err.Error())
		}
		return h
	}
	if got == "no value" { // a missing argument is nil to a Lua caller
		got = "nil"
	}
	argError(l, arg, "expected "+want.String()+", got "+got)
	return nil
}

// scriptObject returns the handle of the table at idx if it is a sync
// object, binding a script-built one, or nil if it is a plain table. Its
// callers pass the object to another thread, so it pins the table.
func (th *thread) scriptObject(l *lua.State, idx int) (*handle, error) {
	h := th.handleAt(l, idx)
	for _, k := range []kind{kindMutex, kindSemaphore} {
		if h == nil && typeName(l, idx) == k.String() {
			var err error
			if h, err = th.bind(l, idx, k); err != nil {
				return nil, err
			}
		}
	}
	if h != nil {
		th.pin(l, idx, h)
	}
	return h, nil
}

// bind gives a script-built mutex or semaphore its engine object. Its
// recursive or count field moves into the engine, so that reading it
// through the metatable's __index is always live.
func (th *thread) bind(l *lua.State, idx int, k kind) (*handle, error) {
	idx = l.AbsIndex(idx)
	h := th.rt.newHandle(k)
	switch k {
	case kindMutex:
		owned := rawField(l, idx, "owner") != lua.TypeNil
		l.Pop(1)
		if owned {
			return nil, errors.New("a new mutex's owner must be nil")
		}
		rawField(l, idx, "recursive")
		h.obj = syncrt.NewMutex(l.ToBoolean(-1))
		l.Pop(1)
	case kindSemaphore:
		rawField(l, idx, "count")
		n, ok := countArg(l, -1)
		l.Pop(1)
		if !ok {
			return nil, errBadCount
		}
		h.obj = syncrt.NewSemaphore(n)
	}
	for _, f := range liveFields[k] {
		l.PushString(f)
		l.PushNil()
		l.RawSet(idx)
	}
	th.nameObject(l, h)
	th.handles.store(tableAt(l, idx), h)
	th.patchMetatable(l, idx, k)
	return h, nil
}

var errBadCount = fmt.Errorf("semaphore count must be an integer from 0 to %d", abi.MaxCount)

// rawField pushes t[name] without metamethods and returns its type.
func rawField(l *lua.State, idx int, name string) lua.Type {
	l.PushString(name)
	l.RawGet(idx)
	return l.TypeOf(-1)
}

// countArg reads a semaphore count: an integer in 0..abi.MaxCount.
func countArg(l *lua.State, idx int) (uint32, bool) {
	if l.TypeOf(idx) != lua.TypeNumber {
		return 0, false
	}
	f, _ := l.ToNumber(idx)
	if f < 0 || f > float64(abi.MaxCount) || f != float64(int64(f)) {
		return 0, false
	}
	return uint32(f), true
}

// nameObject names h's engine object in reports by its id and the line
// of Lua that made or first used it.
func (th *thread) nameObject(l *lua.State, h *handle) {
	lua.Where(l, 1)
	where, _ := l.ToString(-1)
	l.Pop(1)
	name := fmt.Sprintf("#%d", h.id)
	if where = strings.TrimSuffix(where, ": "); where != "" {
		name += " (" + where + ")"
	}
	th.rt.name(h.obj, h.id, name)
}

// pin makes the table at idx h's table in this State for good: the one
// pushHandle gives whenever h comes back from another thread. An object
// that never leaves its State is never pinned, and is collected with its
// table.
func (th *thread) pin(l *lua.State, idx int, h *handle) {
	idx = l.AbsIndex(idx)
	l.Field(lua.RegistryIndex, regProxies)
	l.RawGetInt(-1, int(h.id))
	pinned := !l.IsNil(-1)
	l.Pop(1)
	if !pinned {
		l.PushValue(idx)
		l.RawSetInt(-2, int(h.id))
	}
	l.Pop(1)
}

// newProxy pushes a new table for h with the kind's metatable.
func (th *thread) newProxy(l *lua.State, h *handle) {
	l.NewTable()
	l.Field(lua.RegistryIndex, regMeta+h.kind.String())
	l.SetMetaTable(-2)
	th.handles.store(tableAt(l, -1), h)
}

// pushHandle pushes the State's table for h, making and pinning one when
// h first reaches this State.
func (th *thread) pushHandle(l *lua.State, h *handle) {
	l.Field(lua.RegistryIndex, regProxies)
	l.RawGetInt(-1, int(h.id))
	l.Remove(-2)
	if !l.IsNil(-1) {
		return
	}
	l.Pop(1)
	th.newProxy(l, h)
	th.pin(l, -1, h)
}
