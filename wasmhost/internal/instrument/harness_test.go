package instrument

import (
	"context"
	"errors"
	"testing"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/sys"
)

// stopStatus is the exit status the harness's safepoint ends a call with
// when the stop global is set.
const stopStatus = 7

// overflowStatus is the exit status the harness's stack_limit_exceeded ends a
// call with.
const overflowStatus = 8

// A harness runs modules in wazero with stand-ins for wasmhost's side of
// the pass: safepoint counts its calls and ends the call when stop is set;
// notify and the waits record their arguments.
type harness struct {
	wz         wazero.Runtime
	stop       api.MutableGlobal
	stackLimit api.MutableGlobal // 1 GiB unless a test lowers it
	safepoints int
	// last holds the arguments of the last notify or wait.
	last []uint64
}

// envWAT is what the test modules import from "env".
const envWAT = `(module
  (func (export "f") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 10)))
  (global (export "g") i32 (i32.const 16)))`

// errOverflow is the harness's stack_overflow trap.
var errOverflow = errors.New("stack overflow")

func newHarness(t testing.TB) *harness {
	t.Helper()
	ctx := context.Background()
	h := &harness{wz: newWazero(t)}
	b := h.wz.NewHostModuleBuilder(HostModule)
	b.NewFunctionBuilder().WithGoModuleFunction(api.GoModuleFunc(func(context.Context, api.Module, []uint64) {
		h.safepoints++
		if h.stop.Get() != 0 {
			panic(sys.NewExitError(stopStatus))
		}
	}), nil, nil).Export(FuncSafepoint)
	b.NewFunctionBuilder().WithGoModuleFunction(api.GoModuleFunc(func(context.Context, api.Module, []uint64) {
		panic(errOverflow)
	}), nil, nil).Export(FuncStackOverflow)
	b.NewFunctionBuilder().WithGoModuleFunction(api.GoModuleFunc(func(context.Context, api.Module, []uint64) {
		panic(sys.NewExitError(overflowStatus))
	}), nil, nil).Export(FuncStackLimit)
	record := func(ctx context.Context, _ api.Module, stack []uint64) {
		h.last = append([]uint64(nil), stack...)
		stack[0] = 42
	}
	i32, i64 := api.ValueTypeI32, api.ValueTypeI64
	for name, params := range map[string][]api.ValueType{
		FuncNotify: {i32, i32, i32},
		FuncWait32: {i32, i32, i64, i32},
		FuncWait64: {i32, i64, i64, i32},
	} {
		b.NewFunctionBuilder().WithGoModuleFunction(api.GoModuleFunc(record), params, []api.ValueType{i32}).Export(name)
	}
	if _, err := b.Instantiate(ctx); err != nil {
		t.Fatal(err)
	}
	run, err := h.wz.InstantiateWithConfig(ctx, wat(t, `(module (global (export "stop") (mut i32) (i32.const 0))
	  (global (export "stack_limit") (mut i32) (i32.const 0x40000000)))`),
		wazero.NewModuleConfig().WithName(RunModule))
	if err != nil {
		t.Fatal(err)
	}
	h.stop = run.ExportedGlobal(GlobalStop).(api.MutableGlobal)
	h.stackLimit = run.ExportedGlobal(GlobalStackLimit).(api.MutableGlobal)
	if _, err := h.wz.InstantiateWithConfig(ctx, wat(t, envWAT), wazero.NewModuleConfig().WithName("env")); err != nil {
		t.Fatal(err)
	}
	return h
}

// instantiate rewrites wasm and instantiates it, anonymously.
func (h *harness) instantiate(t testing.TB, wasm []byte) api.Module {
	t.Helper()
	out, _, err := Rewrite(wasm)
	if err != nil {
		t.Fatal(err)
	}
	return h.instantiateAsIs(t, out)
}

func (h *harness) instantiateAsIs(t testing.TB, wasm []byte) api.Module {
	t.Helper()
	ctx := context.Background()
	mod, err := h.wz.InstantiateWithConfig(ctx, wasm, wazero.NewModuleConfig().WithName(""))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = mod.Close(ctx) })
	return mod
}

func call(t testing.TB, mod api.Module, name string, params ...uint64) []uint64 {
	t.Helper()
	res, err := mod.ExportedFunction(name).Call(context.Background(), params...)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return res
}
