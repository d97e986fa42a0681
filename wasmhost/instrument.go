package wasmhost

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"unsafe"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/wasync/wasync/abi"
	"github.com/wasync/wasync/syncrt"
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

// atomicTraps are wazero's own trap errors, so that a trap in a host
// function reads exactly as the original instruction's.
type atomicTraps struct {
	outOfBounds, unaligned, notShared error
}

// newInstrumentation instantiates the host module and compiles the run
// module in wz.
func newInstrumentation(ctx context.Context, wz wazero.Runtime) (*instrumentation, error) {
	traps, err := probeTraps(ctx, wz)
	if err != nil {
		return nil, err
	}
	in := &instrumentation{traps: traps}
	b := wz.NewHostModuleBuilder(instrument.HostModule)
	fn := func(name string, f api.GoModuleFunc, params ...api.ValueType) {
		var results []api.ValueType
		if name != instrument.FuncSafepoint {
			results = []api.ValueType{i32}
		}
		b.NewFunctionBuilder().WithGoModuleFunction(f, params, results).Export(name)
	}
	fn(instrument.FuncSafepoint, safepoint)
	fn(instrument.FuncNotify, in.notify, i32, i32, i32)
	fn(instrument.FuncWait32, in.wait32, i32, i32, i64, i32)
	fn(instrument.FuncWait64, in.wait64, i32, i64, i64, i32)
	b.NewFunctionBuilder().WithGoModuleFunction(api.GoModuleFunc(stackOverflow), nil, nil).
		Export(instrument.FuncStackOverflow)
	b.NewFunctionBuilder().WithGoModuleFunction(api.GoModuleFunc(stackLimitExceeded), nil, nil).
		Export(instrument.FuncStackLimit)
	if _, err := b.Instantiate(ctx); err != nil {
		return nil, err
	}
	// (module (global (export "stop") (mut i32) (i32.const 0))
	//   (global (export "stack_limit") (mut i32) (i32.const 0)))
	mod := append([]byte(nil), wasmHeader...)
	mod = appendSection(mod, 6, []byte{2, 0x7F, 1, 0x41, 0, 0x0B, 0x7F, 1, 0x41, 0, 0x0B})
	exports := []byte{2}
	for i, name := range []string{instrument.GlobalStop, instrument.GlobalStackLimit} {
		exports = append(appendULEB(exports, uint32(len(name))), name...)
		exports = append(exports, 0x03, byte(i)) // global i
	}
	mod = appendSection(mod, 7, exports)
	if in.runMod, err = wz.CompileModule(ctx, mod); err != nil {
		return nil, err
	}
	return in, nil
}

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

// safepoint is called every 1024 checks and at the next function entry
// once the stop flag is set. Leaving native code lets the garbage collector stop the world; the
// Gosched lets the goroutine that ends the run (or any other) have the CPU
// at once instead of after Go's 10 ms time slice: with 64 threads spinning
// on 2 cores, a stop took up to 220 ms without it, about 1 ms with it
// (TestStopSpinning).
func safepoint(ctx context.Context, _ api.Module, _ []uint64) {
	r := threadOf(ctx).run
	select {
	case <-r.sr.Done():
		panic(r.stopPanic()) // see objectFunc
	default:
	}
	runtime.Gosched()
}

// errStackOverflow is the trap of a guest SDK thread whose stack pointer
// went below its limit (internal/instrument's stack check).
var errStackOverflow = errors.New("stack overflow: the thread used up its stack " +
	"(the guest SDK gives each thread 16 KiB; wasync_thread_spawn_on takes a bigger one)")

// stackOverflow traps the calling thread: panicking with an error makes
// wazero report it with the thread's wasm stack trace.
func stackOverflow(context.Context, api.Module, []uint64) { panic(errStackOverflow) }

// word checks an atomic access of size bytes at addr+offset as wazero's
// compiled code does (bounds, then alignment) and returns its address.
func (in *instrumentation) word(mod api.Module, addr, offset uint32, size uint64) unsafe.Pointer {
	mem := mod.Memory()
	if mem == nil {
		panic(in.traps.outOfBounds)
	}
	buf := memBytes(mem)
	ea := uint64(addr) + uint64(offset)
	if ea+size > uint64(len(buf)) {
		panic(in.traps.outOfBounds)
	}
	if ea%size != 0 {
		panic(in.traps.unaligned)
	}
	return unsafe.Pointer(&buf[ea])
}

func (in *instrumentation) notify(ctx context.Context, mod api.Module, stack []uint64) {
	p := in.word(mod, api.DecodeU32(stack[0]), api.DecodeU32(stack[2]), 4)
	stack[0] = uint64(threadOf(ctx).run.sr.Notify(p, api.DecodeU32(stack[1])))
}

func (in *instrumentation) wait32(ctx context.Context, mod api.Module, stack []uint64) {
	th := threadOf(ctx)
	p := in.waitWord(th, mod, stack[0], stack[3], 4)
	res, errno := th.t.Wait32((*uint32)(p), api.DecodeU32(stack[1]), waitTimeout(stack[2]))
	stack[0] = waitResult(th, res, errno)
}

func (in *instrumentation) wait64(ctx context.Context, mod api.Module, stack []uint64) {
	th := threadOf(ctx)
	p := in.waitWord(th, mod, stack[0], stack[3], 8)
	res, errno := th.t.Wait64((*uint64)(p), stack[1], waitTimeout(stack[2]))
	stack[0] = waitResult(th, res, errno)
}

// waitWord adds to word's checks the one of the wait instructions: the
// memory must be shared.
func (in *instrumentation) waitWord(th *thread, mod api.Module, addr, offset uint64, size uint64) unsafe.Pointer {
	p := in.word(mod, api.DecodeU32(addr), api.DecodeU32(offset), size)
	if !th.run.sharedMemory() {
		panic(in.traps.notShared)
	}
	return p
}

// waitResult is a wait's result for the guest; a run that ended ends the
// thread instead (Stopped is the only errno a wait returns), as a wasync
// call does, so that an all-blocked report shows where it waited.
func waitResult(th *thread, res syncrt.WaitResult, errno abi.Errno) uint64 {
	if errno != 0 {
		panic(th.run.stopPanic())
	}
	return uint64(res)
}

// sharedMemory reports whether the memory the thread's instance uses is
// shared: the run's for an imported memory, as declared for the guest's own.
func (r *run) sharedMemory() bool {
	if r.mod.mem != nil {
		return r.shared
	}
	return r.mod.info.SharedMemory
}

// probeTraps makes wazero raise its three atomic traps once, and keeps the
// errors: panicking with one from a host function makes wazero report it as
// "wasm error: ..." with the stack trace, as if the instruction trapped.
func probeTraps(ctx context.Context, wz wazero.Runtime) (atomicTraps, error) {
	body := func(code ...byte) []byte { return append([]byte{byte(len(code) + 1), 0}, code...) }
	const name = "probe"
	probe := func(memLimits []byte, code []byte) error {
		m := append([]byte(nil), wasmHeader...)
		m = appendSection(m, 1, []byte{1, 0x60, 0, 0})
		m = appendSection(m, 3, []byte{1, 0})
		m = appendSection(m, 5, append([]byte{1}, memLimits...))
		m = appendSection(m, 7, exportSection(name, 0x00))
		m = appendSection(m, 10, append([]byte{1}, body(code...)...))
		mod, err := wz.InstantiateWithConfig(ctx, m, wazero.NewModuleConfig().WithName("").WithStartFunctions())
		if err != nil {
			return err
		}
		defer mod.Close(ctx)
		_, err = mod.ExportedFunction(name).Call(ctx)
		if err == nil {
			return fmt.Errorf("wasmhost: probe %s did not trap", name)
		}
		return err
	}
	load := func(addr ...byte) []byte { // drop (i32.atomic.load (i32.const addr))
		return append(append([]byte{0x41}, addr...), 0xFE, 0x10, 2, 0, 0x1A, 0x0B)
	}
	var t atomicTraps
	for _, c := range []struct {
		into   *error
		want   string
		limits []byte
		code   []byte
	}{
		{&t.outOfBounds, "out of bounds memory access", []byte{3, 1, 1}, load(0x80, 0x80, 0x04)}, // 65536
		{&t.unaligned, "unaligned atomic", []byte{3, 1, 1}, load(1)},
		// drop (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const 0)) on a non-shared memory
		{&t.notShared, "expected shared memory", []byte{0, 1}, []byte{0x41, 0, 0x41, 0, 0x42, 0, 0xFE, 1, 2, 0, 0x1A, 0x0B}},
	} {
		err := probe(c.limits, c.code)
		if *c.into = errors.Unwrap(err); *c.into == nil || (*c.into).Error() != c.want {
			return t, fmt.Errorf("wasmhost: probing wazero's trap %q: got %v", c.want, err)
		}
	}
	return t, nil
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
