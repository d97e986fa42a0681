package wasmhost

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/tetratelabs/wazero/api"
	"github.com/wasync/wasync/syncrt"
)

// An Instance is a module made ready for calls of its exports, as a
// library (a reactor) rather than a program: the run's memory and
// threads, without _start. Each Call is a guest thread of its own, so
// calls from several goroutines run in parallel and synchronise through
// wasync like the threads of a program; the guest's own threads
// (thread-spawn) run beside them. A guest with no shared memory (its own
// memory, or an imported one linked without --shared-memory) has one
// instance, whose calls take turns as thread 1.
//
// The Instance lives until Close, or until it ends as a run does: a
// proc_exit in any thread, a trap (unless confined), every thread blocked
// for good, its time limit or the context given to Instantiate. Calls then
// fail with Err's reason; Memory stays readable until Close.
type Instance struct {
	r       *run
	cancel  context.CancelFunc
	stopped chan struct{} // closed once every thread has returned
	// one is the single instance of a guest without a shared memory, and
	// its thread; mu serialises its calls.
	mu  sync.Mutex
	one *thread
	api api.Module
	// ended is Err's result once the run is over, made once: an
	// all-blocked run's report goes to stderr then.
	endOnce sync.Once
	ended   error
}

// Instantiate makes an Instance of the module, with opts over the
// Runtime's options. It calls the guest's "_initialize" export first, as
// WASI reactors expect, when there is one.
func (m *Module) Instantiate(ctx context.Context, opts ...Option) (*Instance, error) {
	cfg := m.rt.cfg.apply(opts)
	ctx, cancel := context.WithCancel(ctx)
	if cfg.timeLimit > 0 {
		var cancelTimer context.CancelFunc
		ctx, cancelTimer = context.WithTimeoutCause(ctx, cfg.timeLimit, ErrTimeLimit)
		cancelCtx := cancel
		cancel = func() { cancelTimer(); cancelCtx() }
	}
	r := &run{mod: m, cfg: cfg, calls: true}
	r.sr = syncrt.NewRun(ctx, syncrt.Config{MaxThreads: cfg.maxThreads, Describe: r.describe, Joins: r.joined, Observe: r.observer()})
	in := &Instance{r: r, cancel: cancel, stopped: make(chan struct{})}
	fail := func(err error) (*Instance, error) {
		r.sr.Stop(err)
		r.end()
		cancel()
		return nil, err
	}
	if err := r.prepare(); err != nil {
		return fail(err)
	}
	if !r.shared {
		th, inst, err := r.newThread()
		if err != nil {
			return fail(err)
		}
		if err := r.adopt(th, inst); err != nil {
			return fail(err)
		}
		in.one, in.api = th, inst
	}
	go in.watch()
	if _, ok := m.cm.ExportedFunctions()[initializeName]; ok {
		if _, err := in.Call(ctx, initializeName); err != nil {
			_ = in.Close(context.Background())
			return nil, err
		}
	}
	return in, nil
}

const initializeName = "_initialize"

// watch stops every thread as soon as the run ends, as Run does. The
// single instance stays open until Close, so that its memory stays
// readable.
func (in *Instance) watch() {
	<-in.r.sr.Done()
	in.r.stopThreads()
	close(in.stopped)
}

// errClosed is the cause of an Instance's end by Close.
var errClosed = errors.New("wasmhost: instance closed")

// Call calls the guest's export name with params on a new guest thread
// (12–15 µs to make its instance) and returns its results. A trap returns
// a *TrapError and ends the Instance unless WithConfinedTraps was given; a
// proc_exit ends it and returns an error naming the status. A call that
// blocks is ended with the Instance, not by ctx, which is only checked
// before the call starts.
func (in *Instance) Call(ctx context.Context, name string, params ...uint64) ([]uint64, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := in.Err(); err != nil {
		return nil, err
	}
	r := in.r
	if in.one != nil {
		in.mu.Lock()
		defer in.mu.Unlock()
		res, _, err := in.call(in.one, in.api, name, params)
		return res, err
	}
	th, inst, err := r.newThread()
	if err != nil {
		if ended := in.Err(); ended != nil {
			return nil, ended
		}
		return nil, err
	}
	defer inst.Close(context.Background())
	res, over, err := in.call(th, inst, name, params)
	if !over {
		th.t.Exit() // as a thread that returns: its mutexes become dead-owned
	}
	return res, err
}

// call calls name on the thread's instance, counted among the run's
// threads so that the run's end waits for it; over reports that the call
// ended the run.
func (in *Instance) call(th *thread, inst api.Module, name string, params []uint64) (res []uint64, over bool, err error) {
	r := in.r
	fn := inst.ExportedFunction(name)
	if fn == nil {
		return nil, false, fmt.Errorf("wasmhost: module exports no function %q", name)
	}
	if want := len(fn.Definition().ParamTypes()); len(params) != want {
		return nil, false, fmt.Errorf("wasmhost: %s takes %d parameters, not %d", name, want, len(params))
	}
	r.mu.Lock()
	if r.ending {
		r.mu.Unlock()
		return nil, true, in.Err()
	}
	r.threads.Add(1)
	r.mu.Unlock()
	defer r.threads.Done()
	res, err = fn.Call(th.ctx, params...)
	r.keepBlockedStack(th, err)
	if err == nil {
		return res, false, nil
	}
	if r.threadEnded(th, err) {
		return nil, true, in.Err()
	}
	return nil, false, &TrapError{Tid: th.t.Tid(), Err: err}
}

// Memory is the guest's memory: the run's shared one, or the single
// instance's own. It stays readable after the Instance ended, until Close.
func (in *Instance) Memory() api.Memory {
	if in.r.mem != nil {
		return in.r.mem
	}
	return in.r.ownMem
}

// Err is nil while the Instance takes calls, then why it ended: an
// *EndedError with the status Run would have returned, or an error saying
// it was closed.
func (in *Instance) Err() error {
	cause := in.r.sr.Err()
	if cause == nil {
		return nil
	}
	if cause == errClosed {
		return cause
	}
	in.endOnce.Do(func() {
		code, err := in.r.outcome()
		if err == nil {
			err = fmt.Errorf("wasmhost: exit status %d", code)
		}
		in.ended = &EndedError{Code: code, Err: err}
	})
	return in.ended
}

// An EndedError is why an Instance no longer takes calls: Code is the
// status Run would have returned.
type EndedError struct {
	Code uint32
	Err  error
}

func (e *EndedError) Error() string { return fmt.Sprintf("wasmhost: instance ended: %v", e.Err) }
func (e *EndedError) Unwrap() error { return e.Err }

// Close ends the Instance, waits for its threads and frees its memory.
func (in *Instance) Close(context.Context) error {
	in.r.sr.Stop(errClosed)
	<-in.stopped
	if in.one != nil {
		_ = in.api.Close(context.Background())
	}
	in.r.release()
	in.cancel()
	return nil
}
