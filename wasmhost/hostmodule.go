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

// NewHostModuleBuilder starts a host module of the embedder's own, named
// moduleName, in the Runtime's wazero runtime: define its functions and
// Instantiate it before running guests that import them. Every thread's
// instance of a run links to it, so a host function is called on the
// calling guest thread's goroutine, with that thread's instance as its
// api.Module (whose Memory is the run's memory) and a context from which
// ThreadID reads the thread's tid. It may block; a run that ends meanwhile
// waits for it to return. A guest may import its memory from the same
// module name (clang's default, "env"): the run's memory module re-exports
// the host functions.
//
// The names "wasync", "wasi" and "wasi_snapshot_preview1" are the host's
// own; instantiating a module under one of them fails.
func (rt *Runtime) NewHostModuleBuilder(moduleName string) wazero.HostModuleBuilder {
	return rt.wz.NewHostModuleBuilder(moduleName)
}

// ThreadID returns the tid of the guest thread whose call ctx is, in a host
// function of a module built with NewHostModuleBuilder.
func ThreadID(ctx context.Context) (tid uint32, ok bool) {
	th, ok := ctx.Value(threadKey{}).(*thread)
	if !ok {
		return 0, false
	}
	return th.t.Tid(), true
}

// checkImports names, before any instance is made, a function the guest
// imports that nothing defines: wazero would only say that the module is
// not instantiated. Memory-module imports are re-exported from the
// embedder's module of that name (memoryModule).
func (m *Module) checkImports() error {
	for _, f := range m.cm.ImportedFunctions() {
		mod, name, _ := f.Import()
		if strings.HasPrefix(mod, instrument.ReservedPrefix) {
			continue // the pass's own imports, resolved per run
		}
		host := m.rt.wz.Module(mod)
		switch {
		case mod == abi.ModuleName && (host == nil || host.ExportedFunctionDefinitions()[name] == nil):
			return fmt.Errorf("unknown import: %s::%s is not a call of the wasync ABI %s this host serves (ABI.md lists the calls by version)", mod, name, abi.Version)
		case host == nil || host.ExportedFunctionDefinitions()[name] == nil:
			return fmt.Errorf("unknown import: %s::%s has not been defined", mod, name)
		}
	}
	return nil
}

// hostImports are the functions the guest imports from its memory's
// module name, which the run's memory module imports and re-exports.
func (m *Module) hostImports() []api.FunctionDefinition {
	if m.mem == nil {
		return nil
	}
	var defs []api.FunctionDefinition
	seen := map[string]bool{} // imported twice: exported once
	for _, f := range m.cm.ImportedFunctions() {
		if mod, name, _ := f.Import(); mod == m.mem.module && !seen[name] {
			seen[name] = true
			defs = append(defs, f)
		}
	}
	return defs
}
