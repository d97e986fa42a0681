package luabind

import (
	"math"

	lua "github.com/Shopify/go-lua"
	"github.com/wasync/wasync/abi"
	"github.com/wasync/wasync/syncrt"
)

// The Phoenix syscalls. Each adapts one engine call: it checks the Lua
// arguments, calls the engine, and turns the errno into Lua results or a
// Lua error. The engine decides every rule.

func (th *thread) lockMutex(l *lua.State) int {
	h := th.checkObject(l, 1, kindMutex)
	return th.lockResult(l, th.t.LockMutex(h.obj))
}

func (th *thread) tryLockMutex(l *lua.State) int {
	h := th.checkObject(l, 1, kindMutex)
	return th.lockResult(l, th.t.TryLockMutex(h.obj))
}

func (th *thread) timeLockMutex(l *lua.State) int {
	h := th.checkObject(l, 1, kindMutex)
	return th.lockResult(l, th.t.TimeLockMutex(h.obj, checkTimeout(l, 2)))
}

// lockResult: true when locked (plus "owner died" when its owner had
// ended holding it), false when busy or timed out; errors otherwise.
func (th *thread) lockResult(l *lua.State, e abi.Errno) int {
	switch e {
	case 0:
		l.PushBoolean(true)
		return 1
	case abi.EOWNERDEAD:
		l.PushBoolean(true)
		l.PushString(outcome(e, 0))
		return 2
	case abi.EBUSY, abi.ETIMEDOUT:
		l.PushBoolean(false)
		return 1
	}
	th.errno(l, e)
	return 0
}

func (th *thread) unlockMutex(l *lua.State) int {
	h := th.checkObject(l, 1, kindMutex)
	if e := th.t.UnlockMutex(h.obj); e != 0 {
		th.errno(l, e)
	}
	return 0
}

func (th *thread) acquireSemaphore(l *lua.State) int {
	h := th.checkObject(l, 1, kindSemaphore)
	if e := th.t.AcquireSemaphore(h.obj); e != 0 {
		th.errno(l, e)
	}
	return 0
}

func (th *thread) timeAcquireSemaphore(l *lua.State) int {
	h := th.checkObject(l, 1, kindSemaphore)
	switch e := th.t.TimeAcquireSemaphore(h.obj, checkTimeout(l, 2)); e {
	case 0:
		l.PushBoolean(true)
	case abi.ETIMEDOUT:
		l.PushBoolean(false)
	default:
		th.errno(l, e)
	}
	return 1
}

func (th *thread) releaseSemaphore(l *lua.State) int {
	h := th.checkObject(l, 1, kindSemaphore)
	if e := th.t.ReleaseSemaphore(h.obj); e != 0 {
		th.errno(l, e)
	}
	return 0
}

// errno raises the error for a result that is not the call's answer: the
// run's end (the engine stopped the call) stops the thread; any other
// errno is raised with its text (outcome).
func (th *thread) errno(l *lua.State, e abi.Errno) {
	if e == syncrt.Stopped {
		th.stop(l)
	}
	raise(l, outcome(e, th.t.Reason()))
}

// checkTimeout reads argument arg as seconds: the ns to wait, or
// syncrt.Forever for as much as the engine's int64 nanoseconds cannot hold
// (math.huge is go-lua's MaxFloat64, not infinity), so that
// timelockmutex(m, math.huge) is a timelockmutex with no limit.
// float64(math.MaxInt64) is exactly 2^63, so every smaller product
// converts without overflow.
func checkTimeout(l *lua.State, arg int) int64 {
	if l.TypeOf(arg) != lua.TypeNumber {
		argError(l, arg, "expected number, got "+typeName(l, arg))
	}
	s, _ := l.ToNumber(arg)
	if s != s || s < 0 {
		argError(l, arg, "timeout must be a non-negative number of seconds")
	}
	if f := s * 1e9; f < math.MaxInt64 {
		return int64(f)
	}
	return syncrt.Forever
}
