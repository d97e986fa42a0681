package luabind

import lua "github.com/Shopify/go-lua"

// openSafe opens the libraries a sandbox may have: nothing that touches
// files, processes, the environment or the VM's internals. What it leaves
// out stays as stubs that say so (disabledFuncs); io keeps standard input
// and output (stdio.go).
func (th *thread) openSafe(l *lua.State) {
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
	for lib, names := range disabledFuncs {
		if lib == "_G" {
			l.PushGlobalTable()
		} else {
			lua.SubTable(l, lua.RegistryIndex, "_LOADED") // so require(lib) finds the stub table
			lua.SubTable(l, -1, lib)
			l.Remove(-2)
			l.PushValue(-1)
			l.SetGlobal(lib)
		}
		for _, name := range names {
			full := name
			if lib != "_G" {
				full = lib + "." + name
			}
			l.PushGoFunction(func(l *lua.State) int { th.disabled(l, full); return 0 })
			l.SetField(-2, name)
		}
		l.Pop(1)
	}
	l.Global("debug")
	l.PushGoFunction(wrap("traceback", traceback))
	l.SetField(-2, "traceback")
	l.Pop(1)
	l.Global("load")
	l.PushGoClosure(textLoad, 1)
	l.SetGlobal("load")
	th.openPackage(l)
	l.Register("require", wrap("require", preloadedRequire))
}

// disabledFuncs are the functions the sandbox leaves out, by library:
// each is a stub raising "NAME is disabled in the sandbox (…)". Of debug
// only traceback stays (traceback below), for xpcall(f, debug.traceback).
var disabledFuncs = map[string][]string{
	"_G":      {"dofile", "loadfile"},
	"os":      {"execute", "exit", "getenv", "remove", "rename", "tmpname"},
	"io":      {"open", "popen", "tmpfile", "close", "input", "output", "type"},
	"package": {"loadlib", "searchpath"},
	"debug": {"getuservalue", "gethook", "getregistry", "getmetatable", "getupvalue", "upvaluejoin",
		"upvalueid", "setuservalue", "sethook", "setmetatable", "setupvalue"},
}

// traceback is debug.traceback([message [, level]]) on the calling
// thread's own stack (the sandbox has no coroutines): it reads the stack
// and nothing else. A message that is neither a string nor nil is
// returned as it is, as Lua's does.
func traceback(l *lua.State) int {
	if l.TypeOf(1) != lua.TypeString && !l.IsNoneOrNil(1) {
		l.SetTop(1)
		return 1
	}
	msg, _ := l.ToString(1)
	lua.Traceback(l, l, msg, lua.OptInteger(l, 2, 1))
	return 1
}

// disabled raises the error of a function the sandbox leaves out.
func (th *thread) disabled(l *lua.State, name string) {
	hint := th.rt.opts.UnsafeHint
	if hint == "" {
		hint = "set luabind.Options.Unsafe"
	}
	raise(l, name+" is disabled in the sandbox ("+hint+")")
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
// among them) or that the script put in package.preload, as Lua's first
// searcher does: the sandbox reads no files.
func preloadedRequire(l *lua.State) int {
	name := lua.CheckString(l, 1)
	l.SetTop(1)
	l.Field(lua.RegistryIndex, "_LOADED")
	l.Field(2, name)
	if !l.IsNil(-1) {
		return 1
	}
	l.Field(lua.RegistryIndex, "_PRELOAD")
	l.Field(-1, name)
	if l.IsNil(-1) {
		raise(l, "module '"+name+"' not found (the sandbox loads no files; allow unsafe libraries to load them)")
	}
	l.PushString(name)
	l.Call(1, 1)
	if l.IsNil(-1) {
		l.Pop(1)
		l.PushBoolean(true)
	}
	l.PushValue(-1)
	l.SetField(2, name)
	return 1
}

// openPackage makes the sandbox's package table: loaded and preload as
// Lua has them (require honours both), empty search paths, so that a
// script adding to package.path still runs, and stubs for the rest.
func (th *thread) openPackage(l *lua.State) {
	lua.SubTable(l, lua.RegistryIndex, "_LOADED")
	lua.SubTable(l, -1, "package")
	l.PushValue(-2)
	l.SetField(-2, "loaded")
	lua.SubTable(l, lua.RegistryIndex, "_PRELOAD")
	l.SetField(-2, "preload")
	for _, f := range []string{"path", "cpath"} {
		l.PushString("")
		l.SetField(-2, f)
	}
	l.PushString("/\n;\n?\n!\n-\n")
	l.SetField(-2, "config")
	l.SetGlobal("package")
	l.Pop(1)
}
