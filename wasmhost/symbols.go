package wasmhost

import (
	"strings"

	"github.com/tetratelabs/wazero/api"
)

// symbols names objects by the guest's data symbols: a guest linked with
// wasm-ld --export=NAME (or --export-dynamic) exports each such symbol as
// an immutable i32 global holding its address, so a report can say
// "mutex 0x10600 (queue_lock)" where the source says queue_lock. Without
// such exports, objects are named by address alone.
type symbols map[uint32]string

// learnSymbols reads the exported globals of inst named in names (the
// module's exports, in order; the first name wins an address). Names the
// linker gives its own globals (__heap_base, __data_end, …) name no object.
func learnSymbols(inst api.Module, names []string) symbols {
	s := symbols{}
	for _, name := range names {
		if strings.HasPrefix(name, "__") {
			continue
		}
		g := inst.ExportedGlobal(name)
		if g == nil || g.Type() != api.ValueTypeI32 {
			continue
		}
		if _, mutable := g.(api.MutableGlobal); mutable {
			continue // not an address fixed at link time
		}
		addr := api.DecodeU32(g.Get())
		if _, taken := s[addr]; !taken {
			s[addr] = name
		}
	}
	return s
}
