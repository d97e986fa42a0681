package syncrt

import (
	"context"
	"sync"
	"testing"
	"unsafe"

	"github.com/wasync/wasync/abi"
)

// FuzzEngine drives random calls on random word contents from three
// threads, with the guest fast path, raw guest writes, priorities and
// destroys mixed in. The
// engine must never panic or hang, must return only the ABI's errnos, and
// when every thread is done no queue may be left and no waiter counted.
//
//	go test -fuzz=FuzzEngine ./syncrt
func FuzzEngine(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
	f.Add([]byte("\x00\x10\x20\x30\x40\x50\x61\x71\x81\x91\xa1\xb1"))
	f.Add([]byte{0x03, 0x13, 0x23, 0x0b, 0x1b, 0x2b, 0x08, 0x18})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 512 {
			data = data[:512]
		}
		objs := [2]*Object{NewMutex(false), NewSemaphore(1)}
		garbage := false
		if len(data) >= 8 { // seed the words from the input
			objs[0].w[1] = uint32(data[0]) | uint32(data[1])<<24
			objs[0].w[2] = uint32(data[2] & 3)
			objs[1].w[1] = uint32(data[3])
			garbage = objs[0].w[1]&abi.OwnerWaiters != 0
			data = data[4:]
		}
		r := NewRun(context.Background(), Config{})
		defer r.Stop(nil)
		const threads = 3
		ths := make([]*Thread, threads)
		for i := range ths {
			ths[i], _ = r.NewThread()
		}
		var wg sync.WaitGroup
		for i, th := range ths {
			wg.Go(func() {
				for j := i; j < len(data); j += threads {
					if e := fuzzOp(th, objs, data[j]); !abiResult[e] {
						t.Errorf("op %#x returned %v", data[j], e)
					}
				}
				th.Exit()
			})
		}
		wg.Wait()
		if len(r.queues) != 0 || len(r.words) != 0 || r.blocked != 0 || r.waiting.Load() != 0 {
			t.Fatalf("queues %d+%d, blocked %d after every thread ended", len(r.queues), len(r.words), r.blocked)
		}
		for _, th := range ths {
			if len(th.owned) != 0 {
				t.Fatalf("thread %d still holds %d queues after every thread ended", th.tid, len(th.owned))
			}
		}
		if garbage || scribbled(data) { // a guest's raw writes may leave any words
			return
		}
		if o := objs[0]; o.checkMutex() == 0 && o.load(wOwner)&abi.OwnerWaiters != 0 {
			t.Fatalf("WAITERS left set with no waiter: %x", words(o))
		}
		if s := objs[1]; s.checkSemaphore() == 0 && s.load(wWaiters) != 0 {
			t.Fatalf("semaphore waiters left %d", s.load(wWaiters))
		}
	})
}

func scribbled(ops []byte) bool {
	for _, op := range ops {
		if op&15 == 9 {
			return true
		}
	}
	return false
}

var abiResult = map[abi.Errno]bool{
	0: true, abi.EAGAIN: true, abi.EBUSY: true, abi.EDEADLK: true, abi.EINVAL: true,
	abi.EOVERFLOW: true, abi.EOWNERDEAD: true, abi.EPERM: true, abi.ETIMEDOUT: true,
}

// fuzzOp runs the call that op encodes: low 4 bits the call, bit 4 the
// object, high bits a timeout or a value to write. Blocking calls get short
// timeouts so the fuzzer cannot hang on a lock no one will release.
func fuzzOp(th *Thread, objs [2]*Object, op byte) abi.Errno {
	o := objs[op>>4&1]
	ns := int64(op>>5) * 20_000
	switch op & 15 {
	case 0, 1:
		return th.TimeLockMutex(o, ns)
	case 2:
		return th.TryLockMutex(o)
	case 3, 4:
		return th.UnlockMutex(o)
	case 5:
		return th.TimeAcquireSemaphore(o, ns)
	case 6:
		return th.ReleaseSemaphore(o)
	case 7:
		guestLock(o, th.tid)
	case 8:
		guestUnlock(o, th.tid)
	case 9: // a guest scribbles on a field
		o.store(int(op>>5)&3, uint32(op)<<24|uint32(op))
	case 10:
		return th.TimeLockMutex(o, -1)
	case 11: // restore a valid mutex or semaphore name
		o.store(wName, [2]uint32{abi.MutexName, abi.SemaphoreName}[op>>4&1])
	case 12:
		takeUnit(o)
	case 13: // a guest's wait on a field, as the instrumenting pass serves it
		th.Wait32(&o.w[op>>5&3], uint32(op>>7), ns)
	case 14:
		th.run.Notify(unsafe.Pointer(&o.w[op>>5&3]), uint32(op>>7)+1)
	default: // ABI 1.1's calls beside a non-blocking acquire
		switch op >> 5 {
		case 4, 5:
			return th.SetPriority(int(op>>6&1)*40 + int(op>>4&1) + 5)
		case 6:
			return th.DestroyMutex(o)
		case 7:
			return th.DestroySemaphore(o)
		}
		return th.TimeAcquireSemaphore(o, 0)
	}
	return 0
}
