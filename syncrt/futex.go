package syncrt

import (
	"sync/atomic"
	"unsafe"

	"github.com/wasync/wasync/abi"
)

// WaitResult is what memory.atomic.wait32 and wait64 return to a guest.
type WaitResult uint32

// The results of a wait, numbered as WebAssembly's threads proposal does.
const (
	WaitOK       WaitResult = 0 // woken by a notify
	WaitNotEqual WaitResult = 1 // the word did not hold the expected value
	WaitTimedOut WaitResult = 2
)

// Wait32 serves memory.atomic.wait32 on word: if it holds expected, t
// waits until a Notify on the word, timeout nanoseconds (Forever: no
// limit; the instruction's negative timeout is Forever) or the end of the
// run (errno Stopped). A negative timeout is EINVAL, as in every call of
// the API. Waiting here, unlike in
// wazero's own wait32, can be ended by the run and counts as blocked for
// the all-blocked report.
func (t *Thread) Wait32(word *uint32, expected uint32, timeout int64) (WaitResult, abi.Errno) {
	return t.observedWait(unsafe.Pointer(word), func() bool { return atomic.LoadUint32(word) == expected }, timeout)
}

// Wait64 serves memory.atomic.wait64 as Wait32 does wait32.
func (t *Thread) Wait64(word *uint64, expected uint64, timeout int64) (WaitResult, abi.Errno) {
	return t.observedWait(unsafe.Pointer(word), func() bool { return atomic.LoadUint64(word) == expected }, timeout)
}

// waitErrno is how an Event reports each WaitResult.
var waitErrno = [...]abi.Errno{WaitOK: 0, WaitNotEqual: abi.EAGAIN, WaitTimedOut: abi.ETIMEDOUT}

func (t *Thread) observedWait(key unsafe.Pointer, equal func() bool, timeout int64) (WaitResult, abi.Errno) {
	if t.run.observe == nil {
		return t.wait(key, equal, timeout)
	}
	var res WaitResult
	var errno abi.Errno
	t.observed(OpWait, wordRef(key), func() abi.Errno {
		res, errno = t.wait(key, equal, timeout)
		if errno != 0 {
			return errno
		}
		return waitErrno[res]
	})
	return res, errno
}

// wait parks t on the word at key if equal holds. It counts itself in
// r.waiting before it reads the word, and a notifier's guest stored the
// word before Notify reads r.waiting: one sees the other (see Notify), so
// a notify that finds no waiter may skip the run's lock without losing a
// wake-up. The word is compared once, before t queues: from then on only
// a notify, the timeout or the run's end ends the wait, as in wasm.
func (t *Thread) wait(key unsafe.Pointer, equal func() bool, timeout int64) (WaitResult, abi.Errno) {
	if timeout < 0 {
		return WaitOK, abi.EINVAL
	}
	r := t.run
	r.mu.Lock()
	defer r.mu.Unlock()
	r.waiting.Add(1)
	defer r.waiting.Add(-1)
	compared := false
	e := r.park(t, key, KindWord, timeout, func() (abi.Errno, bool) {
		switch {
		case compared:
			return 0, false
		case !equal():
			return abi.EAGAIN, true
		case timeout == 0:
			return abi.ETIMEDOUT, true
		}
		compared = true
		t.markContended()
		return 0, false
	})
	switch e {
	case 0:
		return WaitOK, 0
	case abi.EAGAIN:
		return WaitNotEqual, 0
	case abi.ETIMEDOUT:
		return WaitTimedOut, 0
	}
	return WaitOK, e
}

// Notify serves memory.atomic.notify: it wakes up to count threads waiting
// on the word at addr, longest waiter first, and returns how many it woke.
func (r *Run) Notify(addr unsafe.Pointer, count uint32) uint32 {
	if r.waitingFenced() == 0 {
		return 0
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	n := uint32(0)
	for ; n < count; n++ {
		q := r.words[addr]
		if q == nil {
			break
		}
		r.grant(q.head, 0)
	}
	return n
}

// waitingFenced reads r.waiting with a full fence: a locked read-modify-
// write, not a plain load. The guest may have stored the waited word with
// a plain i32.store, which on x86 can still sit in the store buffer when a
// plain load of r.waiting runs: the waiter would read the old word and
// park while Notify saw no waiter. The fence drains the guest's store
// first, as the wasm memory model requires (store sequenced before
// notify). It costs a few nanoseconds on a notify with no waiter
// (BENCHMARKS.md).
func (r *Run) waitingFenced() int32 { return r.waiting.Add(0) }
