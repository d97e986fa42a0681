package wasmhost

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"testing"

	"github.com/wasync/wasync/abi"
)

// deepGuest recurses as deep as its _start says; in a spawned thread, it
// locks the mutex its argument points at and recurses without end.
func deepGuest(start string) string {
	return guest(`
	  (func $deep (param $n i32) (result i32)
	    (if (result i32) (i32.eqz (local.get $n)) (then (i32.const 0))
	      (else (i32.add (i32.const 1) (call $deep (i32.sub (local.get $n) (i32.const 1)))))))
	  (func (export "wasi_thread_start") (param i32 i32)
	    (drop (call $lock (local.get 1)))
	    (call $signal (i32.const 0))
	    (drop (call $deep (i32.const -1))))
	  ` + start)
}

// TestStackLimit: a recursion past the stack limit traps with
// ErrStackLimit, and raising the limit lets it through: 100,000 calls of a
// function of one parameter are 2.4 MB estimated, over the default.
func TestStackLimit(t *testing.T) {
	m := compile(t, newTestRuntime(t), deepGuest(
		`(func (export "_start") (call $exit (i32.ne (call $deep (i32.const 100000)) (i32.const 100000))))`))
	code, err := m.Run(context.Background())
	if code != ExitTrap || !errors.Is(err, ErrStackLimit) {
		t.Errorf("default limit: %d, %v; want a trap of ErrStackLimit", code, err)
	}
	if code, err := m.Run(context.Background(), WithStackLimit(4<<20)); code != 0 {
		t.Errorf("4 MiB: %d, %v; want 0", code, err)
	}
}

// TestConcurrentStackOverflows: threads recursing without end at once
// trap cheaply, each at its stack limit: wazero alone lets each stack grow
// to about 100 MB (32 threads: 3.3 GB). Each thread holds a mutex, so
// _start sees every trap as EOWNERDEAD.
func TestConcurrentStackOverflows(t *testing.T) {
	const threads = 8
	m := compile(t, newTestRuntime(t, WithConfinedTraps(true)), deepGuest(fmt.Sprintf(`
	  (func (export "_start") (local $i i32) (local $dead i32)
	    (call $init)
	    (loop $spawn
	      (i32.store (i32.add (i32.const 256) (i32.shl (local.get $i) (i32.const 4))) (i32.const 0x5854554D))
	      (drop (call $spawn (i32.add (i32.const 256) (i32.shl (local.get $i) (i32.const 4)))))
	      (br_if $spawn (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const %[1]d))))
	    (call $waitFor (i32.const 0) (i32.const %[1]d))
	    (local.set $i (i32.const 0))
	    (loop $join
	      (if (i32.eq (call $lock (i32.add (i32.const 256) (i32.shl (local.get $i) (i32.const 4)))) (i32.const %[2]d))
	        (then (local.set $dead (i32.add (local.get $dead) (i32.const 1)))))
	      (br_if $join (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const %[1]d))))
	    (call $exit (local.get $dead)))`, threads, abi.EOWNERDEAD)))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	code, err := m.Run(context.Background())
	runtime.ReadMemStats(&after)
	if code != threads {
		t.Fatalf("%d threads' traps seen, want %d (%v)", code, threads, err)
	}
	// About 2 MB a thread: wazero's stack of about DefaultStackLimit,
	// and the smaller ones it outgrew.
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 200<<20 {
		t.Errorf("the run allocated %d MB, want under 200", alloc>>20)
	}
}

// TestDefaultThreadCap: a guest that spawns until thread-spawn fails gets
// DefaultMaxThreads threads, _start included, under the defaults; a
// negative WithMaxThreads lifts the cap.
func TestDefaultThreadCap(t *testing.T) {
	m := compile(t, newTestRuntime(t), guest(`
	  (func (export "wasi_thread_start") (param i32 i32))
	  (func (export "_start") (local $n i32)
	    (loop $spawn
	      (if (i32.ge_s (call $spawn (i32.const 0)) (i32.const 0))
	        (then
	          (local.set $n (i32.add (local.get $n) (i32.const 1)))
	          (br_if $spawn (i32.lt_u (local.get $n) (i32.const 2000))))))
	    (call $exit (i32.div_u (local.get $n) (i32.const 10))))`))
	for _, c := range []struct {
		opts []Option
		want uint32
	}{
		{nil, (DefaultMaxThreads - 1) / 10},
		{[]Option{WithMaxThreads(-1)}, 200},
	} {
		if code, err := m.Run(context.Background(), c.opts...); code != c.want {
			t.Errorf("%d threads/10 spawned (%v), want %d", code, err, c.want)
		}
	}
}

// TestMemoryLimit: under WithMemoryLimit, thread-spawn fails once the
// memory's maximum and the live threads' reserves would pass it, and no
// memory may grow past it.
func TestMemoryLimit(t *testing.T) {
	rt := newTestRuntime(t, WithMemoryLimit(64<<20))
	// Spawned threads stay, blocked on the semaphore of no units.
	m := compile(t, rt, guest(`
	  (func (export "wasi_thread_start") (param i32 i32) (drop (call $acquire (i32.const 64))))
	  (func (export "_start") (local $n i32)
	    (call $init)
	    (loop $spawn
	      (if (i32.ge_s (call $spawn (i32.const 0)) (i32.const 0))
	        (then
	          (local.set $n (i32.add (local.get $n) (i32.const 1)))
	          (br $spawn))))
	    (call $exit (local.get $n)))`))
	// (64 MiB - 2 pages) / (2 MiB + 64 KiB) = 30 live threads, _start's
	// among them.
	if code, err := m.Run(context.Background()); code != 29 {
		t.Errorf("%d threads spawned (%v), want 29", code, err)
	}
	grow := `(module (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32))) (memory %s)
	  (func (export "_start") (call $exit (i32.eq (memory.grow (i32.const %d)) (i32.const -1)))))`
	if code, err := rt.Run(context.Background(), wat(t, fmt.Sprintf(grow, "1", 1023))); code != 0 {
		t.Errorf("growing to 64 MiB: %d (%v), want 0", code, err)
	}
	if code, err := rt.Run(context.Background(), wat(t, fmt.Sprintf(grow, "1", 1024))); code != 1 {
		t.Errorf("growing past 64 MiB: %d (%v), want 1 (memory.grow fails)", code, err)
	}
	if _, err := rt.Compile(context.Background(), wat(t, fmt.Sprintf(grow, "1025", 0))); err == nil {
		t.Error("a memory of 1025 pages compiled under a limit of 1024")
	}
}
