package wasmhost

import (
	"context"
	"fmt"
	"runtime"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/wasync/wasync/wasmhost/internal/instrument"
)

// A stopFlag is one run's stop global: every thread instance of the run
// imports it, and checks it at each function entry (loops reach the
// safepoint, which looks at the run itself, within 1024 iterations); and
// its stack limit, which they check at each function entry.
type stopFlag struct {
	mod  api.Module
	flag api.MutableGlobal
}

func (in *instrumentation) newStopFlag(ctx context.Context, wz wazero.Runtime, stackLimit int) (*stopFlag, error) {
	mod, err := wz.InstantiateModule(ctx, in.runMod, wazero.NewModuleConfig().WithName("").WithStartFunctions())
	if err != nil {
		return nil, fmt.Errorf("wasmhost: stop flag: %w", err)
	}
	mod.ExportedGlobal(instrument.GlobalStackLimit).(api.MutableGlobal).Set(uint64(stackLimit))
	return &stopFlag{mod: mod, flag: mod.ExportedGlobal(instrument.GlobalStop).(api.MutableGlobal)}, nil
}

// newStopFlag gives a run its stop flag; nil when instrumentation is off.
func (rt *Runtime) newStopFlag(ctx context.Context, stackLimit int) (*stopFlag, error) {
	if rt.instr == nil {
		return nil, nil
	}
	return rt.instr.newStopFlag(ctx, rt.wz, stackLimit)
}

// module is what the run's resolver returns for instrument.RunModule.
func (s *stopFlag) module() api.Module {
	if s == nil {
		return nil
	}
	return s.mod
}

// raise asks every thread of the run to call safepoint, which ends it.
func (s *stopFlag) raise() {
	if s != nil {
		s.flag.Set(1)
	}
}

func (s *stopFlag) close() {
	if s != nil {
		_ = s.mod.Close(context.Background())
	}
}

// safepoint is called every 1024 checks and at the next function entry
// once the stop flag is set. Leaving native code lets the garbage
// collector stop the world and Go preempt the goroutine.
//
// While the run's threads can fill every P, it also yields (Gosched), so
// that the goroutine that ends the run (or any other) has the CPU at once
// instead of after Go's 10 ms time slice: with 64 threads spinning on 2
// cores, a stop took up to 220 ms without it, about 1 ms with it
// (TestStopSpinning). With a P to spare it does not: a Gosched then wakes
// an idle P, whose thread may take the goroutine to the other core, and
// that cost a loop 2-3 times its plain time (BenchmarkLoops, "sum" 30 µs
// plain, 45 or 110 µs instrumented by where the goroutine ran); the ender
// runs on the spare P.
func safepoint(ctx context.Context, _ api.Module, _ []uint64) {
	r := threadOf(ctx).run
	select {
	case <-r.sr.Done():
		panic(r.stopPanic()) // see objectFunc
	default:
	}
	if r.live.Load() >= int64(runtime.GOMAXPROCS(0)) {
		yield()
	}
}

// yield is runtime.Gosched; a test counts the safepoint's yields.
var yield = runtime.Gosched
