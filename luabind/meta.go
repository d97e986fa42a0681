package luabind

import (
	"strconv"

	lua "github.com/Shopify/go-lua"
)

// liveFields are the fields a bound table reads from the host.
var liveFields = [...][]string{
	kindMutex:     {"owner", "recursive"},
	kindSemaphore: {"count", "waiters"},
	kindThread:    {"id"},
}

// pushLive pushes field k of h and reports whether k is a live field.
func pushLive(l *lua.State, h *handle, k string) bool {
	switch {
	case h.kind == kindMutex && k == "owner":
		if tid := h.obj.Owner(); tid != 0 {
			l.PushInteger(int(tid))
		} else {
			l.PushNil()
		}
	case h.kind == kindMutex && k == "recursive":
		l.PushBoolean(h.obj.Recursive())
	case h.kind == kindSemaphore && k == "count":
		l.PushInteger(int(h.obj.Count()))
	case h.kind == kindSemaphore && k == "waiters":
		l.PushInteger(int(h.obj.Waiters()))
	case h.kind == kindThread && k == "id":
		l.PushInteger(int(h.th.t.Tid()))
	default:
		return false
	}
	return true
}

func isLive(k kind, field string) bool {
	for _, f := range liveFields[k] {
		if f == field {
			return true
		}
	}
	return false
}

// index is __index for bound tables: the kind's methods (upvalue 1; first,
// as m:lock() is the hot path), then live fields, then the metatable's
// former __index (upvalue 2).
func (th *thread) index(l *lua.State) int {
	l.PushValue(2)
	l.RawGet(lua.UpValueIndex(1))
	if !l.IsNil(-1) {
		return 1
	}
	l.Pop(1)
	if h := th.handleAt(l, 1); h != nil && l.TypeOf(2) == lua.TypeString {
		k, _ := l.ToString(2)
		if pushLive(l, h, k) {
			return 1
		}
	}
	switch l.TypeOf(lua.UpValueIndex(2)) {
	case lua.TypeNil:
		l.PushNil()
	case lua.TypeFunction:
		l.PushValue(lua.UpValueIndex(2))
		l.PushValue(1)
		l.PushValue(2)
		l.Call(2, 1)
	default:
		l.PushValue(lua.UpValueIndex(2))
		l.PushValue(2)
		l.Table(-2)
	}
	return 1
}

// newIndex is __newindex for bound tables: a semaphore's count is stored
// in the engine (setCount); other live fields are read-only; other keys go
// to the metatable's former __newindex (upvalue 1), or are set raw.
func (th *thread) newIndex(l *lua.State) int {
	if h := th.handleAt(l, 1); h != nil && l.TypeOf(2) == lua.TypeString {
		k, _ := l.ToString(2)
		if h.kind == kindSemaphore && k == "count" {
			return th.setCount(l, h)
		}
		if isLive(h.kind, k) {
			raise(l, h.kind.String()+" field '"+k+"' is read-only")
		}
	}
	l.SetTop(3)
	switch l.TypeOf(lua.UpValueIndex(1)) {
	case lua.TypeNil:
		l.RawSet(1)
	case lua.TypeFunction:
		l.PushValue(lua.UpValueIndex(1))
		l.Insert(1)
		l.Call(3, 0)
	default:
		l.PushValue(lua.UpValueIndex(1))
		l.Insert(2)
		l.SetTable(2)
	}
	return 0
}

// setCount is s.count = n: Phoenix documents releasesemaphore as the
// atomic form of s.count = s.count + 1, so the assignment is legal, a plain
// store as a guest's write of its count word is; the engine wakes waiters
// if units appeared.
func (th *thread) setCount(l *lua.State, h *handle) int {
	n, ok := countArg(l, 3)
	if !ok {
		raise(l, errBadCount.Error())
	}
	if e := th.t.SetSemaphoreCount(h.obj, n); e != 0 {
		th.errno(l, e)
	}
	return 0
}

// toString is __tostring: "mutex #3"; "mutex" for a table not yet bound.
func (th *thread) toString(l *lua.State) int {
	name := typeName(l, 1)
	if h := th.handleAt(l, 1); h != nil {
		name = h.kind.String() + " #" + strconv.FormatInt(h.id, 10)
	}
	l.PushString(name)
	return 1
}

// patchMetatable gives the metatable of the script-built object at idx
// the entries that make bound tables read live, once per metatable (a
// script may share one metatable among many objects).
func (th *thread) patchMetatable(l *lua.State, idx int, k kind) {
	if !l.MetaTable(idx) {
		return
	}
	mt := l.Top()
	if done, _ := th.patched.load(uintptr(tableAt(l, mt))); !done {
		th.patched.store(tableAt(l, mt), true)
		th.setMetamethods(l, mt, k)
	}
	l.Pop(1)
}

// setMetamethods sets __index, __newindex and (if absent) __tostring in
// the metatable at mt, keeping its former __index and __newindex as
// fallbacks.
func (th *thread) setMetamethods(l *lua.State, mt int, k kind) {
	l.PushString("__index")
	l.Field(lua.RegistryIndex, regMethods+k.String())
	rawField(l, mt, "__index")
	l.PushGoClosure(wrap("__index", th.index), 2)
	l.RawSet(mt)
	l.PushString("__newindex")
	rawField(l, mt, "__newindex")
	l.PushGoClosure(wrap("__newindex", th.newIndex), 1)
	l.RawSet(mt)
	if rawField(l, mt, "__tostring") == lua.TypeNil {
		l.PushString("__tostring")
		l.PushGoFunction(wrap("__tostring", th.toString))
		l.RawSet(mt)
	}
	l.Pop(1)
}

// newMetatable stores in the registry the metatable of the tables this
// State makes for handles of kind k, with its methods.
func (th *thread) newMetatable(l *lua.State, k kind, methods []lua.RegistryFunction) {
	l.NewTable()
	lua.SetFunctions(l, methods, 0)
	l.SetField(lua.RegistryIndex, regMethods+k.String())
	l.NewTable()
	l.PushString(k.String())
	l.SetField(-2, "__name")
	th.setMetamethods(l, l.Top(), k)
	if k == kindThread {
		protectMetatable(l, k)
	}
	l.SetField(lua.RegistryIndex, regMeta+k.String())
}

// protectMetatable sets __metatable in the metatable on top of the stack,
// so that setmetatable cannot strip a host-made table of its behaviour.
// Mutexes and semaphores stay open: Phoenix code reads
// getmetatable(m).__name.
func protectMetatable(l *lua.State, k kind) {
	l.PushString(k.String())
	l.SetField(-2, "__metatable")
}
