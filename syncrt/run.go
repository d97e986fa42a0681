package syncrt

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/wasync/wasync/abi"
)

// Stopped is what a call returns when the run ended while it was blocked, or
// before it would block. It is not one of the ABI's results: a binding that
// sees it ends the calling thread, and Run.Err says why the run ended.
const Stopped = abi.ECANCELED

// ErrTooManyThreads is returned by NewThread past Config.MaxThreads or past
// the ABI's tid range.
var ErrTooManyThreads = errors.New("syncrt: too many threads")

// ErrTimeLimit is the cause of a run that reached Config.TimeLimit.
var ErrTimeLimit = errors.New("time limit exceeded")

// Config configures a Run. The zero value is ready to use.
type Config struct {
	// Clock gives the run its time; nil means RealClock.
	Clock Clock
	// TimeLimit, if positive, ends the run with ErrTimeLimit once that
	// much wall-clock time has passed since NewRun.
	TimeLimit time.Duration
	// MaxThreads caps the threads ever created in the run; 0 means the
	// ABI's whole tid range.
	MaxThreads int
	// Describe names an object or waited word in reports (a guest
	// address, a Lua object id); nil prints the host address.
	Describe func(ObjectRef) string
	// Joins, when set, reports whether the semaphore at an address is the
	// one a binding releases when thread tid ends, so that an all-blocked
	// report says "waits to join thread tid".
	Joins func(ObjectRef) (tid uint32, ok bool)
	// Observe, when set, is told of every finished call, on the calling
	// thread's goroutine (keep it quick; it must not call the run), with
	// the calling Thread's Data: the binding's own state for the thread,
	// for what only the binding knows (the guest's call stack). An
	// observed call reads the clock twice when contended, not otherwise.
	Observe func(e Event, caller any)
	// LockOrder turns on the lock-order check (see LockOrder): each
	// mutex call then goes through the engine's slow path.
	LockOrder LockOrder
	// Stack, when set, gives the calling thread's call stack, innermost
	// first, from its Data, for the lock-order report: asked only when a
	// lock adds an order the run has not seen, so it may be slow.
	Stack func(caller any) []string
}

// A Run is one program run: its threads, its wait queues, its clock and its
// end. Every method is safe for concurrent use.
type Run struct {
	ctx      context.Context
	cancel   context.CancelCauseFunc
	stopTime context.CancelFunc // releases the time limit's timer
	clock    Clock
	describe func(ObjectRef) string
	joins    func(ObjectRef) (uint32, bool)
	observe  func(Event, any)
	order    *lockOrder // nil: lock order not checked
	hooked   bool       // observed or order-checked: mutex calls take hooked
	maxTid   uint32
	spin     bool // spinning can pay: more than one P
	// prioritised is set once a thread's priority is not the default:
	// from then on whether a newcomer may take an object freed for its
	// queue's head turns on priorities, decided under mu (mayTake), and
	// the paths outside mu stop barging. Until then every priority is
	// equal and they barge as under ABI 1.0, at no cost.
	prioritised atomic.Bool

	// mu guards the fields below and every Thread's waiter fields. It is
	// taken only on slow paths: an uncontended call never touches it.
	mu      sync.Mutex
	lastTid uint32
	live    map[uint32]*Thread
	peak    int                       // the most threads alive at once
	queues  map[unsafe.Pointer]*queue // mutexes and semaphores
	words   map[unsafe.Pointer]*queue // bare words (Wait32, Wait64)
	// walk is the owner → waits-for chain a lock that must wait collected
	// from its mutex's owner (closesCycle), for the settle of its queueing
	// to boost along (reprioritise) instead of walking it again; empty at
	// every other time. Its array is reused: no allocation per lock.
	walk []*Thread
	// blocked counts live threads parked with no timeout and not yet woken;
	// when it reaches len(live), nothing can ever wake them.
	blocked int
	// waiting counts threads inside Wait32/Wait64, read without mu by
	// Notify.
	waiting atomic.Int32
	// onPark, when set by a test, is told of each park under mu.
	onPark func(*Thread)
	// beforeAdd, when set by a test, runs in a release that found no
	// waiters, before it adds the unit: the window its second look at
	// waiters closes.
	beforeAdd func()
	// beforeFence, when set by a test, runs in a destroy between its check
	// of the object and the swap that fences the guest's fast path out.
	beforeFence func()
	// onGive, when set by a test, is told under mu of each mutex or unit
	// the engine gives a thread while others wait in q (nil if none).
	onGive func(t *Thread, q *queue)
	// onStep, when set by a test, is told under mu of each thread a walk
	// of an owner → waits-for chain reaches (chain).
	onStep func(*Thread)
}

// NewRun starts a run that ends when ctx is cancelled, Stop is called or all
// its threads block for good. Call Stop when the run is over to release it.
func NewRun(ctx context.Context, cfg Config) *Run {
	r := &Run{
		clock:    cfg.Clock,
		describe: cfg.Describe,
		joins:    cfg.Joins,
		observe:  cfg.Observe,
		maxTid:   abi.MaxTid,
		spin:     runtime.GOMAXPROCS(0) > 1,
		live:     map[uint32]*Thread{},
		queues:   map[unsafe.Pointer]*queue{},
		words:    map[unsafe.Pointer]*queue{},
	}
	r.stopTime = func() {}
	if cfg.TimeLimit > 0 {
		ctx, r.stopTime = context.WithTimeoutCause(ctx, cfg.TimeLimit, ErrTimeLimit)
	}
	r.ctx, r.cancel = context.WithCancelCause(ctx)
	if r.clock == nil {
		r.clock = RealClock{}
	}
	if r.describe == nil {
		r.describe = func(o ObjectRef) string { return fmt.Sprintf("%#x", o.Addr()) }
	}
	r.order = newLockOrder(cfg, r.describe)
	r.hooked = r.observe != nil || r.order != nil
	if cfg.MaxThreads > 0 && uint64(cfg.MaxThreads) < uint64(abi.MaxTid) {
		r.maxTid = uint32(cfg.MaxThreads)
	}
	return r
}

// Stop ends the run with cause (nil means context.Canceled): every blocked
// call returns Stopped promptly. Only the first cause is kept.
func (r *Run) Stop(cause error) {
	r.cancel(cause)
	r.stopTime()
}

// Done is closed when the run has ended.
func (r *Run) Done() <-chan struct{} { return r.ctx.Done() }

// Err is nil while the run goes on, then why it ended: the context's cause,
// the cause given to Stop, or an *AllBlockedError.
func (r *Run) Err() error {
	if r.ctx.Err() == nil {
		return nil
	}
	return context.Cause(r.ctx)
}

// Context is the run's context, cancelled when the run ends.
func (r *Run) Context() context.Context { return r.ctx }

// Clock is the run's clock.
func (r *Run) Clock() Clock { return r.clock }

// NewThread registers a live thread with the next tid: 1 for the first,
// then 2, 3, …, never reused. It starts at abi.DefaultPriority: use it for
// a run's first thread, and Thread.NewThread for the threads a thread
// spawns.
func (r *Run) NewThread() (*Thread, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.newThread(abi.DefaultPriority)
}

// NewThread registers a live thread of t's run, as Run.NewThread does, for
// a thread that t spawns: it starts at t's base priority now, as the ABI
// says of thread-spawn.
func (t *Thread) NewThread() (*Thread, error) {
	r := t.run
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.newThread(t.base)
}

// newThread registers a thread of base priority base. Under mu.
func (r *Run) newThread(base uint8) (*Thread, error) {
	if r.lastTid >= r.maxTid {
		return nil, ErrTooManyThreads
	}
	r.lastTid++
	t := &Thread{run: r, tid: r.lastTid, wake: make(chan struct{}, 1), base: base, prio: base}
	r.live[t.tid] = t
	r.peak = max(r.peak, len(r.live))
	return t, nil
}

// Threads reports how many threads the run has started, and the most that
// were alive at once: a run's summary.
func (r *Run) Threads() (started, peakLive int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return int(r.lastTid), r.peak
}

// Queues reports how many wait queues exist: one per object or word that a
// thread waits on now. An uncontended object never has one, so after the
// last waiter leaves this is 0: the engine keeps no state for objects.
func (r *Run) Queues() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.queues) + len(r.words)
}

// dead reports whether tid names no live thread: it ended, or was never
// issued. Under mu.
func (r *Run) dead(tid uint32) bool { return r.live[tid] == nil }
