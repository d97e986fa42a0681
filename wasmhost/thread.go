package wasmhost

import (
	"context"
	"errors"
	"fmt"

	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
	"github.com/tetratelabs/wazero/sys"
	"github.com/wasync/wasync/abi"
	"github.com/wasync/wasync/syncrt"
)

// A thread is one guest thread: an instance of the module of its own, over
// the run's memory, called on a goroutine of its own.
type thread struct {
	run *run
	t   *syncrt.Thread
	// ctx is the context of every call into the thread's instance; it
	// carries the thread for the host functions and is cancelled when the
	// run ends, which closes a busy thread's instance when instrumentation
	// is off (WithCloseOnContextDone; instrumented, the stop flag ends it).
	ctx context.Context
	// mem is the view of the instance's memory that host calls resolve
	// pointers in.
	mem memView
	// stack is the wazero stack of the thread's wasync call in progress,
	// in a run with stacks (see observe.go).
	stack experimental.StackIterator
}

// register registers a thread, spawned by parent (nil for the main
// thread, which starts at the default priority); instantiate makes its
// instance.
func (r *run) register(parent *thread) (*thread, error) {
	var t *syncrt.Thread
	var err error
	if parent == nil {
		t, err = r.sr.NewThread()
	} else {
		t, err = parent.t.NewThread()
	}
	if err != nil {
		return nil, err
	}
	th := &thread{run: r, t: t}
	th.ctx = &threadCtx{Context: r.ctx, th: th}
	if r.shared {
		th.mem.shared = r.mem
	}
	t.Data = th
	return th, nil
}

// instantiate makes the thread's instance of the module, which runs the
// module's start section as this thread.
func (r *run) instantiate(th *thread) (api.Module, error) {
	inst, err := r.mod.rt.wz.InstantiateModule(th.ctx, r.mod.cm, r.modCfg)
	if err != nil {
		return nil, fmt.Errorf("wasmhost: instantiate thread %d: %w", th.t.Tid(), err)
	}
	return inst, nil
}

// newThread registers a thread and instantiates the module for it, on the
// caller's goroutine.
func (r *run) newThread() (*thread, api.Module, error) {
	th, err := r.register(nil)
	if err != nil {
		return nil, nil, err
	}
	inst, err := r.instantiate(th)
	if err != nil {
		th.t.Exit()
		return nil, nil, err
	}
	return th, inst, nil
}

// spawn is thread-spawn by parent: it returns the new thread's tid (the
// thread starts at parent's base priority), or -1 when the guest has no
// shared memory (said once on stderr), the run is out of threads (said
// once), past its memory limit or ending.
//
// The new thread's instance is made on the thread's own goroutine, not
// the spawner's: its start section may spawn in turn, and instantiating
// there would recurse without bound on one goroutine's stack; and a start
// section that blocks for good then blocks its own thread, which the
// all-blocked detector sees, not the spawner. Once its tid is returned,
// the thread's start section ends the run as the thread's code would:
// proc_exit with its status, a trap with ExitTrap.
func (r *run) spawn(parent *thread, arg uint32) int32 {
	if !r.shared || !r.mod.threads {
		r.refuseSpawn()
		return -1
	}
	if !r.reserveThread() {
		return -1
	}
	th, err := r.register(parent)
	if err != nil {
		r.live.Add(-1)
		if errors.Is(err, syncrt.ErrTooManyThreads) {
			r.sayOnce(&r.capSaid, r.tooManyThreads())
		}
		return -1
	}
	r.joins.spawned(arg, th.t.Tid())
	if !r.goThread(th, nil, threadStartName, uint64(th.t.Tid()), uint64(arg)) {
		return -1
	}
	return int32(th.t.Tid())
}

// goThread calls the export fn of the thread's instance on a new goroutine,
// unless the run is ending; with inst nil, it first makes the instance
// there. The thread ends when fn returns. The caller has counted the
// thread in r.live; goThread uncounts it when it ends.
func (r *run) goThread(th *thread, inst api.Module, fn string, params ...uint64) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ending {
		if inst != nil {
			_ = inst.Close(context.Background())
		}
		th.t.Exit()
		r.live.Add(-1)
		return false
	}
	r.threads.Add(1)
	go func() {
		defer r.threads.Done()
		defer r.live.Add(-1)
		var err error
		if inst == nil {
			inst, err = r.instantiate(th)
		}
		if err == nil {
			_, err = inst.ExportedFunction(fn).Call(th.ctx, params...)
		}
		r.keepBlockedStack(th, err)
		// The run's fate first (Thread.End): a proc_exit must stop the
		// run before the thread's mutexes pass, dead-owned, to its
		// waiters. Once the run is over, the thread leaves its mutexes as
		// they are: dead-owning them would hand them to waiters that are
		// to stop.
		if cause := r.threadEnded(th, err); cause != nil {
			th.t.End(cause)
		} else {
			th.t.Exit()
		}
		if inst != nil {
			_ = inst.Close(context.Background())
		}
	}()
	return true
}

// threadEnded decides what a thread's end means for the run: the cause
// that ends the run, or nil when only the thread ends. Once the run is
// over, a thread's result is only the echo of that end.
func (r *run) threadEnded(th *thread, err error) (cause error) {
	if over := r.sr.Err(); over != nil {
		return over
	}
	main := th.t.Tid() == abi.MainTid && !r.calls
	var exit *sys.ExitError
	switch {
	case err == nil && !main:
		return nil
	case err == nil:
		return &exitStatus{code: 0}
	case errors.As(err, &exit):
		return &exitStatus{code: exit.ExitCode()}
	case r.cfg.confinedTraps && !main:
		// Worded for the person reading the guest's stderr, as the run's
		// other notes there ("wasync: ..."), not as a Go error.
		fmt.Fprintf(r.stderr, "wasync: thread %d trapped: %v (confined to the thread)\n", th.t.Tid(), err)
		return nil
	}
	return &exitStatus{code: ExitTrap, err: &TrapError{Tid: th.t.Tid(), Err: err}}
}

// refuseSpawn says once per run why a guest without a shared memory gets
// no threads: a guest linked without --shared-memory otherwise only sees
// thread-spawn fail.
func (r *run) refuseSpawn() {
	why := "the module defines its own memory: import a shared memory (link with --shared-memory --import-memory) to use threads"
	if r.mod.mem != nil {
		why = r.mod.mem.notShared()
	}
	r.sayOnce(&r.spawnRefused, why)
}

// tooManyThreads says why thread-spawn failed at the run's thread cap.
func (r *run) tooManyThreads() string {
	if n := r.cfg.threadCap(); n > 0 {
		return fmt.Sprintf("thread-spawn: too many threads (the run's limit is %d, the main thread included)", n)
	}
	return "thread-spawn: too many threads (no thread id left)"
}

// sayOnce writes msg to the run's stderr unless *said, which it sets.
func (r *run) sayOnce(said *bool, msg string) {
	r.mu.Lock()
	was := *said
	*said = true
	r.mu.Unlock()
	if !was {
		fmt.Fprintf(r.stderr, "wasync: %s\n", msg)
	}
}
