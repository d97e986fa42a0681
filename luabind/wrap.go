package luabind

import (
	"fmt"

	lua "github.com/Shopify/go-lua"
)

// wrap guards a Go function called from Lua: go-lua turns a Go panic into
// a useless "function: 0x…" error, or kills the process when the value is
// not an error, so a panic becomes a Lua error naming the function. Lua
// errors (go-lua raises them by panicking) pass through untouched.
func wrap(name string, f lua.Function) lua.Function {
	return func(l *lua.State) int {
		defer func() {
			if e := recover(); e != nil {
				if isLuaError(e) {
					panic(e)
				}
				raise(l, fmt.Sprintf("%s: Go panic: %v", name, e))
			}
		}()
		return f(l)
	}
}

// isLuaError reports whether a recovered value is go-lua's own error
// unwinding, which must keep going.
func isLuaError(e any) bool {
	if _, ok := e.(lua.RuntimeError); ok {
		return true
	}
	switch e {
	case lua.SyntaxError, lua.MemoryError, lua.ErrorError, lua.FileError:
		return true
	}
	return false
}
