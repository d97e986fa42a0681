package luabind

import (
	"context"
	"errors"
	"fmt"
	"github.com/wasync/wasync/diag"
	"io"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/wasync/wasync/syncrt"
)

// errMainEnded is the cause that ends a run when its main chunk returns:
// threads still running are stopped.
var errMainEnded = errors.New("the main chunk ended")

// A scriptRun is one run of a script: its engine run, its threads and what
// they share.
type scriptRun struct {
	run    *syncrt.Run
	opts   Options
	stdout *lockedWriter
	stderr *lockedWriter
	stdin  *stdin
	mem    *memLimit // nil without Options.MemoryLimit
	root   *handle   // the shared table every thread sees as shared
	ids    atomic.Int64
	names  weakMap[objectName] // *syncrt.Object → its objectName
	joins  sync.Map            // syncrt.ObjectRef → the tid of the thread it joins
	wg     sync.WaitGroup      // spawned threads' goroutines

	mu      sync.Mutex
	threads []*thread
}

func newRuntime(ctx context.Context, opts Options) *scriptRun {
	rt := &scriptRun{opts: opts, stdout: newLockedWriter(opts.Stdout), stderr: newLockedWriter(opts.Stderr)}
	maxThreads := opts.MaxThreads
	if maxThreads <= 0 {
		maxThreads = DefaultMaxThreads
	}
	rt.run = syncrt.NewRun(ctx, syncrt.Config{TimeLimit: opts.TimeLimit, MaxThreads: maxThreads, Describe: rt.describe, Joins: rt.joined, Observe: rt.observer(),
		LockOrder: opts.LockOrder, Stack: luaStack})
	rt.stdin = newStdin(opts.Stdin, rt.run.Done())
	if opts.MemoryLimit > 0 {
		rt.mem = newMemLimit(opts.MemoryLimit)
	}
	rt.root = rt.newHandle(kindShared)
	rt.root.tab = newSharedTable()
	return rt
}

// newHandle returns a handle with the run's next object id.
func (rt *scriptRun) newHandle(k kind) *handle {
	return &handle{id: rt.ids.Add(1), kind: k}
}

// name records how reports name an engine object: its id and text.
func (rt *scriptRun) name(o *syncrt.Object, id int64, text string) {
	rt.names.store(unsafe.Pointer(o), objectName{id, text})
}

// joined is syncrt's Config.Joins: the thread whose end p marks.
func (rt *scriptRun) joined(o syncrt.ObjectRef) (uint32, bool) {
	tid, ok := rt.joins.Load(o)
	if !ok {
		return 0, false
	}
	return tid.(uint32), true
}

// newThread registers a thread with the engine, spawned by parent (nil for
// the main chunk's, which starts at the default priority), and gives it the
// handle that joins it.
func (rt *scriptRun) newThread(parent *thread) (*thread, error) {
	var t *syncrt.Thread
	var err error
	if parent == nil {
		t, err = rt.run.NewThread()
	} else {
		t, err = parent.t.NewThread()
	}
	if err != nil {
		return nil, err
	}
	th := &thread{rt: rt, t: t, exited: make(chan struct{})}
	th.self = rt.newHandle(kindThread)
	th.self.th = th
	th.self.obj = syncrt.NewSemaphore(0)
	rt.name(th.self.obj, th.self.id, fmt.Sprintf("#%d (end of thread %d, joined)", th.self.id, t.Tid()))
	rt.joins.Store(syncrt.RefOf(th.self.obj), t.Tid())
	t.Data = th
	rt.mu.Lock()
	rt.threads = append(rt.threads, th)
	rt.mu.Unlock()
	return th, nil
}

// unreceived returns the errors of spawned threads that died of an
// uncaught error no join received (fail wrote each to Stderr already).
// Threads stopped by the run's end are not failures of their own.
func (rt *scriptRun) unreceived() error {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	var errs []error
	for _, th := range rt.threads[1:] {
		if th.failed && !th.stopped && !th.received.Load() {
			errs = append(errs, &ThreadError{Tid: th.t.Tid(), Message: th.errMsg, Traceback: th.traceback})
		}
	}
	return errors.Join(errs...)
}

// A lockedWriter serialises writes from the run's threads, so that each
// print's line stays whole.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func newLockedWriter(w io.Writer) *lockedWriter {
	if w == nil {
		w = io.Discard
	}
	return &lockedWriter{w: w}
}

func (lw *lockedWriter) Write(p []byte) (int, error) {
	lw.mu.Lock()
	defer lw.mu.Unlock()
	return lw.w.Write(p)
}

// summarize hands the run's summary to Options.Summary.
func (rt *scriptRun) summarize(start time.Time) {
	started, peak := rt.run.Threads()
	rt.opts.Summary(diag.Summary{Wall: time.Since(start), Threads: started, PeakLive: peak,
		PotentialDeadlocks: rt.run.PotentialDeadlocks()})
}
