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
	// inPlace: mem is the run's shared memory, which only grows, and in
	// place, so a pointer inside buf is inside the memory now without
	// asking wazero its size.
	inPlace bool
	// shared is the run's shared memory, nil when it has none.
	shared api.Memory
}

// holding returns the caller's memory as it is now, or as it was at an
// earlier call when that holds its first end bytes and cannot have moved.
func (v *memView) holding(mod api.Module, end uint64) []byte {
	if v.inPlace && end <= uint64(len(v.buf)) && mod == v.mod {
		return v.buf
	}
	return v.bytes(mod)
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
		*v = memView{shared: v.shared}
		return nil
	}
	*v = memView{mod: mod, mem: mem, buf: memBytes(mem), inPlace: v.shared != nil && mem == v.shared, shared: v.shared}
	return v.buf
}
