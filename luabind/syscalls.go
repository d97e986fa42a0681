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
	return th.lockResult(l, h, th.t.LockMutex(h.obj))
}

func (th *thread) tryLockMutex(l *lua.State) int {
	h := th.checkObject(l, 1, kindMutex)
	return th.lockResult(l, h, th.t.TryLockMutex(h.obj))
}

func (th *thread) timeLockMutex(l *lua.State) int {
	h := th.checkObject(l, 1, kindMutex)
	ns, forever := checkTimeout(l, 2)
	if forever {
		return th.lockResult(l, h, th.t.LockMutex(h.obj))
	}
	return th.lockResult(l, h, th.t.TimeLockMutex(h.obj, ns))
}

// lockResult: true when locked (plus "owner died" when its owner had
// ended holding it), false when busy or timed out; errors otherwise.
func (th *thread) lockResult(l *lua.State, h *handle, e abi.Errno) int {
	switch e {
	case 0:
		l.PushBoolean(true)
		return 1
	case abi.EOWNERDEAD:
		l.PushBoolean(true)
		l.PushString("owner died")
		return 2
	case abi.EBUSY, abi.ETIMEDOUT:
		l.PushBoolean(false)
		return 1
	case abi.EDEADLK:
		// The engine gives EDEADLK both for a relock of a non-recursive
		// mutex and for a cycle; only in the first do we own it.
		if h.obj.Word(abi.MutexOffOwner)&abi.OwnerTidMask == th.t.Tid() {
			raise(l, "cannot recursively lock mutex")
		}
		raise(l, "deadlock")
	case abi.EAGAIN:
		raise(l, "mutex locked too many times recursively")
	}
	th.errno(l, e)
	return 0
}

func (th *thread) unlockMutex(l *lua.State) int {
	h := th.checkObject(l, 1, kindMutex)
	switch e := th.t.UnlockMutex(h.obj); e {
	case 0:
	case abi.EPERM:
		if h.obj.Word(abi.MutexOffOwner)&abi.OwnerTidMask == 0 {
			raise(l, "mutex already unlocked")
		}
		raise(l, "mutex not locked by current thread")
	default:
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
	ns, forever := checkTimeout(l, 2)
	var e abi.Errno
	if forever {
		e = th.t.AcquireSemaphore(h.obj)
	} else {
		e = th.t.TimeAcquireSemaphore(h.obj, ns)
	}
	switch e {
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
	switch e := th.t.ReleaseSemaphore(h.obj); e {
	case 0:
	case abi.EOVERFLOW:
		raise(l, "semaphore count would overflow")
	default:
		th.errno(l, e)
	}
	return 0
}

// errno raises the error for a result no caller expects: the run's end
// (the engine stopped the call), or an engine errno, which host-made
// objects should never produce.
func (th *thread) errno(l *lua.State, e abi.Errno) {
	if e == syncrt.Stopped {
		th.stop(l)
	}
	raise(l, e.Error())
}

// checkTimeout reads argument arg as seconds: ns to wait, or forever for
// more than the engine's int64 nanoseconds can hold (math.huge is go-lua's
// MaxFloat64, not infinity). float64(math.MaxInt64) is exactly 2^63, so
// every smaller product converts without overflow.
func checkTimeout(l *lua.State, arg int) (ns int64, forever bool) {
	if l.TypeOf(arg) != lua.TypeNumber {
		argError(l, arg, "expected number, got "+typeName(l, arg))
	}
	s, _ := l.ToNumber(arg)
	if s != s || s < 0 {
		argError(l, arg, "timeout must be a non-negative number of seconds")
	}
	if f := s * 1e9; f < math.MaxInt64 {
		return int64(f), false
	}
	return 0, true
}
