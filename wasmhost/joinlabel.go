package wasmhost

import (
	"context"
	"fmt"
	"sync"
	"unsafe"

	"github.com/tetratelabs/wazero/api"
	"github.com/wasync/wasync/syncrt"
)

// joinOffsetName is the guest SDK's export (guest/thread.c) that says
// where, in the block a thread is spawned with, its join semaphore is.
const joinOffsetName = "__wasync_join_offset"

// joinLabels names the SDK's join semaphores in reports and statistics, as
// wasync lua names its own: "0x10600 (end of thread 2, joined)" reads
// better than an address the guest's source never shows.
type joinLabels struct {
	offset uint32
	ok     bool     // the guest has the SDK's export
	tids   sync.Map // guest address of a join semaphore → tid
}

// learn asks the main instance for the SDK's offset, before _start runs.
func (j *joinLabels) learn(ctx context.Context, inst api.Module) {
	fn := inst.ExportedFunction(joinOffsetName)
	if fn == nil || len(fn.Definition().ParamTypes()) != 0 || !sameTypes(fn.Definition().ResultTypes(), api.ValueTypeI32) {
		return
	}
	res, err := fn.Call(ctx)
	if err == nil {
		j.offset, j.ok = api.DecodeU32(res[0]), true
	}
}

// spawned records the join semaphore of thread tid, spawned with arg.
func (j *joinLabels) spawned(arg, tid uint32) {
	if j.ok {
		j.tids.Store(arg+j.offset, tid)
	}
}

// label names the object at guest address off.
func (j *joinLabels) label(off uint32) string {
	if tid, ok := j.tids.Load(off); ok {
		return fmt.Sprintf("0x%x (end of thread %d, joined)", off, tid)
	}
	return fmt.Sprintf("0x%x", off)
}

// joined is syncrt's Config.Joins: the thread whose join semaphore o is.
func (r *run) joined(o syncrt.ObjectRef) (uint32, bool) {
	off, ok := r.offset(o)
	if !ok {
		return 0, false
	}
	tid, ok := r.joins.tids.Load(off)
	if !ok {
		return 0, false
	}
	return tid.(uint32), true
}

// describe names an object in reports by its guest address.
func (r *run) describe(o syncrt.ObjectRef) string {
	if off, ok := r.offset(o); ok {
		if name, ok := r.syms[off]; ok {
			return fmt.Sprintf("%#x (%s)", off, name)
		}
		return r.joins.label(off)
	}
	return fmt.Sprintf("%#x", o.Addr())
}

// offset is o's address in the guest's memory.
func (r *run) offset(o syncrt.ObjectRef) (uint32, bool) {
	mem := r.mem
	if mem == nil {
		mem = r.ownMem
	}
	if mem == nil {
		return 0, false
	}
	buf := memBytes(mem)
	if len(buf) == 0 {
		return 0, false
	}
	off := o.Addr() - uintptr(unsafe.Pointer(&buf[0]))
	return uint32(off), off < uintptr(len(buf))
}
