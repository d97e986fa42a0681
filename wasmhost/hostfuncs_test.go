package wasmhost

import (
	"context"
	"strings"
	"testing"

	"github.com/wasync/wasync/abi"
)

// TestHostFunctionErrnos checks what each wasync function returns to a
// guest, including what the object words hold afterwards.
func TestHostFunctionErrnos(t *testing.T) {
	rt := newTestRuntime(t)
	tests := []struct {
		name string
		expr string // an i32 expression, the run's exit status
		want uint32
	}{
		{"lock", `(call $lock (i32.const 16))`, 0},
		{"lock sets owner to tid", `(block (result i32) (drop (call $lock (i32.const 16))) (i32.load (i32.const 20)))`, 1},
		{"lock sets count", `(block (result i32) (drop (call $lock (i32.const 16))) (i32.load (i32.const 28)))`, 1},
		{"relock non-recursive", `(block (result i32) (drop (call $lock (i32.const 16))) (call $lock (i32.const 16)))`, uint32(abi.EDEADLK)},
		{"relock recursive count", `(block (result i32) (drop (call $lock (i32.const 48))) (drop (call $lock (i32.const 48))) (i32.load (i32.const 60)))`, 2},
		{"misaligned", `(call $lock (i32.const 18))`, uint32(abi.EFAULT)},
		{"out of bounds", `(call $lock (i32.const 65528))`, uint32(abi.EFAULT)},
		{"last object in bounds, zeroed", `(call $lock (i32.const 65520))`, uint32(abi.EINVAL)},
		{"top of address space", `(call $lock (i32.const -4))`, uint32(abi.EFAULT)},
		{"grown memory is seen", `(block (result i32) (drop (memory.grow (i32.const 1))) (call $lock (i32.const 65552)))`, uint32(abi.EINVAL)},
		{"semaphore to lockmutex", `(call $lock (i32.const 32))`, uint32(abi.EINVAL)},
		{"mutex to acquiresemaphore", `(call $acquire (i32.const 16))`, uint32(abi.EINVAL)},
		{"trylock free", `(call $trylock (i32.const 16))`, 0},
		{"timelock negative", `(call $timelock (i32.const 16) (i64.const -1))`, uint32(abi.EINVAL)},
		{"timelock misaligned before negative", `(call $timelock (i32.const 17) (i64.const -1))`, uint32(abi.EFAULT)},
		{"timelock free, no wait", `(call $timelock (i32.const 16) (i64.const 0))`, 0},
		{"unlock unlocked", `(call $unlock (i32.const 16))`, uint32(abi.EPERM)},
		{"unlock after lock", `(block (result i32) (drop (call $lock (i32.const 16))) (call $unlock (i32.const 16)))`, 0},
		{"acquire takes a unit", `(block (result i32) (drop (call $acquire (i32.const 32))) (i32.load (i32.const 36)))`, 0},
		{"timeacquire empty", `(call $timeacquire (i32.const 64) (i64.const 0))`, uint32(abi.ETIMEDOUT)},
		{"timeacquire negative", `(call $timeacquire (i32.const 32) (i64.const -5))`, uint32(abi.EINVAL)},
		{"release adds a unit", `(block (result i32) (drop (call $release (i32.const 32))) (i32.load (i32.const 36)))`, 2},
		{"release overflow", `(call $release (i32.const 80))`, uint32(abi.EOVERFLOW)},
		{"gettid", `(call $gettid)`, 1},
		{"getpriority starts at the default", `(call $getprio)`, abi.DefaultPriority},
		{"setpriority", `(block (result i32) (drop (call $setprio (i32.const 255))) (call $getprio))`, 255},
		{"setpriority 0", `(call $setprio (i32.const 0))`, uint32(abi.EINVAL)},
		{"setpriority 256", `(call $setprio (i32.const 256))`, uint32(abi.EINVAL)},
		{"setpriority -1", `(call $setprio (i32.const -1))`, uint32(abi.EINVAL)},
		{"setpriority EINVAL keeps it", `(block (result i32) (drop (call $setprio (i32.const 3))) (drop (call $setprio (i32.const 0))) (call $getprio))`, 3},
		{"destroymutex free", `(call $destroymutex (i32.const 16))`, 0},
		{"destroymutex clears the name", `(block (result i32) (drop (call $destroymutex (i32.const 16))) (i32.load (i32.const 16)))`, 0},
		{"lock after destroymutex", `(block (result i32) (drop (call $destroymutex (i32.const 16))) (call $lock (i32.const 16)))`, uint32(abi.EINVAL)},
		{"destroymutex owned", `(block (result i32) (drop (call $lock (i32.const 16))) (call $destroymutex (i32.const 16)))`, uint32(abi.EBUSY)},
		{"destroymutex misaligned", `(call $destroymutex (i32.const 18))`, uint32(abi.EFAULT)},
		{"destroymutex out of bounds", `(call $destroymutex (i32.const 65528))`, uint32(abi.EFAULT)},
		{"destroymutex on a semaphore", `(call $destroymutex (i32.const 32))`, uint32(abi.EINVAL)},
		{"destroysemaphore", `(block (result i32) (drop (call $destroysem (i32.const 32))) (i32.load (i32.const 32)))`, 0},
		{"acquire after destroysemaphore", `(block (result i32) (drop (call $destroysem (i32.const 32))) (call $acquire (i32.const 32)))`, uint32(abi.EINVAL)},
		{"destroysemaphore on a mutex", `(call $destroysem (i32.const 16))`, uint32(abi.EINVAL)},
		{"destroysemaphore misaligned", `(call $destroysem (i32.const 33))`, uint32(abi.EFAULT)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := compile(t, rt, guest(startExits(tc.expr)))
			code, err := m.Run(context.Background())
			if err != nil || code != tc.want {
				t.Fatalf("got %d (%v), want %d", code, err, tc.want)
			}
		})
	}
}

// TestOwnMemory: a guest with its own, non-shared memory runs
// single-threaded; the sync calls work and thread-spawn fails.
func TestOwnMemory(t *testing.T) {
	rt := newTestRuntime(t)
	m := compile(t, rt, `(module
	  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
	  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
	  (import "wasync" "lockmutex" (func $lock (param i32) (result i32)))
	  (memory 1)
	  (data (i32.const 16) "MUTX")
	  (func (export "wasi_thread_start") (param i32 i32))
	  (func (export "_start")
	    (call $exit (i32.add
	      (i32.mul (call $lock (i32.const 16)) (i32.const 10))
	      (i32.lt_s (call $spawn (i32.const 0)) (i32.const 0))))))`)
	code, err := m.Run(context.Background())
	if err != nil || code != 1 {
		t.Fatalf("got %d (%v), want 1: lock 0 and spawn negative", code, err)
	}
}

// TestGrowthSeenByOtherThreads: a thread's wasync call sees memory that
// another thread grew after it started: the host reads the memory's
// current size at each call.
func TestGrowthSeenByOtherThreads(t *testing.T) {
	rt := newTestRuntime(t)
	m := compile(t, rt, guest(`
	  (func (export "wasi_thread_start") (param i32 i32)
	    (call $waitFor (i32.const 0) (i32.const 1))
	    (i32.store (i32.const 8) (call $lock (i32.const 65552)))
	    (call $signal (i32.const 4)))
	  (func (export "_start") (call $init)
	    (drop (call $spawn (i32.const 0)))
	    (drop (memory.grow (i32.const 1)))
	    (i32.store (i32.const 65552) (i32.const 0x5854554D)) ;; MUTX in page 2
	    (call $signal (i32.const 0))
	    (call $waitFor (i32.const 4) (i32.const 1))
	    (call $exit (i32.load (i32.const 8))))`))
	code, err := m.Run(context.Background(), WithTimeLimit(guardLimit))
	if err != nil || code != 0 {
		t.Fatalf("got %d (%v), want 0: thread 2 locked the mutex in the new page", code, err)
	}
}

// TestOwnMemoryAllBlocked: a single thread blocked for good on its own
// memory's semaphore ends the run, the report naming the object by its
// guest address.
func TestOwnMemoryAllBlocked(t *testing.T) {
	rt := newTestRuntime(t)
	m := compile(t, rt, `(module
	  (import "wasync" "acquiresemaphore" (func $acquire (param i32) (result i32)))
	  (memory 1)
	  (data (i32.const 64) "SEMA")
	  (func (export "_start") (drop (call $acquire (i32.const 64)))))`)
	var stderr strings.Builder
	code, err := m.Run(context.Background(), WithStderr(&stderr))
	if code != abi.ExitAllBlocked || err == nil || !strings.Contains(err.Error(), "thread 1 waits for semaphore 0x40") {
		t.Fatalf("got %d (%v), stderr %q", code, err, stderr.String())
	}
}
