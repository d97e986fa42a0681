package wasmhost

import (
	"context"
	"fmt"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/wasync/wasync/wasmhost/internal/instrument"
)

// instrumentation is a Runtime's side of the instrumenting pass (see
// internal/instrument): the host functions the rewritten guests import, the
// module that gives each run its stop global, and the traps the host
// functions raise where the instructions they replace would.
type instrumentation struct {
	runMod wazero.CompiledModule
	traps  atomicTraps
}

// newInstrumentation instantiates the host module and compiles the run
// module in wz.
func newInstrumentation(ctx context.Context, wz wazero.Runtime) (*instrumentation, error) {
	traps, err := probeTraps(ctx, wz)
	if err != nil {
		return nil, err
	}
	in := &instrumentation{traps: traps}
	funcs := map[string]api.GoModuleFunc{
		instrument.FuncSafepoint:     safepoint,
		instrument.FuncNotify:        in.notify,
		instrument.FuncWait32:        in.wait32,
		instrument.FuncWait64:        in.wait64,
		instrument.FuncStackOverflow: stackOverflow,
		instrument.FuncStackLimit:    stackLimitExceeded,
	}
	b := wz.NewHostModuleBuilder(instrument.HostModule)
	for _, f := range instrument.HostFuncs {
		b.NewFunctionBuilder().WithGoModuleFunction(funcs[f.Name], f.Type.Params, f.Type.Results).Export(f.Name)
	}
	if _, err := b.Instantiate(ctx); err != nil {
		return nil, err
	}
	if in.runMod, err = wz.CompileModule(ctx, instrument.RunModuleBinary()); err != nil {
		return nil, err
	}
	return in, nil
}

// instrument rewrites a guest for a Runtime with instrumentation on, and
// only screens it otherwise (instrument.Screen): wazero v1.12.0 allocates a
// vector's or a name's declared length before reading it, so a few bytes
// declaring four billion imports, locals or function names would kill the
// host. wazero only ever gets bytes the rewriter's decoder has read.
func (rt *Runtime) instrument(wasm []byte) ([]byte, instrument.Info, error) {
	pass := instrument.Rewrite
	if rt.instr == nil {
		pass = instrument.Screen
	}
	out, info, err := pass(wasm)
	if err != nil {
		return nil, info, fmt.Errorf("wasmhost: %w", err)
	}
	return out, info, nil
}
