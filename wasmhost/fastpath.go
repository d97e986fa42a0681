package wasmhost

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/wasync/wasync/abi"
	"github.com/wasync/wasync/syncrt"
	"github.com/wasync/wasync/wasmhost/internal/instrument"
)

// fastPath is the value of the fast-path switch (abi.GlobalFastPath) for
// a run with config c: 0 when it checks lock order (WithLockOrderCheck) or
// has an observer (WithObserver: a trace, statistics, a profile or a
// timeline then sees every call, not only those the fast path leaves to
// the host), 1 otherwise.
func (c config) fastPath() bool {
	return c.observe == nil && c.lockOrder == syncrt.LockOrderOff
}

// fronts are a Runtime's "wasync" modules as guests see them: each
// re-exports a host module's functions (wazero links a guest's import of
// one straight to the host function, so a call costs nothing more) beside
// the fast-path switch, which a host module, having no globals, cannot
// export. There is one per host module and value, made on first use.
type fronts struct {
	mu   sync.Mutex
	mods map[frontKey]api.Module
}

type frontKey struct {
	host string // the host module's name
	fast bool
}

// get returns the front of host (named name in wz) with the switch at fast.
func (f *fronts) get(wz wazero.Runtime, name string, host api.Module, fast bool) (api.Module, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	k := frontKey{name, fast}
	if m := f.mods[k]; m != nil {
		return m, nil
	}
	mod, err := wz.InstantiateWithConfig(context.Background(), frontModule(name, host, fast),
		wazero.NewModuleConfig().WithName("").WithStartFunctions())
	if err != nil {
		return nil, fmt.Errorf("wasmhost: the %s module with its fast-path switch: %w", abi.ModuleName, err)
	}
	if f.mods == nil {
		f.mods = map[frontKey]api.Module{}
	}
	f.mods[k] = mod
	return mod, nil
}

// frontModule assembles a module that imports every function of host
// (named name) and exports it under its name, with the immutable i32
// global abi.GlobalFastPath.
func frontModule(name string, host api.Module, fast bool) []byte {
	defs := host.ExportedFunctionDefinitions()
	names := make([]string, 0, len(defs))
	for n := range defs {
		names = append(names, n)
	}
	slices.Sort(names)
	m := &instrument.Module{Consts: []int32{0}}
	if fast {
		m.Consts[0] = 1
	}
	for i, n := range names {
		d := defs[n]
		m.Imports = append(m.Imports, instrument.Import{Module: name, Name: n,
			Type: instrument.FuncType{Params: d.ParamTypes(), Results: d.ResultTypes()}})
		m.Exports = append(m.Exports, instrument.Export{Name: n, Kind: instrument.KindFunc, Index: uint32(i)})
	}
	m.Exports = append(m.Exports, instrument.Export{Name: abi.GlobalFastPath, Kind: instrument.KindGlobal})
	return m.Encode()
}

// wasyncFor is the "wasync" module a run with config c links its guest
// to: the front of the Runtime's host module, or of the one with stacks.
func (rt *Runtime) wasyncFor(c config) (api.Module, error) {
	name, host := abi.ModuleName, rt.wz.Module(abi.ModuleName)
	if c.withStacks() {
		var err error
		if host, err = rt.stacked.get(rt.wz); err != nil {
			return nil, err
		}
		name = stackedHostName
	}
	return rt.fronts.get(rt.wz, name, host, c.fastPath())
}
