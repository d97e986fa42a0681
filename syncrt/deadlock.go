package syncrt

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// closesCycle reports whether t waiting for a mutex owned by owner would
// close a cycle of threads each waiting for a mutex the next one owns. It
// walks the chain from owner once, into r.walk: the chain inheritance
// follows too, so t's queueing boosts along it without a second walk (or
// finds r.walk empty if t closes a cycle and must not queue). Under mu.
func (r *Run) closesCycle(t *Thread, owner uint32) bool {
	r.walk = slices.AppendSeq(r.walk[:0], r.chain(r.live[owner]))
	if slices.Contains(r.walk, t) {
		r.walk = r.walk[:0]
		return true
	}
	return false
}

// An AllBlockedError ends a run in which every live thread is blocked in a
// wasync call with no timeout: nothing can ever wake them.
type AllBlockedError struct {
	Threads []BlockedThread // in tid order
}

// BlockedThread is one thread of an all-blocked report.
type BlockedThread struct {
	Tid       uint32
	Semaphore bool   // waits for a semaphore
	Wait      bool   // waits in Wait32 or Wait64 on a bare word
	Object    string // the object or word, as Config.Describe names it
	Owner     uint32 // a mutex's owner tid, 0 if none
	Joins     uint32 // the thread whose end the semaphore marks (Config.Joins), 0 if none
}

func (e *AllBlockedError) Error() string {
	var b strings.Builder
	if len(e.Threads) == 1 {
		b.WriteString("the only thread is blocked with no timeout:")
	} else {
		fmt.Fprintf(&b, "all %d threads are blocked with no timeout:", len(e.Threads))
	}
	for _, bt := range e.Threads {
		switch {
		case bt.Joins != 0:
			fmt.Fprintf(&b, "\n  thread %d waits to join thread %d", bt.Tid, bt.Joins)
			continue
		case bt.Semaphore:
			fmt.Fprintf(&b, "\n  thread %d waits for semaphore %s (no units)", bt.Tid, bt.Object)
			continue
		case bt.Wait:
			fmt.Fprintf(&b, "\n  thread %d waits in memory.atomic.wait at %s (no notify can come)", bt.Tid, bt.Object)
			continue
		}
		owner := "no owner"
		if bt.Owner != 0 {
			owner = fmt.Sprintf("owned by thread %d", bt.Owner)
		}
		fmt.Fprintf(&b, "\n  thread %d waits for mutex %s (%s)", bt.Tid, bt.Object, owner)
	}
	return b.String()
}

// checkAllBlocked ends the run with an *AllBlockedError when every live
// thread is parked with no timeout. Under mu.
func (r *Run) checkAllBlocked() {
	if r.blocked == 0 || r.blocked < len(r.live) || r.ctx.Err() != nil {
		return
	}
	e := &AllBlockedError{}
	for _, t := range r.live {
		bt := BlockedThread{Tid: t.tid, Semaphore: t.kind == KindSemaphore, Wait: t.kind == KindWord,
			Object: r.describe(t.q.ref())}
		if t.kind == KindMutex {
			bt.Owner = t.obj.Owner()
		}
		if bt.Semaphore && r.joins != nil {
			bt.Joins, _ = r.joins(t.q.ref())
		}
		e.Threads = append(e.Threads, bt)
	}
	slices.SortFunc(e.Threads, func(a, b BlockedThread) int { return cmp.Compare(a.Tid, b.Tid) })
	r.cancel(e)
}
