package wasmhost

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestStartSectionEndsRun: a module's start section runs as thread 1, so
// a run it ends has that end's status, not ExitHostError: proc_exit's
// code, the all-blocked report, the time limit.
func TestStartSectionEndsRun(t *testing.T) {
	const head = `(module
	  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
	  (import "wasync" "acquiresemaphore" (func $acquire (param i32) (result i32)))
	  (memory (export "memory") 1)
	  (data (i32.const 16) "SEMA")
	  (func (export "_start"))`
	for _, tc := range []struct {
		name, start string
		want        uint32
		opts        []RunOption
	}{
		{"proc_exit", `(func $init (call $exit (i32.const 3))) (start $init))`, 3, nil},
		{"blocked for good", `(func $init (drop (call $acquire (i32.const 16)))) (start $init))`, 86, nil},
		{"time limit", `(func $init (loop $l (br $l))) (start $init))`, ExitTimeLimit,
			[]RunOption{WithTimeLimit(100 * time.Millisecond)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rt := newTestRuntime(t)
			code, err := rt.Run(context.Background(), wat(t, head+tc.start), tc.opts...)
			if code != tc.want {
				t.Fatalf("status %d (%v), want %d", code, err, tc.want)
			}
			if tc.want == ExitTimeLimit && !errors.Is(err, ErrTimeLimit) {
				t.Fatalf("err %v, want ErrTimeLimit", err)
			}
		})
	}
}

// TestOwnSharedMemoryWaitEnds: uninstrumented, a guest with a shared memory
// of its own that parks in wazero's wait32 still ends at the time limit.
func TestOwnSharedMemoryWaitEnds(t *testing.T) {
	rt := newTestRuntime(t, WithInstrumentation(false))
	m := wat(t, `(module (memory 1 1 shared)
	  (func (export "_start") (drop (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const -1)))))`)
	code, err := rt.Run(context.Background(), m, WithTimeLimit(100*time.Millisecond))
	if code != ExitTimeLimit || !errors.Is(err, ErrTimeLimit) {
		t.Fatalf("status %d, %v; want the time limit", code, err)
	}
}
