package wasmhost

import "github.com/tetratelabs/wazero/api"

// memView is a thread's view of its instance's memory, kept from one host
// call to the next: resolving a pointer through wazero's api.Memory takes
// three interface calls (Module.Memory, Memory.Size, Memory.Read), a tenth
// of a lockmutex call. The view holds while the memory's size is what it
// was: a shared memory never moves (wazero allocates it at its maximum
// once and Grow only lengthens it), and a non-shared one moves only when
// it grows, which changes its size. A thread's host calls run one at a
// time on its goroutine, so the view needs no lock.
type memView struct {
	mod api.Module // the caller whose memory buf is
	mem api.Memory
	buf []byte
}

// bytes returns the caller's memory as it is now.
func (v *memView) bytes(mod api.Module) []byte {
	// A size of 0 is an empty memory or one of 4 GiB (memBytes): resolved
	// again at each call.
	if mod == v.mod {
		if size := v.mem.Size(); size == uint32(len(v.buf)) && size != 0 {
			return v.buf
		}
	}
	mem := mod.Memory()
	if mem == nil {
		*v = memView{}
		return nil
	}
	*v = memView{mod: mod, mem: mem, buf: memBytes(mem)}
	return v.buf
}
