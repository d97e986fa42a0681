package wasmhost

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"
)

// A Runtime compiles and runs wasync modules. It holds wazero's runtime,
// with the host modules "wasync", "wasi" (thread-spawn) and
// "wasi_snapshot_preview1" instantiated once and shared by every run: their
// functions find the calling thread through the call's context.
type Runtime struct {
	wz      wazero.Runtime
	cfg     config
	stacked stackedHost      // "wasync" for runs WithStacks
	fronts  fronts           // "wasync" as guests see it (fastpath.go)
	instr   *instrumentation // nil: WithInstrumentation(false)
	// compiling counts compiles in progress, abandoned ones included.
	compiling sync.WaitGroup
}

// NewRuntime returns a Runtime on wazero's compiler engine with threads
// enabled. opts are the Runtime's own choices and, for RunOptions, the
// default of every run (see RuntimeOption). It fails where wazero has
// no compiler: the interpreter is refused (see the package doc).
func NewRuntime(ctx context.Context, opts ...RuntimeOption) (rt *Runtime, err error) {
	cfg := config{}.applyRuntime(opts)
	wcfg := wazero.NewRuntimeConfigCompiler().
		WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesThreads).
		WithCloseOnContextDone(cfg.noInstrument) // see WithInstrumentation
	if cfg.cache != nil {
		wcfg = wcfg.WithCompilationCache(cfg.cache)
	}
	if cfg.memoryLimit > 0 {
		wcfg = wcfg.WithMemoryLimitPages(memoryLimitPages(cfg.memoryLimit))
	}
	wz, err := newCompilerRuntime(ctx, wcfg)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			_ = wz.Close(ctx)
		}
	}()
	if _, err = wasi_snapshot_preview1.Instantiate(ctx, wz); err != nil {
		return nil, fmt.Errorf("wasmhost: %w", err)
	}
	if err = instantiateHostModules(ctx, wz); err != nil {
		return nil, fmt.Errorf("wasmhost: %w", err)
	}
	rt = &Runtime{wz: wz, cfg: cfg}
	if !cfg.noInstrument {
		if rt.instr, err = newInstrumentation(ctx, wz); err != nil {
			return nil, fmt.Errorf("wasmhost: %w", err)
		}
	}
	return rt, nil
}

// newCompilerRuntime turns wazero's panic on a platform without its compiler
// into an error.
func newCompilerRuntime(ctx context.Context, wcfg wazero.RuntimeConfig) (wz wazero.Runtime, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("wasmhost: wazero's compiler engine is not available on this platform (%v); "+
				"its interpreter is refused because host atomics on guest memory lose updates there", p)
		}
	}()
	return wazero.NewRuntimeWithConfig(ctx, wcfg), nil
}

// Close releases the Runtime and every module compiled by it; every run must
// have returned. It first waits for the compiles a context abandoned (see
// Compile), which the rewriter's limits bound to seconds.
func (rt *Runtime) Close(ctx context.Context) error {
	rt.compiling.Wait()
	return rt.wz.Close(ctx)
}

// Compile validates and compiles a module once, to be run many times. It
// refuses a function past the rewriter's limits on nesting, br_table size
// and function size, on whose shape wazero's compile time grows with the
// square (see the package doc), and returns, with an error wrapping
// context.Cause(ctx), once ctx is done, even when wazero is still
// compiling: wazero then finishes in the background.
func (rt *Runtime) Compile(ctx context.Context, wasm []byte) (*Module, error) {
	wasm, info, err := rt.instrument(wasm)
	if err != nil {
		return nil, err
	}
	cm, err := rt.compile(ctx, wasm)
	if err != nil {
		return nil, err
	}
	m, err := newModule(rt, cm, info)
	if err != nil {
		_ = cm.Close(ctx)
		return nil, err
	}
	return m, nil
}

// Run compiles wasm and runs it once; see Module.Run. The time limit and
// ctx cover the compiling too: a compile they end returns ExitTimeLimit or
// ExitCanceled, as a run would.
func (rt *Runtime) Run(ctx context.Context, wasm []byte, opts ...RunOption) (uint32, error) {
	if limit := rt.cfg.apply(opts).timeLimit; limit > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, limit, ErrTimeLimit)
		defer cancel()
	}
	m, err := rt.Compile(ctx, wasm)
	switch {
	case err == nil:
	case errors.Is(context.Cause(ctx), ErrTimeLimit):
		return ExitTimeLimit, fmt.Errorf("wasmhost: %w after %v, while compiling", ErrTimeLimit, rt.cfg.apply(opts).timeLimit)
	case ctx.Err() != nil:
		return ExitCanceled, err
	default:
		return ExitHostError, err
	}
	defer m.Close(ctx)
	return m.Run(ctx, opts...)
}
