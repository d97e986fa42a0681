package luabind

import (
	"fmt"
	"strings"

	lua "github.com/Shopify/go-lua"
)

// builtinLibs are the global tables whose Go functions cross between
// threads by name: each State has its own copy of them.
var builtinLibs = []string{"string", "table", "math", "bit32", "os", "io", "debug", "thread"}

// indexBuiltins records, by identity, the State's Go functions that every
// State has under the same name (globals such as print or lockmutex, and
// library functions such as table.insert), so that a spawned function may
// capture them: local insert = table.insert is common Lua.
func (th *thread) indexBuiltins(l *lua.State) {
	th.builtins = map[any]string{}
	l.PushGlobalTable()
	th.indexFunctions(l, "")
	for _, lib := range builtinLibs {
		l.Field(-1, lib)
		if l.IsTable(-1) {
			th.indexFunctions(l, lib+".")
		}
		l.Pop(1)
	}
	l.Pop(1)
}

// indexFunctions records the Go functions in the table on top of the
// stack, named prefix+key.
func (th *thread) indexFunctions(l *lua.State, prefix string) {
	l.PushNil()
	for l.Next(-2) {
		if l.IsGoFunction(-1) && l.TypeOf(-2) == lua.TypeString {
			k, _ := l.ToString(-2)
			th.builtins[l.ToValue(-1)] = prefix + k
		}
		l.Pop(1)
	}
}

// xbuiltin is a Go function copied by its name, as indexBuiltins found it.
type xbuiltin struct{ name string }

// pushBuiltin pushes the State's function named b.name.
func pushBuiltin(l *lua.State, b xbuiltin) error {
	l.PushGlobalTable()
	for _, part := range strings.Split(b.name, ".") {
		if !l.IsTable(-1) {
			l.Pop(1)
			l.PushNil()
			break
		}
		l.Field(-1, part)
		l.Remove(-2)
	}
	if !l.IsGoFunction(-1) {
		l.Pop(1)
		return fmt.Errorf("function %s does not exist in the new thread", b.name)
	}
	return nil
}
