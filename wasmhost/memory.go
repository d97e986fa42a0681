package wasmhost

import (
	"context"
	"fmt"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/wasync/wasync/wasmhost/internal/instrument"
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
func (mi *memoryImport) limits(capPages uint32) (instrument.Limits, error) {
	l := instrument.Limits{Min: mi.min, Max: mi.max, HasMax: mi.hasMax, Shared: mi.shared}
	if capPages > 0 {
		if l.Min > capPages {
			return l, fmt.Errorf("wasmhost: memory %s.%s needs %d pages, over the cap of %d",
				mi.module, mi.name, l.Min, capPages)
		}
		if !l.HasMax || l.Max > capPages {
			l.Max, l.HasMax = capPages, true
		}
	}
	return l, nil
}

// instantiate creates one run's memory: an anonymous module exporting it,
// which the caller closes when the run is over.
// funcs are the functions the guest imports from the memory's module name:
// the memory module imports them from the Runtime's module of that name and
// exports them again.
func (mi *memoryImport) instantiate(ctx context.Context, wz wazero.Runtime, capPages uint32, funcs []api.FunctionDefinition) (api.Module, error) {
	limits, err := mi.limits(capPages)
	if err != nil {
		return nil, err
	}
	// InstantiateWithConfig ties the compiled code to the module: closing
	// the module frees both.
	mod, err := wz.InstantiateWithConfig(ctx, memoryModule(mi.name, limits, funcs...),
		wazero.NewModuleConfig().WithName("").WithStartFunctions())
	if err != nil {
		return nil, fmt.Errorf("wasmhost: memory %s.%s: %w", mi.module, mi.name, err)
	}
	return mod, nil
}

// memoryModule assembles `(module (memory (export name) min max shared))`,
// with each of funcs imported under its own import names and exported as
// its name.
func memoryModule(name string, limits instrument.Limits, funcs ...api.FunctionDefinition) []byte {
	m := &instrument.Module{Memory: &limits, Exports: []instrument.Export{{Name: name, Kind: instrument.KindMemory}}}
	for i, f := range funcs {
		mod, fname, _ := f.Import()
		m.Imports = append(m.Imports, instrument.Import{Module: mod, Name: fname,
			Type: instrument.FuncType{Params: f.ParamTypes(), Results: f.ResultTypes()}})
		m.Exports = append(m.Exports, instrument.Export{Name: fname, Kind: instrument.KindFunc, Index: uint32(i)})
	}
	return m.Encode()
}
