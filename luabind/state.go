package luabind

import (
	"strings"

	lua "github.com/Shopify/go-lua"
)

// Registry keys of the binding's per-State tables.
const (
	regProxies = "wasync.proxies"  // handle id → the State's table for it
	regMeta    = "wasync.meta."    // + kind: the metatable of tables made here
	regMethods = "wasync.methods." // + kind: methods of that kind
)

// hookCount is how many instructions run between two looks at the run's
// end: often enough to stop promptly, rarely enough to cost little.
const hookCount = 1000

// newState makes the thread's lua.State: libraries, print, the sync API,
// the thread module, shared, the embedder's functions and the stop hook.
func (th *thread) newState() *lua.State {
	l := lua.NewState()
	th.l = l
	if th.rt.opts.Unsafe {
		lua.OpenLibraries(l)
	} else {
		th.openSafe(l)
	}
	th.openStdio(l, !th.rt.opts.Unsafe)
	l.Register("print", wrap("print", th.print))
	l.Register("xpcall", wrap("xpcall", xpcall))
	l.NewTable()
	l.SetField(lua.RegistryIndex, regProxies)
	th.openSync(l)
	th.openModule(l)
	th.openSharedLib(l)
	for name, f := range th.rt.opts.Funcs {
		l.Register(name, wrap(name, f))
	}
	th.indexBuiltins(l)
	th.recordBaseGlobals(l)
	th.setForeignGlobals(l)
	count := hookCount
	if th.rt.mem != nil {
		count = memHookCount
	}
	lua.SetDebugHook(l, th.hook, lua.MaskCount, count)
	return l
}

// print writes its arguments as Lua's print does, to the run's Stdout, in
// one write so that lines from several threads do not interleave.
func (th *thread) print(l *lua.State) int {
	var b strings.Builder
	for i := 1; i <= l.Top(); i++ {
		s, ok := lua.ToStringMeta(l, i)
		if !ok {
			raise(l, "'tostring' must return a string to 'print'")
		}
		l.Pop(1)
		if i > 1 {
			b.WriteByte('\t')
		}
		b.WriteString(s)
	}
	b.WriteByte('\n')
	_, _ = th.rt.stdout.Write([]byte(b.String()))
	return 0
}
