package syncrt

import (
	"time"

	"github.com/wasync/wasync/abi"
)

// A Thread is one guest thread of a run. Its methods must be called from one
// goroutine at a time: the thread's own. Exit is the exception: another
// goroutine may call it to end the thread alone (see Exit).
type Thread struct {
	run  *Run
	tid  uint32
	wake chan struct{} // one token: "look again"; spurious tokens are harmless

	// Guarded by run.mu; q != nil while the thread is queued, on object
	// obj (nil for a bare word), between prev and next.
	q          *queue
	obj        *Object
	kind       Kind
	prev, next *Thread
	base       uint8     // the priority SetPriority gave it (ABI 1.1)
	prio       uint8     // its effective priority and queue place: base raised by inheritance
	owned      []*queue  // the mutex queues whose holder it is: what it inherits from
	since      time.Time // when it joined the queue, for the starvation rule
	timed      bool
	parked     bool // parked and not yet woken
	granted    bool // handed the object; result says how
	result     abi.Errno
	unit       *Object // the semaphore whose unit t was granted, until its call returns
	exited     bool    // ended (Exit); a blocked call returns Stopped

	reason      Reason    // why the latest EDEADLK or EPERM
	contended   bool      // this call found its object taken; for Event
	contendedAt time.Time // and when, in an observed run
	held        held      // the lock-order check's (lockorder.go)

	// Data is the binding's own state for this thread, handed to its
	// observer with each event (Config.Observe). Set it before the thread
	// makes calls.
	Data any
}

// Tid is the thread's id.
func (t *Thread) Tid() uint32 { return t.tid }

// Run is the run the thread belongs to.
func (t *Thread) Run() *Run { return t.run }

// End ends the run with cause and then the thread: a thread whose end ends
// its run (a program's main thread, a thread calling exit) stops the run
// before it exits, so that its mutexes are not handed, dead-owned, to
// waiters that are about to stop. It returns what had already ended the
// run when End was called, nil if the run was still going (a Stop racing
// with End may then have given the run its cause instead).
func (t *Thread) End(cause error) (earlier error) {
	earlier = t.run.Err()
	t.run.Stop(cause)
	t.Exit()
	return earlier
}

// Exit ends the thread. Each mutex it still owns is dead-owned: if threads
// wait for it, the longest waiter is woken at once and gets it with
// EOWNERDEAD; otherwise the next locker does, finding the tid dead. After
// the run has ended no waiter is handed anything: each returns Stopped.
// Exit is idempotent.
//
// An embedder may end a thread alone by calling Exit from another
// goroutine: a call the thread is blocked in returns Stopped (even if it
// was handed its object in the meantime: a mutex is then dead-owned like
// the others, a semaphore's unit goes back), and any later call of the
// thread that would block returns Stopped at once. The binding should
// stop running the thread's code when it sees Stopped. Call it from
// outside only for a thread that is blocked or whose code no longer runs:
// the fast paths read no exit flag (it would cost every uncontended call),
// so a thread still running may take a free mutex or a unit after Exit,
// which others then find dead-owned.
func (t *Thread) Exit() {
	r := t.run
	r.mu.Lock()
	defer r.mu.Unlock()
	if t.exited {
		return
	}
	t.exited = true
	delete(r.live, t.tid)
	r.evict(t)
	if r.ctx.Err() != nil {
		return // waiters are being stopped; none may own anything new
	}
	for _, q := range r.queues {
		if q.kind == KindMutex {
			r.reviveDeadOwned((*Object)(q.key), q, t.tid)
		}
	}
	for len(t.owned) > 0 { // a guest rewrote an owner word: t holds it no more
		r.settle(t.owned[0])
	}
	r.checkAllBlocked()
}

// reviveDeadOwned hands o to its longest waiter with EOWNERDEAD if tid owns
// it. Under mu.
func (r *Run) reviveDeadOwned(o *Object, q *queue, tid uint32) {
	for {
		w := o.load(wOwner)
		if w&abi.OwnerTidMask != tid {
			return
		}
		if r.handOff(o, q, w, abi.EOWNERDEAD) {
			return
		}
	}
}

// evict ends the call an exited thread is blocked in, if any, from the
// goroutine of Exit: it leaves its queue (passing a wake-up on), stops
// counting as blocked, and is woken to return Stopped (see Run.sleep). A
// semaphore unit a release handed it before it could return goes back.
// Under mu.
func (r *Run) evict(t *Thread) {
	switch {
	case t.q != nil:
		r.leave(t)
	case t.granted && t.unit != nil:
		r.returnUnit(t.unit)
	}
	t.unit = nil
	r.wakeUp(t)
}
