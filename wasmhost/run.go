package wasmhost

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/wasync/wasync/abi"
	"github.com/wasync/wasync/diag"
	"github.com/wasync/wasync/syncrt"
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
//     in), whose text is the report;
//   - the time limit: (ExitTimeLimit, an error wrapping ErrTimeLimit);
//   - ctx cancelled: (ExitCanceled, an error wrapping the context's cause);
//   - the guest could not start: (ExitHostError, why).
//
// Every thread of the run has returned when Run returns. opts override the
// Runtime's options for this run.
func (m *Module) Run(ctx context.Context, opts ...RunOption) (uint32, error) {
	cfg := m.rt.cfg.apply(opts)
	r := &run{mod: m, cfg: cfg}
	r.sr = syncrt.NewRun(ctx, r.engineConfig(max(cfg.threadCap(), 0)))
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

// engineConfig is the engine's configuration of the run.
func (r *run) engineConfig(maxThreads int) syncrt.Config {
	return syncrt.Config{TimeLimit: r.cfg.timeLimit, MaxThreads: maxThreads,
		Describe: r.describe, Joins: r.joined, Observe: r.observer(),
		LockOrder: r.cfg.lockOrder, Stack: r.stackOf}
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
		// The report is returned, not printed: the embedder (wasync run,
		// as wasync lua) decides where it goes.
		return abi.ExitAllBlocked, fmt.Errorf("wasmhost: %w", r.blockedReport(blocked))
	case errors.Is(cause, ErrTimeLimit):
		return ExitTimeLimit, fmt.Errorf("wasmhost: %w after %v", ErrTimeLimit, r.cfg.timeLimit)
	default:
		return ExitCanceled, fmt.Errorf("wasmhost: run cancelled: %w", cause)
	}
}
