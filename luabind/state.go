package luabind

import (
	"strings"

	lua "github.com/Shopify/go-lua"
)

// Registry keys of the binding's per-State tables.
const (
	regProxies = "wasync.proxies"  // handle id → the State's table for it
	regPatched = "wasync.patched"  // script metatables given live fields
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
		openSafe(l)
	}
	l.Register("print", wrap("print", th.print))
	l.Register("xpcall", wrap("xpcall", xpcall))
	l.NewTable()
	l.SetField(lua.RegistryIndex, regProxies)
	l.NewTable()
	l.SetField(lua.RegistryIndex, regPatched)
	th.openSync(l)
	th.openModule(l)
	th.openSharedLib(l)
	for name, f := range th.rt.opts.Funcs {
		l.Register(name, wrap(name, f))
	}
	th.indexBuiltins(l)
	lua.SetDebugHook(l, th.hook, lua.MaskCount, hookCount)
	return l
}

// openSafe opens the libraries a sandbox may have: nothing that touches
// files, processes, the environment or the VM's internals.
func openSafe(l *lua.State) {
	for _, lib := range []lua.RegistryFunction{
		{Name: "_G", Function: lua.BaseOpen},
		{Name: "string", Function: lua.StringOpen},
		{Name: "table", Function: lua.TableOpen},
		{Name: "math", Function: lua.MathOpen},
		{Name: "bit32", Function: lua.Bit32Open},
		{Name: "os", Function: lua.OSOpen},
	} {
		lua.Require(l, lib.Name, lib.Function, true)
		l.Pop(1)
	}
	l.Global("os")
	for _, f := range []string{"execute", "exit", "getenv", "remove", "rename", "tmpname"} {
		l.PushNil()
		l.SetField(-2, f)
	}
	l.Pop(1)
	for _, f := range []string{"dofile", "loadfile"} {
		l.PushNil()
		l.SetGlobal(f)
	}
	l.Global("load")
	l.PushGoClosure(textLoad, 1)
	l.SetGlobal("load")
	l.Register("require", wrap("require", preloadedRequire))
}

// textLoad is load with mode "t" forced: go-lua does not verify bytecode,
// so a crafted binary chunk could break the VM. Upvalue 1 is go-lua's load.
func textLoad(l *lua.State) int {
	if l.Top() < 3 {
		l.SetTop(3)
	}
	l.PushString("t")
	l.Replace(3)
	l.PushValue(lua.UpValueIndex(1))
	l.Insert(1)
	l.Call(l.Top()-1, lua.MultipleReturns)
	return l.Top()
}

// preloadedRequire serves only modules already loaded in the State (thread
// among them): the sandbox reads no files.
func preloadedRequire(l *lua.State) int {
	name := lua.CheckString(l, 1)
	l.Field(lua.RegistryIndex, "_LOADED")
	l.Field(-1, name)
	if l.IsNil(-1) {
		raise(l, "module '"+name+"' not found (the sandbox loads no files; allow unsafe libraries to load them)")
	}
	return 1
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
