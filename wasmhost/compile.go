package wasmhost

import (
	"context"
	"fmt"

	"github.com/tetratelabs/wazero"
)

// compile hands wasm to wazero's compiler and returns when it is done or
// when ctx is, whichever comes first. wazero v1.12.0 checks no context
// while it compiles a function, so compiling goes on in a goroutine; one
// that ctx abandons runs on in the background until wazero is done, which
// the rewriter's limits bound to seconds (see internal/instrument's
// MaxNesting), and then releases what it compiled.
func (rt *Runtime) compile(ctx context.Context, wasm []byte) (wazero.CompiledModule, error) {
	type result struct {
		cm  wazero.CompiledModule
		err error
	}
	done, abandon := make(chan result), make(chan struct{})
	rt.compiling.Add(1)
	go func() {
		defer rt.compiling.Done()
		cm, err := rt.wz.CompileModule(ctx, wasm)
		select {
		case done <- result{cm, err}:
		case <-abandon:
			if cm != nil {
				_ = cm.Close(context.Background())
			}
		}
	}()
	select {
	case res := <-done:
		if res.err != nil {
			return nil, fmt.Errorf("wasmhost: compile: %w", res.err)
		}
		return res.cm, nil
	case <-ctx.Done():
		close(abandon)
		return nil, fmt.Errorf("wasmhost: compile abandoned: %w", context.Cause(ctx))
	}
}
