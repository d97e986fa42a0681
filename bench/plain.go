package bench

import (
	"context"
	"encoding/binary"
	"fmt"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"
)

// plainLoops is P8's baseline: loops.wasm and tight.wasm compiled and run
// by wazero as they are, with the features wasmhost enables and nothing
// that could stop a loop (no instrumentation, no WithCloseOnContextDone).
type plainLoops struct {
	wz    wazero.Runtime
	loops api.Module
	tight api.Module
}

func newPlainLoops(ctx context.Context, loops, tight []byte) (*plainLoops, error) {
	wz := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfigCompiler().
		WithCoreFeatures(api.CoreFeaturesV2|experimental.CoreFeaturesThreads))
	p := &plainLoops{wz: wz}
	fail := func(err error) (*plainLoops, error) {
		_ = wz.Close(ctx)
		return nil, fmt.Errorf("bench: P8's plain guests: %w", err)
	}
	if _, err := wasi_snapshot_preview1.Instantiate(ctx, wz); err != nil {
		return fail(err)
	}
	cm, err := wz.CompileModule(ctx, loops)
	if err != nil {
		return fail(err)
	}
	if err := provideImports(ctx, wz, cm); err != nil {
		return fail(err)
	}
	// No _start: the kernels are called as exports once fill has run.
	if p.loops, err = wz.InstantiateModule(ctx, cm, wazero.NewModuleConfig().WithName("loops").WithStartFunctions()); err != nil {
		return fail(err)
	}
	if p.tight, err = wz.InstantiateWithConfig(ctx, tight, wazero.NewModuleConfig().WithName("tight")); err != nil {
		return fail(err)
	}
	if _, err := p.call(ctx, "fill"); err != nil {
		return fail(err)
	}
	return p, nil
}

// call calls loops' or tight's export name.
func (p *plainLoops) call(ctx context.Context, name string, params ...uint64) ([]uint64, error) {
	mod := p.loops
	if name == "tight" {
		mod = p.tight
	}
	return mod.ExportedFunction(name).Call(ctx, params...)
}

func (p *plainLoops) close(ctx context.Context) error { return p.wz.Close(ctx) }

// provideImports gives cm what it imports besides WASI: its memory, as a
// module of its own exporting a shared memory of the import's limits (no
// host module can export a memory), and every other function as a stub
// that fails if called (the kernels call none: the SDK's thread code does).
func provideImports(ctx context.Context, wz wazero.Runtime, cm wazero.CompiledModule) error {
	for _, m := range cm.ImportedMemories() {
		mod, name, _ := m.Import()
		max, ok := m.Max()
		if !ok {
			return fmt.Errorf("memory %s.%s has no maximum: it cannot be shared", mod, name)
		}
		if _, err := wz.InstantiateWithConfig(ctx, sharedMemoryModule(name, m.Min(), max), wazero.NewModuleConfig().WithName(mod)); err != nil {
			return err
		}
	}
	stubs := map[string]wazero.HostModuleBuilder{}
	for _, f := range cm.ImportedFunctions() {
		mod, name, _ := f.Import()
		if mod == wasi_snapshot_preview1.ModuleName {
			continue
		}
		if stubs[mod] == nil {
			stubs[mod] = wz.NewHostModuleBuilder(mod)
		}
		stubs[mod].NewFunctionBuilder().WithGoModuleFunction(api.GoModuleFunc(func(context.Context, api.Module, []uint64) {
			panic(fmt.Sprintf("bench: %s.%s is not provided to the plain guest", mod, name))
		}), f.ParamTypes(), f.ResultTypes()).Export(name)
	}
	for _, b := range stubs {
		if _, err := b.Instantiate(ctx); err != nil {
			return err
		}
	}
	return nil
}

// sharedMemoryModule is the binary of a module that only exports a shared
// memory of min to max pages as name.
func sharedMemoryModule(name string, min, max uint32) []byte {
	section := func(id byte, body []byte) []byte {
		return append(binary.AppendUvarint([]byte{id}, uint64(len(body))), body...)
	}
	// One memory: flags 3 (a maximum, shared), then the limits, in LEB128
	// (which is what AppendUvarint writes).
	mem := binary.AppendUvarint(binary.AppendUvarint([]byte{1, 3}, uint64(min)), uint64(max))
	// One export: the name, kind 2 (memory), index 0.
	exp := append(binary.AppendUvarint([]byte{1}, uint64(len(name))), name...)
	exp = append(exp, 2, 0)
	wasm := []byte{0, 'a', 's', 'm', 1, 0, 0, 0}
	wasm = append(wasm, section(5, mem)...)
	return append(wasm, section(7, exp)...)
}
