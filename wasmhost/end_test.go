package wasmhost

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/wasync/wasync/abi"
	"github.com/wasync/wasync/syncrt"
	"github.com/wasync/wasync/wasmhost/internal/instrument"
)

// guardLimit is a time limit that only a hung run reaches: a test that
// gets ExitTimeLimit instead of its status failed to end the run promptly.
const guardLimit = 20 * time.Second

// TestProcExitFromThreadEndsBlockedThreads: proc_exit in a spawned thread
// ends the run while _start is parked in wait32 with no timeout, thread 2
// is blocked in lockmutex and thread 3 in acquiresemaphore.
func TestProcExitFromThreadEndsBlockedThreads(t *testing.T) {
	rt := newTestRuntime(t)
	m := compile(t, rt, guest(`
	  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
	    (if (i32.eq (local.get $arg) (i32.const 1))
	      (then (drop (call $lock (i32.const 16))) (unreachable)))
	    (if (i32.eq (local.get $arg) (i32.const 2))
	      (then (drop (call $acquire (i32.const 64))) (unreachable)))
	    ;; thread 4: once thread 2 is queued on the mutex (WAITERS set)...
	    (loop $queued
	      (if (i32.eqz (i32.and (i32.atomic.load (i32.const 20)) (i32.const 0x80000000)))
	        (then (drop (memory.atomic.wait32 (i32.const 4) (i32.const 0) (i64.const 1000000)))
	              (br $queued))))
	    (call $exit (i32.const 7)))
	  (func (export "_start") (call $init)
	    (drop (call $lock (i32.const 16)))
	    (drop (call $spawn (i32.const 1)))
	    (drop (call $spawn (i32.const 2)))
	    (drop (call $spawn (i32.const 3)))
	    (drop (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const -1)))
	    (unreachable))`))
	code, err := m.Run(context.Background(), WithTimeLimit(guardLimit))
	if err != nil || code != 7 {
		t.Fatalf("got %d (%v), want 7", code, err)
	}
}

// TestDeadOwner: a mutex whose owner returned from wasi_thread_start goes
// to the next locker with EOWNERDEAD.
func TestDeadOwner(t *testing.T) {
	rt := newTestRuntime(t)
	m := compile(t, rt, guest(`
	  (func (export "wasi_thread_start") (param i32 i32)
	    (drop (call $lock (i32.const 16)))
	    (call $signal (i32.const 0)))
	  (func (export "_start") (call $init)
	    (drop (call $spawn (i32.const 0)))
	    (call $waitFor (i32.const 0) (i32.const 1))
	    (call $exit (call $lock (i32.const 16))))`))
	code, err := m.Run(context.Background(), WithTimeLimit(guardLimit))
	if err != nil || code != uint32(abi.EOWNERDEAD) {
		t.Fatalf("got %d (%v), want EOWNERDEAD", code, err)
	}
}

// trapWithLock is a guest whose thread 2 locks the mutex, lets _start know
// and traps; _start then locks the mutex and exits with the errno.
var trapWithLock = guest(`
  (func $fail (unreachable))
  (func (export "wasi_thread_start") (param i32 i32)
    (drop (call $lock (i32.const 16)))
    (call $signal (i32.const 0))
    (call $fail))
  (func (export "_start") (call $init)
    (drop (call $spawn (i32.const 0)))
    (call $waitFor (i32.const 0) (i32.const 1))
    (call $exit (call $lock (i32.const 16))))`)

// TestTrapEndsRun: a trap in a thread ends the run with ExitTrap and an
// error naming the thread, with the wasm stack.
func TestTrapEndsRun(t *testing.T) {
	rt := newTestRuntime(t)
	m := compile(t, rt, trapWithLock)
	code, err := m.Run(context.Background(), WithTimeLimit(guardLimit))
	var trap *TrapError
	if code != ExitTrap || !errors.As(err, &trap) || trap.Tid != 2 {
		t.Fatalf("got %d (%v), want ExitTrap and a TrapError of thread 2", code, err)
	}
	for _, s := range []string{"thread 2", "unreachable", "wasm stack trace", ".fail()"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error lacks %q: %v", s, err)
		}
	}
}

// TestConfinedTrap: with WithConfinedTraps, the trapping thread ends alone
// and its mutex is dead-owned, so _start gets it with EOWNERDEAD.
func TestConfinedTrap(t *testing.T) {
	rt := newTestRuntime(t)
	m := compile(t, rt, trapWithLock)
	var stderr bytes.Buffer
	code, err := m.Run(context.Background(), WithConfinedTraps(true), WithStderr(&stderr), WithTimeLimit(guardLimit))
	if err != nil || code != uint32(abi.EOWNERDEAD) {
		t.Fatalf("got %d (%v), want EOWNERDEAD", code, err)
	}
	if !strings.Contains(stderr.String(), "thread 2 trapped") {
		t.Errorf("stderr does not report the trap: %q", &stderr)
	}
}

// TestAllBlocked: when every live thread is blocked for good in a wasync
// call, the run ends with abi.ExitAllBlocked and a report, its error,
// naming each thread, its object and the owner; the host prints nothing.
func TestAllBlocked(t *testing.T) {
	rt := newTestRuntime(t)
	m := compile(t, rt, guest(`
	  (func (export "wasi_thread_start") (param i32 i32)
	    (drop (call $lock (i32.const 48)))
	    (call $signal (i32.const 0))
	    (drop (call $lock (i32.const 16)))
	    ;; never reached, not even when _start's end dead-owns the mutex
	    (i32.store (i32.const 100) (i32.const 200))
	    (i32.store (i32.const 104) (i32.const 4))
	    (drop (call $write (i32.const 1) (i32.const 100) (i32.const 1) (i32.const 120)))
	    (unreachable))
	  (func (export "_start") (call $init)
	    (drop (call $lock (i32.const 16)))
	    (drop (call $spawn (i32.const 0)))
	    (call $waitFor (i32.const 0) (i32.const 1))
	    (drop (call $acquire (i32.const 64)))
	    (unreachable))`))
	var stdout, stderr bytes.Buffer
	code, err := m.Run(context.Background(), WithStdout(&stdout), WithStderr(&stderr), WithTimeLimit(guardLimit))
	if stdout.Len() > 0 {
		t.Errorf("a thread ran on after the run ended: stdout %q", &stdout)
	}
	var blocked *syncrt.AllBlockedError
	if code != abi.ExitAllBlocked || !errors.As(err, &blocked) || len(blocked.Threads) != 2 {
		t.Fatalf("got %d (%v), want ExitAllBlocked with 2 threads", code, err)
	}
	for _, s := range []string{"thread 1 waits for semaphore 0x40", "thread 2 waits for mutex 0x10 (owned by thread 1)"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("report lacks %q:\n%v", s, err)
		}
	}
	if stderr.Len() > 0 {
		t.Errorf("the host wrote to stderr: %q", &stderr)
	}
}

// TestTimeLimit: a run that would not end by itself ends at its time limit,
// whether busy (instrumented or not) or parked in wazero's own wait32
// (uninstrumented: instrumented, that run is all-blocked, see
// TestWait32IsBlocked).
func TestTimeLimit(t *testing.T) {
	busy := `(loop (br 0))`
	for _, c := range []struct {
		name       string
		instrument bool
		body       string
	}{
		{"busy", true, busy},
		{"busy_uninstrumented", false, busy},
		{"wait32_uninstrumented", false, `(drop (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const -1)))`},
	} {
		t.Run(c.name, func(t *testing.T) {
			rt := newTestRuntime(t, WithInstrumentation(c.instrument))
			m := compile(t, rt, guest(`(func (export "wasi_thread_start") (param i32 i32))
			  (func (export "_start") (call $init) `+c.body+`)`))
			code, err := m.Run(context.Background(), WithTimeLimit(50*time.Millisecond))
			if code != ExitTimeLimit || !errors.Is(err, ErrTimeLimit) {
				t.Fatalf("got %d (%v), want ExitTimeLimit", code, err)
			}
		})
	}
}

// cancelOnWrite cancels a context at the guest's first write.
type cancelOnWrite func()

func (c cancelOnWrite) Write(p []byte) (int, error) { c(); return len(p), nil }

// TestContextCancel: cancelling the run's context ends it with
// ExitCanceled, here while the guest is blocked in lockmutex (thread 2)
// and parked in wait32 (_start).
func TestContextCancel(t *testing.T) {
	rt := newTestRuntime(t)
	m := compile(t, rt, guest(`
	  (func (export "wasi_thread_start") (param i32 i32)
	    (drop (call $lock (i32.const 16))))
	  (func (export "_start") (call $init)
	    (drop (call $lock (i32.const 16)))
	    (drop (call $spawn (i32.const 0)))
	    (loop $queued
	      (if (i32.eqz (i32.and (i32.atomic.load (i32.const 20)) (i32.const 0x80000000)))
	        (then (drop (memory.atomic.wait32 (i32.const 4) (i32.const 0) (i64.const 1000000)))
	              (br $queued))))
	    (i32.store (i32.const 100) (i32.const 200)) ;; a one-byte iovec
	    (i32.store (i32.const 104) (i32.const 1))
	    (drop (call $write (i32.const 1) (i32.const 100) (i32.const 1) (i32.const 120)))
	    (drop (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const -1))))`))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	code, err := m.Run(ctx, WithStdout(cancelOnWrite(cancel)), WithTimeLimit(guardLimit))
	if code != ExitCanceled || !errors.Is(err, context.Canceled) {
		t.Fatalf("got %d (%v), want ExitCanceled", code, err)
	}
}

// wait32Forever: thread 2 owns a mutex and parks in wait32 with no timeout
// while _start waits for the mutex.
const wait32Forever = `
	  (func (export "wasi_thread_start") (param i32 i32)
	    (drop (call $lock (i32.const 16)))
	    (call $signal (i32.const 0))
	    (drop (memory.atomic.wait32 (i32.const 4) (i32.const 0) (i64.const -1))))
	  (func (export "_start") (call $init)
	    (drop (call $spawn (i32.const 0)))
	    (call $waitFor (i32.const 0) (i32.const 1))
	    (drop (call $lock (i32.const 16))))`

// TestWait32IsBlocked: instrumented, a thread in wait32 with no timeout is
// blocked for good in the engine's wait queue, so a run whose other thread
// waits for its mutex is reported as all-blocked instead of hanging, with
// the guest's frames (the host function that replaced wait32 is the line's
// own subject, not a frame).
func TestWait32IsBlocked(t *testing.T) {
	rt := newTestRuntime(t)
	m := compile(t, rt, guest(wait32Forever))
	code, err := m.Run(context.Background(), WithTimeLimit(guardLimit))
	var blocked *syncrt.AllBlockedError
	if code != abi.ExitAllBlocked || !errors.As(err, &blocked) || len(blocked.Threads) != 2 {
		t.Fatalf("got %d (%v), want ExitAllBlocked with 2 threads", code, err)
	}
	for _, s := range []string{"thread 1 waits for mutex 0x10 (owned by thread 2)", "thread 2 waits in memory.atomic.wait at 0x4"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("report lacks %q:\n%v", s, err)
		}
	}
	if !strings.Contains(err.Error(), "at 0x4 (no notify can come)\n    in ") ||
		strings.Contains(err.Error(), instrument.HostModule) {
		t.Errorf("the wait32 thread's frames are missing or name the host function:\n%v", err)
	}
}

// TestWait32IsNotBlockedUninstrumented: without instrumentation, a thread
// parked in wazero's wait32 counts as live and not blocked (the host cannot
// see it), so the same run ends at its time limit instead.
func TestWait32IsNotBlockedUninstrumented(t *testing.T) {
	rt := newTestRuntime(t, WithInstrumentation(false))
	m := compile(t, rt, guest(wait32Forever))
	code, err := m.Run(context.Background(), WithTimeLimit(100*time.Millisecond))
	if code != ExitTimeLimit || !errors.Is(err, ErrTimeLimit) {
		t.Fatalf("got %d (%v), want ExitTimeLimit", code, err)
	}
}
