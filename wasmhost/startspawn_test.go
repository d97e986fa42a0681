package wasmhost

import (
	"context"
	"errors"
	"testing"
	"time"
)

// spawningStart is a guest whose start section, which every thread's
// instance runs, spawns a thread: instantiating each new thread on the
// spawner's goroutine recursed until Go's stack limit killed the host.
const spawningStart = `(module (import "env" "memory" (memory 1 1 shared))
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (func $init (drop (call $spawn (i32.const 0)))) (start $init)
  (func (export "wasi_thread_start") (param i32 i32)) (func (export "_start")))`

// TestStartSectionSpawns: a start section that spawns ends like any run,
// through the embedding API's defaults, in both modes.
func TestStartSectionSpawns(t *testing.T) {
	for _, instrumented := range []bool{true, false} {
		rt := newTestRuntime(t, WithInstrumentation(instrumented))
		code, err := rt.Run(context.Background(), wat(t, spawningStart))
		if code != 0 || err != nil {
			t.Errorf("instrumented %v: status %d (%v), want 0", instrumented, code, err)
		}
	}
}

// spawnedStart is a guest whose start section does `spawned` in every
// thread but the first; its _start spawns one thread, then does `main`.
func spawnedStart(spawned, main string) string {
	return `(module (import "env" "memory" (memory 1 1 shared))
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "wasync" "acquiresemaphore" (func $acquire (param i32) (result i32)))
  (func $init
    (if (i32.atomic.rmw.add (i32.const 0) (i32.const 1)) (then ` + spawned + `)))
  (start $init)
  (func (export "wasi_thread_start") (param i32 i32))
  (func (export "_start")
    (i32.store (i32.const 16) (i32.const 0x414D4553)) ;; a semaphore of 0 units
    (if (i32.lt_s (call $spawn (i32.const 0)) (i32.const 0)) (then unreachable))
    ` + main + `))`
}

// TestSpawnedStartSection: what a spawned thread's start section does
// ends the run as the thread's code would, once thread-spawn has given
// its tid: proc_exit's status, a trap's, the all-blocked report when it
// blocks for good (the spawner used to count as running, and the run
// hung). The time limit only keeps a regression from hanging the test.
func TestSpawnedStartSection(t *testing.T) {
	const spin = `(loop $l (br $l))`
	const acquire = `(drop (call $acquire (i32.const 16)))`
	for _, tc := range []struct {
		name, spawned, main string
		want                uint32
	}{
		{"proc_exit", `(call $exit (i32.const 7))`, spin, 7},
		{"trap", `unreachable`, spin, ExitTrap},
		{"blocked for good", acquire, acquire, 86},
	} {
		for _, instrumented := range []bool{true, false} {
			if tc.want == 86 && !instrumented {
				continue // wasync calls block alike in both modes
			}
			rt := newTestRuntime(t, WithInstrumentation(instrumented))
			code, err := rt.Run(context.Background(), wat(t, spawnedStart(tc.spawned, tc.main)),
				WithTimeLimit(10*time.Second))
			if code != tc.want {
				t.Errorf("%s, instrumented %v: status %d (%v), want %d", tc.name, instrumented, code, err, tc.want)
			}
			var trap *TrapError
			if tc.want == ExitTrap && (!errors.As(err, &trap) || trap.Tid != 2) {
				t.Errorf("%s: err %v, want thread 2's trap", tc.name, err)
			}
		}
	}
}
