package wasmhost

import (
	"context"
	"errors"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/wasync/wasync/abi"
	"github.com/wasync/wasync/syncrt"
)

var (
	i32 = api.ValueTypeI32
	i64 = api.ValueTypeI64
)

// objectCall is one wasync function on an object: timed ones take a
// timeout in ns, the others ignore it.
type objectCall struct {
	name  string
	timed bool
	call  func(t *syncrt.Thread, o *syncrt.Object, ns int64) abi.Errno
}

var objectCalls = []objectCall{
	{abi.FuncLockMutex, false, func(t *syncrt.Thread, o *syncrt.Object, _ int64) abi.Errno { return t.LockMutex(o) }},
	{abi.FuncTryLockMutex, false, func(t *syncrt.Thread, o *syncrt.Object, _ int64) abi.Errno { return t.TryLockMutex(o) }},
	{abi.FuncTimeLockMutex, true, (*syncrt.Thread).TimeLockMutex},
	{abi.FuncUnlockMutex, false, func(t *syncrt.Thread, o *syncrt.Object, _ int64) abi.Errno { return t.UnlockMutex(o) }},
	{abi.FuncAcquireSemaphore, false, func(t *syncrt.Thread, o *syncrt.Object, _ int64) abi.Errno { return t.AcquireSemaphore(o) }},
	{abi.FuncTimeAcquireSemaphore, true, (*syncrt.Thread).TimeAcquireSemaphore},
	{abi.FuncReleaseSemaphore, false, func(t *syncrt.Thread, o *syncrt.Object, _ int64) abi.Errno { return t.ReleaseSemaphore(o) }},
	{abi.FuncDestroyMutex, false, func(t *syncrt.Thread, o *syncrt.Object, _ int64) abi.Errno { return t.DestroyMutex(o) }},
	{abi.FuncDestroySemaphore, false, func(t *syncrt.Thread, o *syncrt.Object, _ int64) abi.Errno { return t.DestroySemaphore(o) }},
}

// instantiateHostModules adds "wasync" and "wasi" to the runtime.
func instantiateHostModules(ctx context.Context, wz wazero.Runtime) error {
	if _, err := wasyncHostModule(wz, abi.ModuleName).Instantiate(ctx); err != nil {
		return err
	}
	_, err := wz.NewHostModuleBuilder(wasiModule).NewFunctionBuilder().
		WithGoModuleFunction(api.GoModuleFunc(threadSpawn), []api.ValueType{i32}, []api.ValueType{i32}).
		Export(threadSpawnName).Instantiate(ctx)
	return err
}

// wasyncHostModule builds the "wasync" functions as a host module named
// name: the Runtime's own, and the one that runs with stacks (observe.go).
func wasyncHostModule(wz wazero.Runtime, name string) wazero.HostModuleBuilder {
	b := wz.NewHostModuleBuilder(name)
	for _, c := range objectCalls {
		params := []api.ValueType{i32}
		if c.timed {
			params = append(params, i64)
		}
		b.NewFunctionBuilder().WithGoModuleFunction(objectFunc(c), params, []api.ValueType{i32}).Export(c.name)
	}
	b.NewFunctionBuilder().WithGoModuleFunction(api.GoModuleFunc(getTid), nil, []api.ValueType{i32}).Export(abi.FuncGetTid)
	b.NewFunctionBuilder().WithGoModuleFunction(api.GoModuleFunc(setPriority), []api.ValueType{i32}, []api.ValueType{i32}).Export(abi.FuncSetPriority)
	b.NewFunctionBuilder().WithGoModuleFunction(api.GoModuleFunc(getPriority), nil, []api.ValueType{i32}).Export(abi.FuncGetPriority)
	return b
}

func objectFunc(c objectCall) api.GoModuleFunc {
	return func(ctx context.Context, mod api.Module, stack []uint64) {
		th := threadOf(ctx)
		ptr := api.DecodeU32(stack[0])
		o, errno := syncrt.ObjectAt(th.mem.holding(mod, uint64(ptr)+abi.ObjectSize), ptr)
		if errno == abi.ESUCCESS {
			var ns int64
			if c.timed {
				ns = guestTimeout(stack[1])
			}
			errno = c.call(th.t, o, ns)
		}
		if errno == syncrt.Stopped {
			// The run is over; syncrt.Run.Err says why. Unwinding (an
			// ExitError, or errBlockedEnd for the all-blocked report's
			// stack) ends the thread without the guest seeing a result.
			panic(th.run.stopPanic())
		}
		stack[0] = uint64(errno)
	}
}

// guestTimeout is a guest's i64 timeout in the engine's terms. Every
// non-negative i64 is a finite timeout to the guest, and negative ones are
// EINVAL, as the engine takes them; only the largest, 2^63-1 ns, is
// syncrt.Forever to the engine, which would count the thread as blocked
// for good: it waits 1 ns less (of 292 years) and stays a timed wait, as
// ABI.md says.
func guestTimeout(v uint64) int64 { return min(int64(v), syncrt.Forever-1) }

// waitTimeout is memory.atomic.wait's i64 timeout in the engine's terms:
// negative is no limit, as the threads proposal says, and the rest as
// guestTimeout.
func waitTimeout(v uint64) int64 {
	if int64(v) < 0 {
		return syncrt.Forever
	}
	return guestTimeout(v)
}

func getTid(ctx context.Context, _ api.Module, stack []uint64) {
	stack[0] = uint64(threadOf(ctx).t.Tid())
}

// setPriority is setpriority(prio): the i32 is signed, so that -1 is
// EINVAL, not 4294967295's.
func setPriority(ctx context.Context, _ api.Module, stack []uint64) {
	stack[0] = uint64(threadOf(ctx).t.SetPriority(int(api.DecodeI32(stack[0]))))
}

func getPriority(ctx context.Context, _ api.Module, stack []uint64) {
	stack[0] = uint64(threadOf(ctx).t.Priority())
}

// errNoThread is a host bug, not a guest's: a wasync function was called
// with a context that no run made.
var errNoThread = errors.New("wasmhost: wasync function called outside a wasmhost run")

// threadKey keys the calling thread in the context of each Call.
type threadKey struct{}

// threadCtx is a thread's context: the context of every call into its
// instance, which wazero passes to the host functions as it was given.
type threadCtx struct {
	context.Context
	th *thread
}

func (c *threadCtx) Value(key any) any {
	if key == (threadKey{}) {
		return c.th
	}
	return c.Context.Value(key)
}

// threadOf is the hot path's lookup: a type assertion on the thread's own
// context, one comparison where Value's is an interface call, a key
// comparison and a type assertion (together 8 of lockmutex's 60 ns). A
// context wrapped around it (wazero's snapshotter) is searched by key.
func threadOf(ctx context.Context) *thread {
	if c, ok := ctx.(*threadCtx); ok {
		return c.th
	}
	th, ok := ctx.Value(threadKey{}).(*thread)
	if !ok {
		panic(errNoThread)
	}
	return th
}

func threadSpawn(ctx context.Context, _ api.Module, stack []uint64) {
	th := threadOf(ctx)
	stack[0] = api.EncodeI32(th.run.spawn(th, api.DecodeU32(stack[0])))
}
