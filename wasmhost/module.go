package wasmhost

import (
	"context"
	"fmt"
	"strings"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/wasync/wasync/abi"
	"github.com/wasync/wasync/wasmhost/internal/instrument"
)

// Names of the wasi-threads interface.
const (
	wasiModule      = "wasi"
	threadSpawnName = "thread-spawn"
	threadStartName = "wasi_thread_start"
	startName       = "_start"
	wasiSnapshot    = "wasi_snapshot_preview1"
)

// A Module is a compiled guest, ready to run many times, each run with its
// own memory and threads.
type Module struct {
	rt *Runtime
	cm wazero.CompiledModule
	// mem is the guest's memory import, nil when the guest defines its
	// own memory (or has none): such a guest runs single-threaded.
	mem *memoryImport
	// threads reports whether the guest can spawn threads.
	threads bool
	// info is what the instrumenting pass learnt of the guest.
	info instrument.Info
}

func newModule(rt *Runtime, cm wazero.CompiledModule, info instrument.Info) (*Module, error) {
	m := &Module{rt: rt, cm: cm, info: info}
	mems := cm.ImportedMemories()
	if len(mems) > 1 {
		return nil, fmt.Errorf("wasmhost: module imports %d memories; at most one is supported", len(mems))
	}
	if len(mems) == 1 {
		m.mem = newMemoryImport(mems[0], info.SharedMemory)
	}
	for _, f := range cm.ImportedFunctions() {
		mod, name, _ := f.Import()
		if mod == wasiModule && name == threadSpawnName {
			m.threads = true
		}
		// The memory's module re-exports the embedder's functions
		// (hostImports), not the host's own.
		if m.mem != nil && mod == m.mem.module && hostOwned(mod) {
			return nil, fmt.Errorf("wasmhost: module imports its memory and function %s from one module, %q, "+
				"which the host defines; import the memory from a module of its own", name, mod)
		}
	}
	if m.threads {
		start, ok := cm.ExportedFunctions()[threadStartName]
		if !ok || !sameTypes(start.ParamTypes(), api.ValueTypeI32, api.ValueTypeI32) || len(start.ResultTypes()) != 0 {
			return nil, fmt.Errorf("wasmhost: module imports %s.%s but does not export %s(i32, i32)",
				wasiModule, threadSpawnName, threadStartName)
		}
	}
	return m, nil
}

func sameTypes(got []api.ValueType, want ...api.ValueType) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if got[i] != want[i] {
			return false
		}
	}
	return true
}

// Close releases the compiled code. Runs in progress must have returned.
func (m *Module) Close(ctx context.Context) error { return m.cm.Close(ctx) }

// hostOwned reports whether the host defines the module name itself.
func hostOwned(mod string) bool {
	switch mod {
	case abi.ModuleName, wasiModule, wasiSnapshot:
		return true
	}
	return strings.HasPrefix(mod, instrument.ReservedPrefix)
}
