package wasmhost

import (
	"unsafe"

	"github.com/tetratelabs/wazero/api"
)

// maxMemoryBytes is the size of a memory of 65536 pages, the most a 32-bit
// memory can have.
const maxMemoryBytes = 1 << 32

// memBytes returns the whole of a memory as it is now. wazero's
// Memory.Size is a uint32, which wraps to 0 for a memory of 65536 pages
// (4 GiB), and its Read cannot return more than 4 GiB - 1 bytes; so a size
// of 0 is told apart by the page count, and the full memory is the slice
// Read returns, extended to its last byte.
func memBytes(mem api.Memory) []byte {
	if size := mem.Size(); size != 0 {
		buf, _ := mem.Read(0, size)
		return buf
	}
	if pages, _ := mem.Grow(0); pages == 0 {
		return nil
	}
	buf, ok := mem.Read(0, maxMemoryBytes-1)
	if !ok {
		return nil
	}
	return unsafe.Slice(&buf[0], maxMemoryBytes)
}
