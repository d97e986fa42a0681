package luabind

import (
	"math"
	"time"

	lua "github.com/Shopify/go-lua"
	"github.com/wasync/wasync/abi"
	"github.com/wasync/wasync/syncrt"
)

// Momentum's mutex types.
const (
	mutexNormal     = 0
	mutexRecursive  = 1
	mutexErrorCheck = 2
)

// wrapAll guards each function with wrap.
func wrapAll(fs ...lua.RegistryFunction) []lua.RegistryFunction {
	for i := range fs {
		fs[i].Function = wrap(fs[i].Name, fs[i].Function)
	}
	return fs
}

// openSync sets the Phoenix syscalls as globals and makes the metatables
// of the tables this State makes for handles.
func (th *thread) openSync(l *lua.State) {
	l.PushGlobalTable()
	lua.SetFunctions(l, wrapAll(
		lua.RegistryFunction{Name: abi.FuncLockMutex, Function: th.lockMutex},
		lua.RegistryFunction{Name: abi.FuncTryLockMutex, Function: th.tryLockMutex},
		lua.RegistryFunction{Name: abi.FuncTimeLockMutex, Function: th.timeLockMutex},
		lua.RegistryFunction{Name: abi.FuncUnlockMutex, Function: th.unlockMutex},
		lua.RegistryFunction{Name: abi.FuncAcquireSemaphore, Function: th.acquireSemaphore},
		lua.RegistryFunction{Name: abi.FuncTimeAcquireSemaphore, Function: th.timeAcquireSemaphore},
		lua.RegistryFunction{Name: abi.FuncReleaseSemaphore, Function: th.releaseSemaphore},
		lua.RegistryFunction{Name: abi.FuncSetPriority, Function: th.setPriority},
		lua.RegistryFunction{Name: abi.FuncGetPriority, Function: th.getPriority},
	), 0)
	l.Pop(1)
	th.newMetatable(l, kindMutex, wrapAll(
		lua.RegistryFunction{Name: "lock", Function: th.lockMutex},
		lua.RegistryFunction{Name: "unlock", Function: th.unlockMutex},
		lua.RegistryFunction{Name: "trylock", Function: th.tryLockMutex},
		lua.RegistryFunction{Name: "timedlock", Function: th.timeLockMutex},
	))
	th.newMetatable(l, kindSemaphore, wrapAll(
		lua.RegistryFunction{Name: "acquire", Function: th.acquireSemaphore},
		lua.RegistryFunction{Name: "release", Function: th.releaseSemaphore},
		lua.RegistryFunction{Name: "timedacquire", Function: th.timeAcquireSemaphore},
	))
	th.newMetatable(l, kindThread, wrapAll(
		lua.RegistryFunction{Name: "join", Function: th.join},
	))
	th.newSharedMetatable(l)
}

// openModule makes Momentum's thread module: the global thread, also what
// require('thread') returns, and the global shared.
func (th *thread) openModule(l *lua.State) {
	lua.NewLibrary(l, wrapAll(
		lua.RegistryFunction{Name: "mutex", Function: th.newMutex},
		lua.RegistryFunction{Name: "semaphore", Function: th.newSemaphore},
		lua.RegistryFunction{Name: "spawn", Function: th.spawn},
		lua.RegistryFunction{Name: "join", Function: th.join},
		lua.RegistryFunction{Name: "id", Function: th.id},
		lua.RegistryFunction{Name: "sleep", Function: th.sleep},
		lua.RegistryFunction{Name: "setpriority", Function: th.setPriority},
		lua.RegistryFunction{Name: "getpriority", Function: th.getPriority},
	))
	for name, v := range map[string]int{"MUTEX_NORMAL": mutexNormal, "MUTEX_RECURSIVE": mutexRecursive, "MUTEX_ERRORCHECK": mutexErrorCheck} {
		l.PushInteger(v)
		l.SetField(-2, name)
	}
	th.pushHandle(l, th.rt.root)
	l.PushValue(-1)
	l.SetGlobal("shared")
	l.SetField(-2, "shared")
	th.module = l.ToValue(-1)
	lua.SubTable(l, lua.RegistryIndex, "_LOADED")
	l.PushValue(-2)
	l.SetField(-2, "thread")
	l.Pop(1)
	l.SetGlobal("thread")
}

// newMutex is thread.mutex([type]).
func (th *thread) newMutex(l *lua.State) int {
	typ := mutexNormal
	if !l.IsNoneOrNil(1) {
		n, ok := l.ToInteger(1)
		if !ok || l.TypeOf(1) != lua.TypeNumber || n < mutexNormal || n > mutexErrorCheck {
			argError(l, 1, "expected thread.MUTEX_NORMAL, thread.MUTEX_RECURSIVE or thread.MUTEX_ERRORCHECK")
		}
		typ = n
	}
	h := th.rt.newHandle(kindMutex)
	h.obj = syncrt.NewMutex(typ == mutexRecursive)
	th.nameObject(l, h)
	th.newProxy(l, h)
	return 1
}

// newSemaphore is thread.semaphore(n).
func (th *thread) newSemaphore(l *lua.State) int {
	n, ok := countArg(l, 1)
	if !ok {
		argError(l, 1, errBadCount.Error())
	}
	h := th.rt.newHandle(kindSemaphore)
	h.obj = syncrt.NewSemaphore(n)
	th.nameObject(l, h)
	th.newProxy(l, h)
	return 1
}

// id is thread.id(): the caller's thread id, 1 for the main chunk.
func (th *thread) id(l *lua.State) int {
	l.PushInteger(int(th.t.Tid()))
	return 1
}

// setPriority is setpriority(p) and thread.setpriority(p): the caller's
// base priority, an integer from 1 (lowest) to 255; anything else is an
// argument error.
func (th *thread) setPriority(l *lua.State) int {
	const msg = "priority must be an integer from 1 to 255"
	if l.TypeOf(1) != lua.TypeNumber {
		argError(l, 1, "expected number, got "+typeName(l, 1))
	}
	f, _ := l.ToNumber(1)
	if f != math.Trunc(f) {
		argError(l, 1, msg)
	}
	// The engine decides the range; what no int32 holds is out of it anyway.
	if th.t.SetPriority(int(max(min(f, math.MaxInt32), math.MinInt32))) != 0 {
		argError(l, 1, msg)
	}
	return 0
}

// getPriority is getpriority() and thread.getpriority(): the caller's
// effective priority, its base raised by inheritance while a higher thread
// waits for a mutex it owns.
func (th *thread) getPriority(l *lua.State) int {
	l.PushInteger(th.t.Priority())
	return 1
}

// sleep is thread.sleep(seconds). The sleeper stays a live, unblocked
// thread for the engine, as a WASM thread in a host sleep is.
func (th *thread) sleep(l *lua.State) int {
	ns := checkTimeout(l, 1)
	var c <-chan time.Time
	if ns != syncrt.Forever {
		t := th.rt.run.Clock().NewTimer(time.Duration(ns))
		defer t.Stop()
		c = t.C()
	}
	select {
	case <-c:
	case <-th.rt.run.Done():
		th.stop(l)
	}
	return 0
}
