package syncrt

import (
	"unsafe"

	"github.com/wasync/wasync/abi"
)

// DestroyMutex ends o's life as a mutex (ABI 1.1, POSIX
// pthread_mutex_destroy): if no live thread owns it and none waits for
// it, its name word becomes 0, so every later call on it is EINVAL until
// it is laid out again. A mutex whose owner died holding it may be
// destroyed. It returns 0, EBUSY (o unchanged), or EINVAL as every mutex
// call checks.
//
// A guest's fast path never takes the run's lock, so the check and the
// clearing are made one step for it: destroy swaps the owner word it
// checked (0 or a dead tid) for the same word with the reserved bits set,
// which no compare-exchange from 0 matches and every host call refuses;
// only then does it clear the name and put the owner word back. A lock
// that lands before the swap makes the swap fail, so a live thread's
// mutex is never destroyed. What remains is a lock racing the destroy
// itself, which POSIX leaves undefined: a fast path that read the name
// before the destroy and swaps the owner word after it takes the
// destroyed object, and its host calls on it then say EINVAL.
func (t *Thread) DestroyMutex(o *Object) abi.Errno {
	if t.run.observe != nil {
		return t.observed(OpDestroyMutex, RefOf(o), func() abi.Errno { return t.destroyMutex(o) })
	}
	return t.destroyMutex(o)
}

func (t *Thread) destroyMutex(o *Object) abi.Errno {
	r := t.run
	r.mu.Lock()
	defer r.mu.Unlock()
	for {
		if e := o.checkMutex(); e != 0 {
			return e
		}
		w := o.load(wOwner)
		if owner := w & abi.OwnerTidMask; r.queues[unsafe.Pointer(o)] != nil || (owner != 0 && !r.dead(owner)) {
			return abi.EBUSY
		}
		if r.beforeFence != nil {
			r.beforeFence()
		}
		if o.cas(wOwner, w, w|abi.OwnerReserved) {
			o.store(wName, 0)
			o.store(wOwner, w)
			return 0
		}
	}
}

// DestroySemaphore ends s's life as a semaphore: if no thread waits in
// acquire, its name word becomes 0 and every later call on it is EINVAL.
// It returns 0, EBUSY (s unchanged), or EINVAL as every semaphore call
// checks. As for DestroyMutex, the count word is fenced while the name is
// cleared (set past abi.MaxCount, which no fast-path acquire takes from),
// so only an acquire racing the destroy itself may take a unit of the
// destroyed object.
func (t *Thread) DestroySemaphore(s *Object) abi.Errno {
	if t.run.observe != nil {
		return t.observed(OpDestroySemaphore, RefOf(s), func() abi.Errno { return t.destroySemaphore(s) })
	}
	return t.destroySemaphore(s)
}

func (t *Thread) destroySemaphore(s *Object) abi.Errno {
	r := t.run
	r.mu.Lock()
	defer r.mu.Unlock()
	for {
		if e := s.checkSemaphore(); e != 0 {
			return e
		}
		if r.queues[unsafe.Pointer(s)] != nil {
			return abi.EBUSY
		}
		n := s.load(wSCount)
		if r.beforeFence != nil {
			r.beforeFence()
		}
		if s.cas(wSCount, n, n|^abi.MaxCount) {
			s.store(wName, 0)
			s.store(wSCount, n)
			return 0
		}
	}
}
