package wasmhost

import (
	"context"
	"unsafe"

	"github.com/tetratelabs/wazero/api"
	"github.com/wasync/wasync/abi"
	"github.com/wasync/wasync/syncrt"
)

// word checks an atomic access of size bytes at addr+offset as wazero's
// compiled code does (bounds, then alignment) and returns its address.
func (in *instrumentation) word(th *thread, mod api.Module, addr, offset uint32, size uint64) unsafe.Pointer {
	ea := uint64(addr) + uint64(offset)
	buf := th.mem.holding(mod, ea+size)
	if ea+size > uint64(len(buf)) {
		panic(in.traps.outOfBounds)
	}
	if ea%size != 0 {
		panic(in.traps.unaligned)
	}
	return unsafe.Pointer(&buf[ea])
}

func (in *instrumentation) notify(ctx context.Context, mod api.Module, stack []uint64) {
	th := threadOf(ctx)
	p := in.word(th, mod, api.DecodeU32(stack[0]), api.DecodeU32(stack[2]), 4)
	stack[0] = uint64(th.run.sr.Notify(p, api.DecodeU32(stack[1])))
}

func (in *instrumentation) wait32(ctx context.Context, mod api.Module, stack []uint64) {
	th := threadOf(ctx)
	p := in.waitWord(th, mod, stack[0], stack[3], 4)
	res, errno := th.t.Wait32((*uint32)(p), api.DecodeU32(stack[1]), waitTimeout(stack[2]))
	stack[0] = waitResult(th, res, errno)
}

func (in *instrumentation) wait64(ctx context.Context, mod api.Module, stack []uint64) {
	th := threadOf(ctx)
	p := in.waitWord(th, mod, stack[0], stack[3], 8)
	res, errno := th.t.Wait64((*uint64)(p), stack[1], waitTimeout(stack[2]))
	stack[0] = waitResult(th, res, errno)
}

// waitWord adds to word's checks the one of the wait instructions: the
// memory must be shared.
func (in *instrumentation) waitWord(th *thread, mod api.Module, addr, offset uint64, size uint64) unsafe.Pointer {
	p := in.word(th, mod, api.DecodeU32(addr), api.DecodeU32(offset), size)
	if !th.run.sharedMemory() {
		panic(in.traps.notShared)
	}
	return p
}

// waitResult is a wait's result for the guest; a run that ended ends the
// thread instead (Stopped is the only errno a wait returns), as a wasync
// call does, so that an all-blocked report shows where it waited.
func waitResult(th *thread, res syncrt.WaitResult, errno abi.Errno) uint64 {
	if errno != 0 {
		panic(th.run.stopPanic())
	}
	return uint64(res)
}

// sharedMemory reports whether the memory the thread's instance uses is
// shared: the run's for an imported memory, as declared for the guest's own.
func (r *run) sharedMemory() bool {
	if r.mod.mem != nil {
		return r.shared
	}
	return r.mod.info.SharedMemory
}
