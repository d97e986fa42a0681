package wasmhost

import (
	"context"
	"errors"
	"io"
	"os"
	"testing"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"
	"github.com/tetratelabs/wazero/sys"
	"github.com/wasync/wasync/syncrt"
	"github.com/wasync/wasync/wasmhost/internal/instrument"
)

// The ways a loop can run, the columns of BenchmarkLoops:
//
//   - plain: the module as it is, with nothing that could stop it (wazero's
//     default; no wasmhost run is like this, it is the baseline);
//   - instrumented: rewritten by the pass, with the host's real safepoint;
//   - closeondone: as it is, with wazero's WithCloseOnContextDone (what
//     WithInstrumentation(false) uses).
var loopModes = []string{"plain", "instrumented", "closeondone"}

// loopRuntime is a wazero runtime set up as a Runtime's, in one mode, with
// a context that carries a thread for the host functions.
type loopRuntime struct {
	wz   wazero.Runtime
	ctx  context.Context
	mode string
}

func newLoopRuntime(b *testing.B, mode string) *loopRuntime {
	b.Helper()
	ctx := context.Background()
	wz := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfigCompiler().
		WithCoreFeatures(api.CoreFeaturesV2|experimental.CoreFeaturesThreads).
		WithCloseOnContextDone(mode == "closeondone"))
	b.Cleanup(func() { _ = wz.Close(ctx) })
	wasi_snapshot_preview1.MustInstantiate(ctx, wz)
	if err := instantiateHostModules(ctx, wz); err != nil {
		b.Fatal(err)
	}
	in, err := newInstrumentation(ctx, wz)
	if err != nil {
		b.Fatal(err)
	}
	runMod, err := wz.InstantiateModule(ctx, in.runMod, wazero.NewModuleConfig().WithName(instrument.RunModule))
	if err != nil {
		b.Fatal(err)
	}
	runMod.ExportedGlobal(instrument.GlobalStackLimit).(api.MutableGlobal).Set(DefaultStackLimit)
	sr := syncrt.NewRun(ctx, syncrt.Config{})
	b.Cleanup(func() { sr.Stop(nil) })
	th := &thread{run: &run{sr: sr}}
	th.run.live.Store(1) // a run of one thread, as the loop's
	return &loopRuntime{wz: wz, ctx: context.WithValue(ctx, threadKey{}, th), mode: mode}
}

// instantiate instantiates wasm as the mode wants it, with cfg.
func (lr *loopRuntime) instantiate(b *testing.B, wasm []byte, cfg wazero.ModuleConfig) (api.Module, error) {
	b.Helper()
	if lr.mode == "instrumented" {
		var err error
		if wasm, _, err = instrument.Rewrite(wasm); err != nil {
			b.Fatal(err)
		}
	}
	return lr.wz.InstantiateWithConfig(lr.ctx, wasm, cfg)
}

// BenchmarkLoops measures what each way of stopping guests costs loops:
// the C loops of testdata/loops.c (each call runs 64 Ki or 256 Ki
// iterations), testdata/tight.wat (one iteration per op), a recursive fib(20)
// (about 22,000 calls per op: the per-call cost of the entry check and
// stack count) and, unless -short,
// one round of the Go program testdata/goload. Compare the modes with
//
//	go test -run '^$' -bench Loops -count 6 ./wasmhost > loops.txt
//	benchstat -col /mode loops.txt
//
// Each reports cpu-ns/op beside ns/op (startCPU): the steadier figure on
// a loaded machine.
func BenchmarkLoops(b *testing.B) {
	loops, err := os.ReadFile("../testdata/loops.wasm")
	if err != nil {
		b.Fatal(err)
	}
	// bench's P8 rows run the same two guests.
	tight, err := os.ReadFile("../testdata/tight.wasm")
	if err != nil {
		b.Fatal(err)
	}
	// fib is call-bound: fib(n) makes about 1.6^n calls, each of which
	// passes the instrumentation's entry check and stack count.
	fib := wat(b, `(module (func $fib (export "fib") (param $n i32) (result i32)
	  (if (result i32) (i32.lt_u (local.get $n) (i32.const 2)) (then (local.get $n))
	    (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
	                   (call $fib (i32.sub (local.get $n) (i32.const 2))))))))`)
	var goload []byte
	if !testing.Short() {
		goload = buildGoload(b)
	}
	for _, kernel := range []string{"sum", "copy", "hash", "tight", "fib", "goload"} {
		for _, mode := range loopModes {
			b.Run("kernel="+kernel+"/mode="+mode, func(b *testing.B) {
				lr := newLoopRuntime(b, mode)
				switch kernel {
				case "goload":
					if goload == nil {
						b.Skip("-short: no Go program")
					}
					benchGoload(b, lr, goload)
				case "fib":
					mod, err := lr.instantiate(b, fib, wazero.NewModuleConfig())
					if err != nil {
						b.Fatal(err)
					}
					b.ResetTimer()
					defer startCPU(b)()
					for range b.N {
						if _, err := mod.ExportedFunction("fib").Call(lr.ctx, 20); err != nil {
							b.Fatal(err)
						}
					}
				case "tight":
					mod, err := lr.instantiate(b, tight, wazero.NewModuleConfig())
					if err != nil {
						b.Fatal(err)
					}
					b.ResetTimer()
					defer startCPU(b)()
					if _, err := mod.ExportedFunction("tight").Call(lr.ctx, uint64(b.N)); err != nil {
						b.Fatal(err)
					}
				default:
					benchKernel(b, lr, loops, kernel)
				}
			})
		}
	}
}

// benchKernel calls one exported loop of testdata/loops.wasm b.N times.
func benchKernel(b *testing.B, lr *loopRuntime, wasm []byte, kernel string) {
	cm, err := lr.wz.CompileModule(lr.ctx, wasm)
	if err != nil {
		b.Fatal(err)
	}
	mi := newMemoryImport(cm.ImportedMemories()[0], true)
	// Named as the import, as the run's resolver would find it.
	mem, err := lr.wz.InstantiateWithConfig(lr.ctx, memoryModule(mi.name, instrument.Limits{Min: mi.min, Max: mi.max, HasMax: true, Shared: true}),
		wazero.NewModuleConfig().WithName(mi.module))
	if err != nil {
		b.Fatal(err)
	}
	defer mem.Close(lr.ctx)
	mod, err := lr.instantiate(b, wasm, wazero.NewModuleConfig().WithStartFunctions())
	if err != nil {
		b.Fatal(err)
	}
	if _, err := mod.ExportedFunction("fill").Call(lr.ctx); err != nil {
		b.Fatal(err)
	}
	f := mod.ExportedFunction(kernel)
	b.ResetTimer()
	defer startCPU(b)()
	for range b.N {
		if _, err := f.Call(lr.ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// benchGoload runs one round of the Go program per op (compiled once).
func benchGoload(b *testing.B, lr *loopRuntime, wasm []byte) {
	if lr.mode == "instrumented" {
		var err error
		if wasm, _, err = instrument.Rewrite(wasm); err != nil {
			b.Fatal(err)
		}
	}
	cm, err := lr.wz.CompileModule(lr.ctx, wasm)
	if err != nil {
		b.Fatal(err)
	}
	cfg := wazero.NewModuleConfig().WithName("").WithArgs("goload", "1").WithStdout(io.Discard)
	b.ResetTimer()
	defer startCPU(b)()
	for range b.N {
		mod, err := lr.wz.InstantiateModule(lr.ctx, cm, cfg)
		var exit *sys.ExitError
		if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 0) {
			b.Fatal(err)
		}
		if mod != nil {
			_ = mod.Close(lr.ctx)
		}
	}
}

// BenchmarkRewrite measures the pass on the Go program (about 3 MB): see
// MB/s.
func BenchmarkRewrite(b *testing.B) {
	if testing.Short() {
		b.Skip("-short: no Go program")
	}
	wasm := buildGoload(b)
	b.SetBytes(int64(len(wasm)))
	b.ResetTimer()
	for range b.N {
		if _, _, err := instrument.Rewrite(wasm); err != nil {
			b.Fatal(err)
		}
	}
}
