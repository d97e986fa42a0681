package syncrt

import (
	"testing"
	"time"

	"github.com/wasync/wasync/abi"
)

// call is one wasync call as a binding makes it.
type call struct {
	name string
	do   func(*Thread, *Object) abi.Errno
}

func timed(name string, ns int64, f func(*Thread, *Object, int64) abi.Errno) call {
	return call{name, func(t *Thread, o *Object) abi.Errno { return f(t, o, ns) }}
}

var (
	lock      = call{"lockmutex", (*Thread).LockMutex}
	trylock   = call{"trylockmutex", (*Thread).TryLockMutex}
	timelock0 = timed("timelockmutex(0)", 0, (*Thread).TimeLockMutex)
	timelock1 = timed("timelockmutex(1s)", int64(time.Second), (*Thread).TimeLockMutex)
	timelockN = timed("timelockmutex(-1)", -1, (*Thread).TimeLockMutex)
	unlock    = call{"unlockmutex", (*Thread).UnlockMutex}
	acquire   = call{"acquiresemaphore", (*Thread).AcquireSemaphore}
	tacquire0 = timed("timeacquiresemaphore(0)", 0, (*Thread).TimeAcquireSemaphore)
	tacquireN = timed("timeacquiresemaphore(-1)", -1, (*Thread).TimeAcquireSemaphore)
	release   = call{"releasesemaphore", (*Thread).ReleaseSemaphore}

	mutexCalls = []call{lock, trylock, timelock0, timelock1, timelockN, unlock}
	semCalls   = []call{acquire, tacquire0, tacquireN, release}
)

const (
	mtx  = abi.MutexName
	sema = abi.SemaphoreName
)

// TestObjectAtEFAULT: a pointer that is not 4-aligned, or an object not
// wholly inside memory, is EFAULT.
func TestObjectAtEFAULT(t *testing.T) {
	mem := make([]byte, 64)
	for _, tc := range []struct {
		ptr  uint32
		want abi.Errno
	}{
		{0, 0}, {4, 0}, {48, 0},
		{1, abi.EFAULT}, {2, abi.EFAULT}, {47, abi.EFAULT},
		{52, abi.EFAULT}, {64, abi.EFAULT}, {0xFFFFFFFC, abi.EFAULT},
	} {
		o, e := ObjectAt(mem, tc.ptr)
		if e != tc.want || (e == 0) != (o != nil) {
			t.Errorf("ObjectAt(%d) = %v, %v; want errno %v", tc.ptr, o, e, tc.want)
		}
	}
	o, _ := ObjectAt(mem, 16)
	o.store(wOwner, 0xAABBCCDD)
	if mem[20] != 0xDD || mem[23] != 0xAA {
		t.Errorf("ObjectAt does not alias memory little-endian: % x", mem[20:24])
	}
}

// TestEINVAL: a wrong name, a recursive field other than 0/1, owner bits
// 29..30 or a negative timeout is EINVAL, before the object's state is
// looked at (most mutexes here are owned by live thread 2; some are free
// or the caller's, and negative timeouts are EINVAL on free objects too).
func TestEINVAL(t *testing.T) {
	bad := []struct {
		name string
		obj  func() *Object
		for_ []call
	}{
		{"zeroed", func() *Object { return &Object{} }, append(mutexCalls, semCalls...)},
		{"semaphore to mutex call", func() *Object { return semWords(1, 0) }, mutexCalls},
		{"mutex to semaphore call", func() *Object { return mutexWords(0, 0, 0) }, semCalls},
		{"recursive=2", func() *Object { return mutexWords(2, 2, 1) }, mutexCalls},
		{"recursive=0xFFFFFFFF", func() *Object { return mutexWords(2, 0xFFFFFFFF, 1) }, mutexCalls},
		// the fast paths check too: free, or held by the caller at depth 1
		{"recursive=2, free", func() *Object { return mutexWords(0, 2, 0) }, mutexCalls},
		{"recursive=2, the caller's", func() *Object { return mutexWords(1, 2, 1) }, mutexCalls},
		{"no name, the caller's", func() *Object { return &Object{w: [4]uint32{0, 1, 0, 1}} }, mutexCalls},
		{"owner bit 29", func() *Object { return mutexWords(2|1<<29, 0, 1) }, mutexCalls},
		{"owner bit 30", func() *Object { return mutexWords(2|1<<30, 1, 1) }, mutexCalls},
		{"negative timeout, free", func() *Object { return mutexWords(0, 0, 0) }, []call{timelockN}},
		// EINVAL comes before the state: not EDEADLK or EAGAIN for the owner
		{"negative timeout, owned by the caller", func() *Object { return mutexWords(1, 0, 1) }, []call{timelockN}},
		{"negative timeout, caller at max depth", func() *Object { return mutexWords(1, 1, abi.MaxCount) }, []call{timelockN}},
		{"negative timeout, no units", func() *Object { return semWords(0, 0) }, []call{tacquireN}},
		{"negative timeout, units", func() *Object { return semWords(5, 0) }, []call{tacquireN}},
		{"semaphore count past max", func() *Object { return semWords(0x80000000, 0) }, semCalls},
	}
	for _, tc := range bad {
		for _, c := range tc.for_ {
			t.Run(tc.name+"/"+c.name, func(t *testing.T) {
				h := newHarness(t)
				caller, _ := h.thread(), h.thread()
				o := tc.obj()
				before := words(o)
				expect(t, c.name, c.do(caller, o), abi.EINVAL)
				if words(o) != before {
					t.Errorf("object changed: %x → %x", before, words(o))
				}
			})
		}
	}
}

// TestMutexStates: each call's result and effect from each mutex state,
// called by thread 1 with thread 2 alive.
func TestMutexStates(t *testing.T) {
	const max = abi.MaxCount
	tests := []struct {
		name   string
		before [4]uint32
		c      call
		want   abi.Errno
		after  [4]uint32
	}{
		{"lock free", [4]uint32{mtx, 0, 0, 0}, lock, 0, [4]uint32{mtx, 1, 0, 1}},
		{"trylock free", [4]uint32{mtx, 0, 0, 0}, trylock, 0, [4]uint32{mtx, 1, 0, 1}},
		{"timelock(0) free", [4]uint32{mtx, 0, 1, 0}, timelock0, 0, [4]uint32{mtx, 1, 1, 1}},
		{"timelock(1s) free", [4]uint32{mtx, 0, 0, 0}, timelock1, 0, [4]uint32{mtx, 1, 0, 1}},
		{"lock relock non-recursive", [4]uint32{mtx, 1, 0, 1}, lock, abi.EDEADLK, [4]uint32{mtx, 1, 0, 1}},
		{"trylock relock non-recursive", [4]uint32{mtx, 1, 0, 1}, trylock, abi.EDEADLK, [4]uint32{mtx, 1, 0, 1}},
		{"timelock relock non-recursive", [4]uint32{mtx, 1, 0, 1}, timelock1, abi.EDEADLK, [4]uint32{mtx, 1, 0, 1}},
		{"lock relock recursive", [4]uint32{mtx, 1, 1, 1}, lock, 0, [4]uint32{mtx, 1, 1, 2}},
		{"trylock relock recursive", [4]uint32{mtx, 1, 1, 7}, trylock, 0, [4]uint32{mtx, 1, 1, 8}},
		{"timelock(0) relock recursive", [4]uint32{mtx, 1, 1, 7}, timelock0, 0, [4]uint32{mtx, 1, 1, 8}},
		{"relock at max depth", [4]uint32{mtx, 1, 1, max}, lock, abi.EAGAIN, [4]uint32{mtx, 1, 1, max}},
		{"relock one below max", [4]uint32{mtx, 1, 1, max - 1}, trylock, 0, [4]uint32{mtx, 1, 1, max}},
		{"unlock unlocked", [4]uint32{mtx, 0, 0, 0}, unlock, abi.EPERM, [4]uint32{mtx, 0, 0, 0}},
		{"unlock by non-owner", [4]uint32{mtx, 2, 1, 3}, unlock, abi.EPERM, [4]uint32{mtx, 2, 1, 3}},
		{"unlock nested", [4]uint32{mtx, 1, 1, 3}, unlock, 0, [4]uint32{mtx, 1, 1, 2}},
		{"unlock at depth 1", [4]uint32{mtx, 1, 1, 1}, unlock, 0, [4]uint32{mtx, 0, 1, 0}},
		{"trylock held", [4]uint32{mtx, 2, 0, 1}, trylock, abi.EBUSY, [4]uint32{mtx, 2, 0, 1}},
		{"timelock(0) held", [4]uint32{mtx, 2, 0, 1}, timelock0, abi.ETIMEDOUT, [4]uint32{mtx, 2, 0, 1}},
		{"lock never-issued owner", [4]uint32{mtx, 999, 0, 1}, lock, abi.EOWNERDEAD, [4]uint32{mtx, 1, 0, 1}},
		{"trylock never-issued owner", [4]uint32{mtx, 999, 1, 5}, trylock, abi.EOWNERDEAD, [4]uint32{mtx, 1, 1, 1}},
		{"timelock(0) never-issued owner", [4]uint32{mtx, 3, 0, 1}, timelock0, abi.EOWNERDEAD, [4]uint32{mtx, 1, 0, 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			caller, _ := h.thread(), h.thread()
			o := &Object{w: tc.before}
			expect(t, tc.c.name, tc.c.do(caller, o), tc.want)
			if got := words(o); got != tc.after {
				t.Errorf("words %x, want %x", got, tc.after)
			}
		})
	}
}

// TestSemaphoreStates: each call's result and effect, with no waiters.
func TestSemaphoreStates(t *testing.T) {
	const max = abi.MaxCount
	tests := []struct {
		name       string
		count      uint32
		c          call
		want       abi.Errno
		countAfter uint32
	}{
		{"acquire", 3, acquire, 0, 2},
		{"acquire at max", max, acquire, 0, max - 1},
		{"timeacquire(0) with units", 1, tacquire0, 0, 0},
		{"timeacquire(0) empty", 0, tacquire0, abi.ETIMEDOUT, 0},
		{"release", 0, release, 0, 1},
		{"release below max", max - 1, release, 0, max},
		{"release at max", max, release, abi.EOVERFLOW, max},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			s := semWords(tc.count, 0)
			expect(t, tc.c.name, tc.c.do(h.thread(), s), tc.want)
			if got := words(s); got != [4]uint32{sema, tc.countAfter, 0, 0} {
				t.Errorf("words %x, want count %d", got, tc.countAfter)
			}
		})
	}
}

// TestThreadIDs: tids are 1, 2, 3 …, never reused, and capped: by
// Config.MaxThreads, and always at the ABI's last tid, 0x1FFFFFFF.
func TestThreadIDs(t *testing.T) {
	h := newHarness(t)
	for want := uint32(1); want <= 3; want++ {
		th := h.thread()
		if th.Tid() != want {
			t.Fatalf("tid %d, want %d", th.Tid(), want)
		}
		th.Exit()
	}
	if th := h.thread(); th.Tid() != 4 {
		t.Fatalf("tid after exits = %d, want 4 (never reused)", th.Tid())
	}
	for _, max := range []int{0, int(abi.MaxTid) + 1, 1 << 40} { // no cap, or past the ABI's range
		r := NewRun(t.Context(), Config{MaxThreads: max})
		defer r.Stop(nil)
		r.lastTid = abi.MaxTid - 1
		if th, err := r.NewThread(); err != nil || th.Tid() != 0x1FFFFFFF {
			t.Fatalf("MaxThreads %d: last tid %v (%v), want 0x1FFFFFFF", max, th, err)
		}
		if _, err := r.NewThread(); err != ErrTooManyThreads {
			t.Fatalf("MaxThreads %d: a tid past 0x1FFFFFFF: err %v", max, err)
		}
	}
	r := NewRun(t.Context(), Config{MaxThreads: 2})
	defer r.Stop(nil)
	r.NewThread()
	r.NewThread()
	if _, err := r.NewThread(); err != ErrTooManyThreads {
		t.Fatalf("third thread of 2: err %v", err)
	}
}
