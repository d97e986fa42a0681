package wasmhost

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
	"github.com/tetratelabs/wazero/sys"
	"github.com/wasync/wasync/abi"
	"github.com/wasync/wasync/diag"
	"github.com/wasync/wasync/syncrt"
	"github.com/wasync/wasync/wasmhost/internal/instrument"
)

// A run is one Module.Run: its engine run, its memory and its threads.
type run struct {
	mod    *Module
	cfg    config
	sr     *syncrt.Run
	ctx    context.Context // sr's context with the run's import resolver
	modCfg wazero.ModuleConfig
	stderr io.Writer // the run's serialised stderr
	// mem is the memory the host made for the guest's import, nil for a
	// guest with its own memory; memMod exports it. Only a shared one
	// lets the guest spawn threads.
	mem    api.Memory
	memMod api.Module
	shared bool
	// stop is the stop flag of an instrumented guest's threads, nil when
	// instrumentation is off.
	stop *stopFlag
	// waiters wakes the threads of an uninstrumented guest parked in
	// wait32 on a shared memory.
	waiters *waitSet
	// calls: the run is an Instance's, whose threads are calls of its
	// exports; no thread is main, whose return would end the run.
	calls bool
	// joins names the guest SDK's join semaphores, and syms the objects
	// at the guest's exported data symbols; both are learnt before _start.
	joins joinLabels
	syms  symbols
	// ownMem is the main instance's own memory, for naming objects in
	// reports when the guest has no imported memory.
	ownMem api.Memory

	mu     sync.Mutex
	ending bool // no thread may start any more
	// spawnRefused and capSaid, under mu: the run said why thread-spawn
	// fails (no shared memory; the thread cap).
	spawnRefused, capSaid bool
	threads               sync.WaitGroup
	live                  atomic.Int64 // threads spawned or started whose goroutine has not returned

	// blockedStacks, under mu: where each thread blocked, when the run
	// ended with every thread blocked (blocked.go).
	blockedStacks map[uint32][]diag.Frame
}

// Run runs the module's _start in a new run and returns its exit status:
//
//   - proc_exit(n) in any thread, or n = 0 when _start returns: (n, nil);
//   - a trap: (ExitTrap, a *TrapError naming the thread, with the wasm stack);
//   - every live thread blocked for good in a wasync call: (abi.ExitAllBlocked,
//     an error wrapping a *diag.BlockedError, which wraps the
//     *syncrt.AllBlockedError and names the functions each thread blocked
//     in), whose report also goes to the run's stderr;
//   - the time limit: (ExitTimeLimit, an error wrapping ErrTimeLimit);
//   - ctx cancelled: (ExitCanceled, an error wrapping the context's cause);
//   - the guest could not start: (ExitHostError, why).
//
// Every thread of the run has returned when Run returns. opts override the
// Runtime's options for this run.
func (m *Module) Run(ctx context.Context, opts ...Option) (uint32, error) {
	cfg := m.rt.cfg.apply(opts)
	if cfg.timeLimit > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, cfg.timeLimit, ErrTimeLimit)
		defer cancel()
	}
	r := &run{mod: m, cfg: cfg}
	r.sr = syncrt.NewRun(ctx, syncrt.Config{MaxThreads: max(cfg.threadCap(), 0), Describe: r.describe, Joins: r.joined, Observe: r.observer()})
	defer r.sr.Stop(nil)
	defer r.summarize(time.Now())
	if err := r.start(); err != nil && !r.startEnded(err) {
		r.sr.Stop(err)
		r.end()
		return ExitHostError, err
	}
	<-r.sr.Done()
	r.end()
	return r.outcome()
}

// start makes the run's memory and starts its _start thread.
func (r *run) start() error {
	if _, ok := r.mod.cm.ExportedFunctions()[startName]; !ok {
		return fmt.Errorf("wasmhost: module exports no %s function", startName)
	}
	if err := r.prepare(); err != nil {
		return err
	}
	th, inst, err := r.newThread()
	if err != nil {
		return err
	}
	if err := r.adopt(th, inst); err != nil {
		return err
	}
	r.joins.learn(th.ctx, inst)
	r.syms = learnSymbols(inst, r.mod.info.ExportedGlobals)
	r.live.Add(1)
	r.goThread(th, inst, startName)
	return nil
}

// prepare makes the run's stdio, memory and import resolver.
func (r *run) prepare() error {
	stdio := newStdio(r.cfg, r.sr.Done())
	r.stderr = stdio.stderr
	var err error
	if r.modCfg, err = moduleConfig(r.cfg, stdio, r.sr.Done()); err != nil {
		return err
	}
	if err := r.mod.checkImports(); err != nil {
		return fmt.Errorf("wasmhost: %w", err)
	}
	var host api.Module // nil: the Runtime's "wasync"
	if r.cfg.stacks && r.cfg.observe != nil {
		if host, err = r.mod.rt.stacked.get(r.mod.rt.wz); err != nil {
			return err
		}
	}
	if r.stop, err = r.mod.rt.newStopFlag(r.sr.Context(), r.cfg.stackBytes()); err != nil {
		return err
	}
	resolver := func(name string) api.Module {
		switch name {
		case abi.ModuleName:
			return host
		case instrument.RunModule:
			return r.stop.module()
		}
		return nil
	}
	if mi := r.mod.mem; mi != nil {
		memMod, err := mi.instantiate(r.sr.Context(), r.mod.rt.wz, r.cfg.memoryPages, r.mod.hostImports())
		if err != nil {
			return err
		}
		r.memMod = memMod
		r.mem, r.shared = memMod.ExportedMemory(mi.name), mi.shared
		if r.shared && r.stop == nil {
			// Uninstrumented guests park in wazero's own wait32.
			// Fail closed: without wazero's waiter map a run could not end
			// a thread parked in wait32.
			if r.waiters, err = waitersOf(r.mem); err != nil {
				return err
			}
		}
		resolveHost := resolver
		resolver = func(name string) api.Module {
			if name == mi.module {
				return memMod
			}
			return resolveHost(name)
		}
	}
	r.ctx = experimental.WithImportResolver(r.sr.Context(), resolver)
	return nil
}

// adopt takes the first instance's own memory, when the guest has one, for
// naming objects and waking its waiters; it ends the thread if that fails.
func (r *run) adopt(th *thread, inst api.Module) (err error) {
	if r.mem == nil {
		r.ownMem = inst.Memory()
		// A guest's own shared memory: one thread, but it may still park
		// in wazero's wait32, and the run's end must wake it.
		if r.stop == nil && r.mod.info.SharedMemory {
			if r.waiters, err = waitersOf(r.ownMem); err != nil {
				_ = inst.Close(context.Background())
				th.t.Exit()
				return err
			}
		}
	}
	return nil
}

// startEnded reports whether start failed because the guest's start
// section, which runs as thread 1, ended the run: it called proc_exit, or
// the run ended (time limit, cancel, every thread blocked) while it ran.
// The run's outcome is then that end, as for any thread, not a host error.
func (r *run) startEnded(err error) bool {
	var exit *sys.ExitError
	if errors.As(err, &exit) {
		r.sr.Stop(&exitStatus{code: exit.ExitCode()}) // no-op if the run ended first
		return true
	}
	return r.sr.Err() != nil
}

// end waits for every thread to return. An instrumented guest's threads see
// the stop flag at their next function entry or loop header. Without
// instrumentation, a thread parked in memory.atomic.wait32 with no timeout
// ignores the closing of its instance, so end wakes every waited address of
// the shared memory until all threads are gone: a woken thread may wait
// again before it reaches a loop header where wazero notices the close.
func (r *run) end() {
	r.stopThreads()
	r.release()
}

// stopThreads ends every thread and waits until each has returned.
func (r *run) stopThreads() {
	r.mu.Lock()
	r.ending = true
	r.mu.Unlock()
	r.stop.raise()
	done := make(chan struct{})
	go func() {
		r.threads.Wait()
		close(done)
	}()
	if r.waiters != nil {
		r.waiters.wakeUntil(done)
	}
	<-done
}

// release frees the run's stop flag and memory, once every thread is gone.
func (r *run) release() {
	r.stop.close()
	if r.memMod != nil {
		_ = r.memMod.Close(context.Background())
	}
}

// outcome turns why the run ended into Run's results.
func (r *run) outcome() (uint32, error) {
	cause := r.sr.Err()
	var exit *exitStatus
	var blocked *syncrt.AllBlockedError
	switch {
	case errors.As(cause, &exit):
		return exit.code, exit.err
	case errors.As(cause, &blocked):
		report := r.blockedReport(blocked)
		// The run's own stderr refuses writes now that the run is over.
		if r.cfg.stderr != nil {
			// Worded as wasync lua's: the report's own header says it.
			fmt.Fprintf(r.cfg.stderr, "%v\n", report)
		}
		return abi.ExitAllBlocked, fmt.Errorf("wasmhost: %w", report)
	case errors.Is(cause, ErrTimeLimit):
		return ExitTimeLimit, fmt.Errorf("%w after %v", ErrTimeLimit, r.cfg.timeLimit)
	default:
		return ExitCanceled, fmt.Errorf("wasmhost: run cancelled: %w", cause)
	}
}

// describe names an object in reports by its guest address.
func (r *run) describe(o syncrt.ObjectRef) string {
	if off, ok := r.offset(o); ok {
		if name, ok := r.syms[off]; ok {
			return fmt.Sprintf("%#x (%s)", off, name)
		}
		return r.joins.label(off)
	}
	return fmt.Sprintf("%#x", o.Addr())
}

// offset is o's address in the guest's memory.
func (r *run) offset(o syncrt.ObjectRef) (uint32, bool) {
	mem := r.mem
	if mem == nil {
		mem = r.ownMem
	}
	if mem == nil {
		return 0, false
	}
	buf := memBytes(mem)
	if len(buf) == 0 {
		return 0, false
	}
	off := o.Addr() - uintptr(unsafe.Pointer(&buf[0]))
	return uint32(off), off < uintptr(len(buf))
}
