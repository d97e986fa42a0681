package luabind

import lua "github.com/Shopify/go-lua"

// xpcall replaces go-lua's, which calls the wrong function as the message
// handler: it keeps the handler's frame-relative stack index but reads it
// as an absolute one, so a failing xpcall in a main chunk runs the chunk
// again. This one calls the handler after the stack has unwound, with
// the error message, and returns false plus what the handler returns.
func xpcall(l *lua.State) int {
	n := l.Top()
	if n < 2 {
		argError(l, 2, "value expected")
	}
	l.PushValue(1)
	for i := 3; i <= n; i++ {
		l.PushValue(i)
	}
	if err := l.ProtectedCall(n-2, lua.MultipleReturns, 0); err == nil {
		l.PushBoolean(true)
		l.Insert(n + 1)
		return l.Top() - n
	}
	l.PushValue(2)
	l.Insert(-2)
	if err := l.ProtectedCall(1, 1, 0); err != nil {
		l.Pop(1)
		l.PushString("error in error handling")
	}
	l.PushBoolean(false)
	l.Insert(-2)
	return 2
}
