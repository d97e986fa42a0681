package wasmhost

import (
	"context"
	"fmt"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
)

// memoryImport is a guest's memory import: the host creates a memory with
// these limits for each run, exported by an anonymous module that the
// run's import resolver returns for the import's module name.
type memoryImport struct {
	module, name string
	min, max     uint32 // pages
	hasMax       bool
	// shared is the import's own declaration: the host gives the guest
	// exactly the memory it declares, since a guest linked without
	// --shared-memory re-runs its data initialisation in every instance
	// and would wipe its own globals on each thread-spawn.
	shared bool
}

func newMemoryImport(d api.MemoryDefinition, shared bool) *memoryImport {
	mod, name, _ := d.Import()
	max, hasMax := d.Max()
	return &memoryImport{module: mod, name: name, min: d.Min(), max: max, hasMax: hasMax, shared: shared}
}

// notShared is why a guest whose imported memory is not shared cannot
// spawn threads, said once per run.
func (mi *memoryImport) notShared() string {
	return fmt.Sprintf("memory %s.%s is not shared: link with --shared-memory to use threads", mi.module, mi.name)
}

// limits returns the run's memory limits under a cap of capPages (0: none).
// A shared import gets a shared memory: wazero allocates it at its maximum
// once, so it never moves and every thread instance sees it.
func (mi *memoryImport) limits(capPages uint32) (min, max uint32, shared bool, err error) {
	min, max, shared = mi.min, mi.max, mi.shared
	if capPages > 0 {
		if min > capPages {
			return 0, 0, false, fmt.Errorf("wasmhost: memory %s.%s needs %d pages, over the cap of %d",
				mi.module, mi.name, min, capPages)
		}
		if !mi.hasMax || max > capPages {
			max = capPages
		}
	}
	return min, max, shared, nil
}

// instantiate creates one run's memory: an anonymous module exporting it,
// which the caller closes when the run is over.
// funcs are the functions the guest imports from the memory's module name:
// the memory module imports them from the Runtime's module of that name and
// exports them again.
func (mi *memoryImport) instantiate(ctx context.Context, wz wazero.Runtime, capPages uint32, funcs []api.FunctionDefinition) (api.Module, error) {
	min, max, shared, err := mi.limits(capPages)
	if err != nil {
		return nil, err
	}
	// InstantiateWithConfig ties the compiled code to the module: closing
	// the module frees both.
	mod, err := wz.InstantiateWithConfig(ctx, memoryModule(mi.name, min, max, shared, mi.hasMax || capPages > 0, funcs...),
		wazero.NewModuleConfig().WithName("").WithStartFunctions())
	if err != nil {
		return nil, fmt.Errorf("wasmhost: memory %s.%s: %w", mi.module, mi.name, err)
	}
	return mod, nil
}

// memoryModule assembles `(module (memory (export name) min max shared))`,
// with each of funcs imported under its own import names and exported as
// its name.
func memoryModule(name string, min, max uint32, shared, hasMax bool, funcs ...api.FunctionDefinition) []byte {
	limits := []byte{0x00}
	switch {
	case shared:
		limits[0] = 0x03
	case hasMax:
		limits[0] = 0x01
	}
	limits = appendULEB(limits, min)
	if hasMax {
		limits = appendULEB(limits, max)
	}
	mem := append([]byte{0x01}, limits...) // one memory
	b := append([]byte(nil), wasmHeader...)
	if len(funcs) > 0 {
		types, imports := appendULEB(nil, uint32(len(funcs))), appendULEB(nil, uint32(len(funcs)))
		for i, f := range funcs {
			types = appendValueTypes(appendValueTypes(append(types, 0x60), f.ParamTypes()), f.ResultTypes())
			mod, fname, _ := f.Import()
			imports = appendName(appendName(imports, mod), fname)
			imports = appendULEB(append(imports, 0x00), uint32(i))
		}
		b = appendSection(appendSection(b, 1, types), 2, imports)
	}
	b = appendSection(b, 5, mem)
	exp := appendULEB(nil, uint32(1+len(funcs)))
	exp = append(appendName(exp, name), 0x02, 0x00)
	for i, f := range funcs {
		_, fname, _ := f.Import()
		exp = appendULEB(append(appendName(exp, fname), 0x00), uint32(i))
	}
	return appendSection(b, 7, exp)
}

func appendValueTypes(b []byte, vts []api.ValueType) []byte {
	return append(appendULEB(b, uint32(len(vts))), vts...)
}

func appendName(b []byte, s string) []byte { return append(appendULEB(b, uint32(len(s))), s...) }

var wasmHeader = []byte{0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00}

// exportSection is the body of an export section exporting item 0 of kind
// (0 function, 2 memory, 3 global) as name.
func exportSection(name string, kind byte) []byte {
	exp := appendULEB([]byte{0x01}, uint32(len(name)))
	exp = append(exp, name...)
	return append(exp, kind, 0x00)
}

func appendSection(b []byte, id byte, body []byte) []byte {
	b = appendULEB(append(b, id), uint32(len(body)))
	return append(b, body...)
}

func appendULEB(b []byte, v uint32) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}
