package syncrt

import (
	"time"

	"github.com/wasync/wasync/abi"
)

// A Thread is one guest thread of a run. Its methods must be called from one
// goroutine at a time: the thread's own.
type Thread struct {
	run  *Run
	tid  uint32
	wake chan struct{} // one token: "look again"; spurious tokens are harmless

	// Guarded by run.mu; q != nil while the thread is queued, on object
	// obj (nil for a bare word).
	q       *queue
	obj     *Object
	kind    Kind
	next    *Thread
	since   time.Time // when it joined the queue, for the starvation rule
	timed   bool
	parked  bool // parked and not yet woken
	granted bool // handed the object; result says how
	result  abi.Errno
	exited  bool

	reason      Reason    // why the latest EDEADLK or EPERM
	contended   bool      // this call found its object taken; for Event
	contendedAt time.Time // and when, in an observed run

	// Data is the binding's own state for this thread, handed to its
	// observer with each event (Config.Observe). Set it before the thread
	// makes calls.
	Data any
}

// Tid is the thread's id.
func (t *Thread) Tid() uint32 { return t.tid }

// Run is the run the thread belongs to.
func (t *Thread) Run() *Run { return t.run }

// Exit ends the thread. Each mutex it still owns is dead-owned: if threads
// wait for it, the longest waiter is woken at once and gets it with
// EOWNERDEAD; otherwise the next locker does, finding the tid dead. After
// the run has ended no waiter is handed anything: each returns Stopped.
// Exit is idempotent.
func (t *Thread) Exit() {
	r := t.run
	r.mu.Lock()
	defer r.mu.Unlock()
	if t.exited {
		return
	}
	t.exited = true
	delete(r.live, t.tid)
	if r.ctx.Err() != nil {
		return // waiters are being stopped; none may own anything new
	}
	for _, q := range r.queues {
		if q.kind == KindMutex {
			r.reviveDeadOwned((*Object)(q.key), q, t.tid)
		}
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
