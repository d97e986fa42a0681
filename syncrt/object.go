package syncrt

import (
	"sync/atomic"
	"unsafe"

	"github.com/wasync/wasync/abi"
)

// Object is a mutex or a semaphore: four little-endian 32-bit words as the
// ABI lays them out. Its address is its identity: wait queues are keyed by
// it, so an Object must not move while the run uses it (guest memory and
// Go-allocated cells both stay put).
type Object struct {
	w [abi.ObjectSize / 4]uint32
}

// Word indexes, from the ABI's byte offsets.
const (
	wName      = abi.MutexOffName / 4
	wOwner     = abi.MutexOffOwner / 4
	wRecursive = abi.MutexOffRecursive / 4
	wMCount    = abi.MutexOffCount / 4
	wSCount    = abi.SemaphoreOffCount / 4
	wWaiters   = abi.SemaphoreOffWaiters / 4
)

// ObjectAt returns the Object at byte address ptr of a guest memory, or
// EFAULT when ptr is not 4-aligned or the object is not wholly inside mem.
// The host is little-endian, as wasm is, so the words need no swapping.
func ObjectAt(mem []byte, ptr uint32) (*Object, abi.Errno) {
	if ptr%abi.ObjectAlign != 0 || uint64(ptr)+abi.ObjectSize > uint64(len(mem)) {
		return nil, abi.EFAULT
	}
	return (*Object)(unsafe.Pointer(&mem[ptr])), 0
}

// NewMutex returns a host-allocated unlocked mutex.
func NewMutex(recursive bool) *Object {
	o := &Object{}
	o.w[wName] = abi.MutexName
	if recursive {
		o.w[wRecursive] = abi.RecursiveYes
	}
	return o
}

// NewSemaphore returns a host-allocated semaphore holding n units; n must
// not exceed abi.MaxCount.
func NewSemaphore(n uint32) *Object {
	o := &Object{}
	o.w[wName] = abi.SemaphoreName
	o.w[wSCount] = n
	return o
}

// Word atomically reads the raw field at byte offset off (one of the abi
// offsets), for tests of the ABI's layout. To learn an object's state, use
// the typed accessors below: they decode the words as the ABI says.
func (o *Object) Word(off uint32) uint32 { return o.load(int(off / 4)) }

// Kind is what o's name word says it is now: KindMutex, KindSemaphore, or
// 0 for anything else (zeroed or garbage memory).
func (o *Object) Kind() Kind {
	switch o.load(wName) {
	case abi.MutexName:
		return KindMutex
	case abi.SemaphoreName:
		return KindSemaphore
	}
	return 0
}

// Owner is a mutex's owner tid, 0 when it is unlocked. The WAITERS bit is
// not part of it.
func (o *Object) Owner() uint32 { return o.load(wOwner) & abi.OwnerTidMask }

// Recursive reports whether a mutex may be relocked by its owner.
func (o *Object) Recursive() bool { return o.load(wRecursive) == abi.RecursiveYes }

// Depth is a mutex's lock depth: how many unlocks free it, 0 when unlocked.
func (o *Object) Depth() uint32 { return o.load(wMCount) }

// Count is a semaphore's units available.
func (o *Object) Count() uint32 { return o.load(wSCount) }

// Waiters is a semaphore's waiters word: the threads in an acquire that
// found no unit (see the package doc).
func (o *Object) Waiters() uint32 { return o.load(wWaiters) }

func (o *Object) load(i int) uint32             { return atomic.LoadUint32(&o.w[i]) }
func (o *Object) store(i int, v uint32)         { atomic.StoreUint32(&o.w[i], v) }
func (o *Object) cas(i int, old, v uint32) bool { return atomic.CompareAndSwapUint32(&o.w[i], old, v) }

// checkMutex applies the ABI's EINVAL rules for a mutex.
func (o *Object) checkMutex() abi.Errno {
	if o.load(wName) != abi.MutexName || o.load(wRecursive) > abi.RecursiveYes ||
		o.load(wOwner)&abi.OwnerReserved != 0 {
		return abi.EINVAL
	}
	return 0
}

// checkSemaphore applies the ABI's EINVAL rules for a semaphore; a count
// outside 0..MaxCount is garbage, also EINVAL.
func (o *Object) checkSemaphore() abi.Errno {
	if o.load(wName) != abi.SemaphoreName || o.load(wSCount) > abi.MaxCount {
		return abi.EINVAL
	}
	return 0
}
