package luabind

import (
	"strconv"

	lua "github.com/Shopify/go-lua"
)

// raise raises a Lua error "chunk:line: msg" located at the Lua code that
// called the running Go function. It builds the message in Go because
// lua.Errorf type-asserts its arguments and panics on a mismatch.
func raise(l *lua.State, msg string) {
	lua.Where(l, 1)
	l.PushString(msg)
	l.Concat(2)
	l.Error()
}

// typeName names the value at idx for "got …" in argument errors: a
// table's raw metatable __name when it is a string, else the Lua type.
func typeName(l *lua.State, idx int) string {
	if l.TypeOf(idx) == lua.TypeTable && lua.MetaField(l, idx, "__name") {
		name, ok := "", l.TypeOf(-1) == lua.TypeString
		if ok {
			name, _ = l.ToString(-1)
		}
		l.Pop(1)
		if ok {
			return name
		}
	}
	return lua.TypeNameOf(l, idx)
}

// argError raises "bad argument #n (msg)", Phoenix's form: no function
// name, since the same check serves globals and methods.
func argError(l *lua.State, n int, msg string) {
	raise(l, "bad argument #"+strconv.Itoa(n)+" ("+msg+")")
}
