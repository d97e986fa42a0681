package luabind

import (
	"fmt"
	"strings"

	lua "github.com/Shopify/go-lua"
	"github.com/wasync/wasync/abi"
	"github.com/wasync/wasync/syncrt"
)

// checkObject returns the handle of argument arg, which must be a table of
// kind want, binding a script-built object on its first use.
func (th *thread) checkObject(l *lua.State, arg int, want kind) *handle {
	if h := th.handles[l.ToValue(arg)]; h != nil && h.kind == want {
		return h
	}
	if got := typeName(l, arg); got != want.String() || l.TypeOf(arg) != lua.TypeTable {
		argError(l, arg, "expected "+want.String()+", got "+got)
	}
	if th.handles[l.ToValue(arg)] != nil { // bound, then given another __name
		argError(l, arg, "expected "+want.String()+", got "+th.handles[l.ToValue(arg)].kind.String())
	}
	return th.bind(l, arg, want)
}

// bind gives a script-built mutex or semaphore its engine object. Its
// recursive or count field moves into the engine, so that reading it
// through the metatable's __index is always live.
func (th *thread) bind(l *lua.State, idx int, k kind) *handle {
	idx = l.AbsIndex(idx)
	h := th.rt.newHandle(k)
	switch k {
	case kindMutex:
		if rawField(l, idx, "owner") != lua.TypeNil {
			argError(l, idx, "a new mutex's owner must be nil")
		}
		l.Pop(1)
		rawField(l, idx, "recursive")
		h.obj = syncrt.NewMutex(l.ToBoolean(-1))
		l.Pop(1)
	case kindSemaphore:
		rawField(l, idx, "count")
		n, ok := countArg(l, -1)
		l.Pop(1)
		if !ok {
			argError(l, idx, fmt.Sprintf("semaphore count must be an integer from 0 to %d", abi.MaxCount))
		}
		h.obj = syncrt.NewSemaphore(n)
	}
	for _, f := range liveFields[k] {
		l.PushString(f)
		l.PushNil()
		l.RawSet(idx)
	}
	th.nameObject(l, h)
	th.register(l, idx, h)
	th.patchMetatable(l, idx, k)
	return h
}

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
	th.rt.name(h.obj, name)
}

// register binds the table at idx to h in this State, both ways.
func (th *thread) register(l *lua.State, idx int, h *handle) {
	th.handles[l.ToValue(idx)] = h
	l.Field(lua.RegistryIndex, regProxies)
	l.PushValue(idx)
	l.RawSetInt(-2, int(h.id))
	l.Pop(1)
}

// pushHandle pushes the State's table for h, making one with the kind's
// metatable when h first reaches this State.
func (th *thread) pushHandle(l *lua.State, h *handle) {
	l.Field(lua.RegistryIndex, regProxies)
	l.RawGetInt(-1, int(h.id))
	l.Remove(-2)
	if !l.IsNil(-1) {
		return
	}
	l.Pop(1)
	l.NewTable()
	l.Field(lua.RegistryIndex, regMeta+h.kind.String())
	l.SetMetaTable(-2)
	th.register(l, l.Top(), h)
}
