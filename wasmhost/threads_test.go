package wasmhost

import (
	"context"
	"testing"

	"github.com/wasync/wasync/abi"
)

// TestThreadSpawnIds: thread-spawn returns 2, 3, 4 in order, each thread
// starts with its tid and start_arg, and gettid agrees with its tid.
func TestThreadSpawnIds(t *testing.T) {
	rt := newTestRuntime(t)
	m := compile(t, rt, guest(`
	  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
	    ;; word 200 sums tid*arg when gettid agrees, 1000 when it does not
	    (drop (i32.atomic.rmw.add (i32.const 200)
	      (select (i32.mul (local.get $tid) (local.get $arg)) (i32.const 1000)
	        (i32.eq (local.get $tid) (call $gettid)))))
	    (call $signal (i32.const 0)))
	  (func (export "_start") (local $a i32) (local $b i32) (local $c i32) (call $init)
	    (local.set $a (call $spawn (i32.const 1)))
	    (local.set $b (call $spawn (i32.const 10)))
	    (local.set $c (call $spawn (i32.const 100)))
	    (call $waitFor (i32.const 0) (i32.const 3))
	    ;; 2*1 + 3*10 + 4*100 = 432, then the tids as digits
	    (call $exit (i32.add (i32.mul (i32.atomic.load (i32.const 200)) (i32.const 1000))
	      (i32.add (i32.mul (local.get $a) (i32.const 100))
	        (i32.add (i32.mul (local.get $b) (i32.const 10)) (local.get $c))))))`))
	code, err := m.Run(context.Background())
	if err != nil || code != 432234 {
		t.Fatalf("got %d (%v), want 432234", code, err)
	}
}

// TestMaxThreads: past WithMaxThreads, thread-spawn returns a negative
// error, and the run goes on.
func TestMaxThreads(t *testing.T) {
	rt := newTestRuntime(t, WithMaxThreads(5)) // the run's option overrides it
	m := compile(t, rt, guest(`
	  (func (export "wasi_thread_start") (param i32 i32))
	  (func (export "_start") (call $init)
	    (call $exit (i32.add (i32.mul (call $spawn (i32.const 0)) (i32.const 10))
	      (i32.lt_s (call $spawn (i32.const 0)) (i32.const 0)))))`))
	code, err := m.Run(context.Background(), WithMaxThreads(2))
	if err != nil || code != 21 {
		t.Fatalf("got %d (%v), want 21: tid 2, then a negative result", code, err)
	}
}

// TestThreadReturnKeepsRunning: returning from wasi_thread_start ends only
// that thread; the run goes on until _start returns (status 0).
func TestThreadReturnKeepsRunning(t *testing.T) {
	rt := newTestRuntime(t)
	m := compile(t, rt, guest(`
	  (func (export "wasi_thread_start") (param i32 i32) (call $signal (i32.const 0)))
	  (func (export "_start") (call $init)
	    (drop (call $spawn (i32.const 0)))
	    (call $waitFor (i32.const 0) (i32.const 1))
	    (drop (call $spawn (i32.const 0)))
	    (call $waitFor (i32.const 0) (i32.const 2)))`))
	code, err := m.Run(context.Background())
	if err != nil || code != 0 {
		t.Fatalf("got %d (%v), want 0", code, err)
	}
}

// TestTimedLockThroughHost: a timelockmutex on a mutex another thread owns
// waits, and gets it when released (even with the largest timeout), or
// times out.
func TestTimedLockThroughHost(t *testing.T) {
	rt := newTestRuntime(t)
	tests := []struct {
		name    string
		timeout string
		release bool // thread 2 unlocks once _start is queued
		want    uint32
	}{
		{"released", "0x7fffffffffffffff", true, 0},
		{"times out", "1000000", false, uint32(abi.ETIMEDOUT)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			release := "(drop (memory.atomic.wait32 (i32.const 4) (i32.const 0) (i64.const -1)))"
			if tc.release {
				release = `(loop $queued
				  (if (i32.eqz (i32.and (i32.atomic.load (i32.const 20)) (i32.const 0x80000000)))
				    (then (drop (memory.atomic.wait32 (i32.const 4) (i32.const 0) (i64.const 100000)))
				          (br $queued))))
				(drop (call $unlock (i32.const 16)))`
			}
			m := compile(t, rt, guest(`
			  (func (export "wasi_thread_start") (param i32 i32)
			    (drop (call $lock (i32.const 16)))
			    (call $signal (i32.const 0))
			    `+release+`)
			  (func (export "_start") (call $init)
			    (drop (call $spawn (i32.const 0)))
			    (call $waitFor (i32.const 0) (i32.const 1))
			    (call $exit (call $timelock (i32.const 16) (i64.const `+tc.timeout+`))))`))
			code, err := m.Run(context.Background(), WithTimeLimit(guardLimit))
			if err != nil || code != tc.want {
				t.Fatalf("got %d (%v), want %d", code, err, tc.want)
			}
		})
	}
}
