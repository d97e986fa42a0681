package luabind

import (
	"strconv"

	lua "github.com/Shopify/go-lua"
)

// A spawned thread starts with fresh globals, so a function that calls a
// helper the main chunk defined as a global finds nil there. Lua's own
// "attempt to call a nil value" would not say why; a thread instead gets,
// for each global function of its spawner's, a stand-in that raises an
// error naming the global and the cause. Reading such a global gives the
// stand-in, not nil; assigning it works as for any global.

// recordBaseGlobals records the names of the globals a fresh State has, so that
// the script's own can be told from them.
func (th *thread) recordBaseGlobals(l *lua.State) {
	th.baseGlobals = map[string]bool{}
	l.PushGlobalTable()
	l.PushNil()
	for l.Next(-2) {
		if l.TypeOf(-2) == lua.TypeString {
			k, _ := l.ToString(-2)
			th.baseGlobals[k] = true
		}
		l.Pop(1)
	}
	l.Pop(1)
}

// A foreignGlobal is a global function of a thread that spawned this one
// (directly or not).
type foreignGlobal struct {
	name string
	tid  uint32
}

// scriptGlobals lists the global functions the script set in th's State,
// and those th itself inherited as foreign, for a thread it spawns.
func (th *thread) scriptGlobals(l *lua.State) []foreignGlobal {
	gs := append([]foreignGlobal(nil), th.foreign...)
	l.PushGlobalTable()
	l.PushNil()
	for l.Next(-2) {
		if l.TypeOf(-2) == lua.TypeString && l.TypeOf(-1) == lua.TypeFunction {
			if k, _ := l.ToString(-2); !th.baseGlobals[k] {
				gs = append(gs, foreignGlobal{k, th.t.Tid()})
			}
		}
		l.Pop(1)
	}
	l.Pop(1)
	return gs
}

// setForeignGlobals gives the State's global table an __index that serves
// the stand-ins for th.foreign.
func (th *thread) setForeignGlobals(l *lua.State) {
	if len(th.foreign) == 0 {
		return
	}
	byName := make(map[string]uint32, len(th.foreign))
	for _, g := range th.foreign {
		byName[g.name] = g.tid
	}
	l.PushGlobalTable()
	l.NewTable()
	l.PushGoFunction(func(l *lua.State) int {
		k, _ := l.ToString(2)
		tid, ok := byName[k]
		if !ok || l.TypeOf(2) != lua.TypeString {
			l.PushNil()
			return 1
		}
		msg := "global '" + k + "' is nil in thread " + strconv.Itoa(int(th.t.Tid())) +
			": it is a global of thread " + strconv.Itoa(int(tid)) +
			", and a thread starts with fresh globals; pass it as an argument or keep it in shared"
		l.PushGoFunction(func(l *lua.State) int { raise(l, msg); return 0 })
		return 1
	})
	l.SetField(-2, "__index")
	l.SetMetaTable(-2)
	l.Pop(1)
}
