package wasmhost

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// TestCompileRefuses: modules the host cannot run are refused at Compile
// (or Run) with a clear error.
func TestCompileRefuses(t *testing.T) {
	rt := newTestRuntime(t)
	tests := []struct{ name, src, errHas string }{
		{"spawn without wasi_thread_start", `(module
		  (import "wasi" "thread-spawn" (func (param i32) (result i32)))
		  (func (export "_start")))`, "wasi_thread_start(i32, i32)"},
		{"wasi_thread_start of the wrong type", `(module
		  (import "wasi" "thread-spawn" (func (param i32) (result i32)))
		  (func (export "wasi_thread_start") (param i32))
		  (func (export "_start")))`, "wasi_thread_start(i32, i32)"},
		{"memory and functions from one module", `(module
		  (import "wasync" "gettid" (func (result i32)))
		  (import "wasync" "memory" (memory 1 1 shared))
		  (func (export "_start")))`, "from one module"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := rt.Compile(context.Background(), wat(t, tc.src))
			if err == nil || !strings.Contains(err.Error(), tc.errHas) {
				t.Fatalf("err = %v, want one containing %q", err, tc.errHas)
			}
		})
	}
	// A module without _start compiles (Instantiate calls its exports),
	// but does not run.
	if code, err := rt.Run(context.Background(), wat(t, `(module (func (export "main")))`)); code != ExitHostError ||
		err == nil || !strings.Contains(err.Error(), "no _start") {
		t.Fatalf("Run without _start: got %d (%v), want ExitHostError", code, err)
	}
	if code, err := rt.Run(context.Background(), []byte("not wasm")); code != ExitHostError || err == nil {
		t.Fatalf("Run of garbage: got %d (%v), want ExitHostError", code, err)
	}
}

// TestCancelledBeforeStart: a run whose context is already cancelled ends
// at once with ExitCanceled.
func TestCancelledBeforeStart(t *testing.T) {
	rt := newTestRuntime(t)
	m := compile(t, rt, guest(startExits(`(i32.const 3)`)))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	code, err := m.Run(ctx)
	if code != ExitCanceled || !errors.Is(err, context.Canceled) {
		t.Fatalf("got %d (%v), want ExitCanceled", code, err)
	}
}

// TestMainTrapEndsRunEvenConfined: a trap in _start ends the run, confined
// or not.
func TestMainTrapEndsRunEvenConfined(t *testing.T) {
	rt := newTestRuntime(t)
	m := compile(t, rt, guest(`(func (export "wasi_thread_start") (param i32 i32))
	  (func (export "_start") (unreachable))`))
	code, err := m.Run(context.Background(), WithConfinedTraps(true))
	var trap *TrapError
	if code != ExitTrap || !errors.As(err, &trap) || trap.Tid != 1 {
		t.Fatalf("got %d (%v), want ExitTrap in thread 1", code, err)
	}
}
