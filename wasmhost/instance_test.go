package wasmhost

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
)

func reactor(t *testing.T, rt *Runtime) *Module {
	t.Helper()
	wasm, err := os.ReadFile("../testdata/reactor.wasm")
	if err != nil {
		t.Fatal(err)
	}
	m, err := rt.Compile(context.Background(), wasm)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestInstanceEnds: proc_exit and a trap in a call end the Instance with
// the status Run would give; later calls get the same error; the memory
// stays readable until Close. A confined trap ends only its call.
func TestInstanceEnds(t *testing.T) {
	ctx := context.Background()
	rt := newTestRuntime(t)
	m := reactor(t, rt)
	for _, tc := range []struct {
		name     string
		call     string
		opts     []RunOption
		code     uint32
		goesOn   bool
		trapText string
	}{
		{"exit", "exit", nil, 3, false, ""},
		{"trap", "trap", nil, ExitTrap, false, "unreachable"},
		{"confined trap", "trap", []RunOption{WithConfinedTraps(true)}, 0, true, "unreachable"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			inst, err := m.Instantiate(ctx, tc.opts...)
			if err != nil {
				t.Fatal(err)
			}
			defer inst.Close(ctx)
			if _, err := inst.Call(ctx, "add", 5); err != nil {
				t.Fatal(err)
			}
			var params []uint64
			if tc.call == "exit" {
				params = []uint64{3}
			}
			_, err = inst.Call(ctx, tc.call, params...)
			var ended *EndedError
			var trap *TrapError
			switch {
			case tc.goesOn:
				if !errors.As(err, &trap) || inst.Err() != nil {
					t.Fatalf("got %v (instance: %v), want a TrapError and the instance alive", err, inst.Err())
				}
			case !errors.As(err, &ended) || ended.Code != tc.code || !strings.Contains(err.Error(), tc.trapText):
				t.Fatalf("got %v, want an EndedError with status %d", err, tc.code)
			}
			_, err = inst.Call(ctx, "add", 1)
			if tc.goesOn != (err == nil) {
				t.Fatalf("call after: %v", err)
			}
			if word, ok := inst.Memory().Read(32, 1); !ok || word[0] != map[bool]byte{false: 5, true: 6}[tc.goesOn] {
				t.Fatalf("memory after: %v %v", word, ok)
			}
		})
	}
}

// TestInstanceOwnMemory: a guest with a memory of its own has one
// instance; calls take turns on it and see each other's writes.
func TestInstanceOwnMemory(t *testing.T) {
	ctx := context.Background()
	rt := newTestRuntime(t)
	m := compile(t, rt, `(module
	  (import "wasync" "gettid" (func $tid (result i32)))
	  (memory 1)
	  (func (export "bump") (result i32)
	    (i32.store (i32.const 0) (i32.add (i32.load (i32.const 0)) (call $tid)))
	    (i32.load (i32.const 0)))
	  (func (export "trap") unreachable))`)
	inst, err := m.Instantiate(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer inst.Close(ctx)
	for want := uint64(1); want <= 3; want++ {
		res, err := inst.Call(ctx, "bump")
		if err != nil || res[0] != want {
			t.Fatalf("bump = %v (%v), want %d", res, err, want)
		}
	}
	if _, err := inst.Call(ctx, "nope"); err == nil || !strings.Contains(err.Error(), `no function "nope"`) {
		t.Fatalf("unknown export: %v", err)
	}
	if _, err := inst.Call(ctx, "bump", 1); err == nil || !strings.Contains(err.Error(), "takes 0 parameters") || inst.Err() != nil {
		t.Fatalf("wrong parameters: %v (instance: %v)", err, inst.Err())
	}
	if _, err := inst.Call(ctx, "trap"); err == nil || inst.Err() == nil {
		t.Fatalf("trap: %v (instance: %v), want the instance ended", err, inst.Err())
	}
	if b, ok := inst.Memory().Read(0, 1); !ok || b[0] != 3 {
		t.Fatalf("own memory after the end: %v %v, want 3 (thread 1 three times)", b, ok)
	}
}

// TestInstanceStart: a program's _start called through an Instance ends it
// with its status, and its memory can be read afterwards.
func TestInstanceStart(t *testing.T) {
	ctx := context.Background()
	rt := newTestRuntime(t)
	m := compile(t, rt, guest(`(func (export "wasi_thread_start") (param i32 i32))
	  (func (export "_start") (i32.store (i32.const 64) (i32.const 42)) (call $exit (i32.const 0)))`))
	inst, err := m.Instantiate(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer inst.Close(ctx)
	_, err = inst.Call(ctx, "_start")
	var ended *EndedError
	if !errors.As(err, &ended) || ended.Code != 0 {
		t.Fatalf("_start: %v, want an EndedError with status 0", err)
	}
	if b, ok := inst.Memory().Read(64, 1); !ok || b[0] != 42 {
		t.Fatalf("memory after _start: %v %v", b, ok)
	}
}

// TestInstanceThreadCap: each Call on a shared-memory Instance is a thread
// of its own, so an Instance's default cap is the whole tid range, not
// DefaultMaxThreads (which would end it at its 1001st call); an explicit
// WithMaxThreads still caps it.
func TestInstanceThreadCap(t *testing.T) {
	ctx := context.Background()
	rt := newTestRuntime(t)
	m := reactor(t, rt)
	for _, tc := range []struct {
		name  string
		opts  []RunOption
		calls int
		fails bool
	}{
		{"default", nil, DefaultMaxThreads + 1, false},
		{"capped", []RunOption{WithMaxThreads(3)}, 3, true}, // _initialize is the first
	} {
		t.Run(tc.name, func(t *testing.T) {
			inst, err := m.Instantiate(ctx, tc.opts...)
			if err != nil {
				t.Fatal(err)
			}
			defer inst.Close(ctx)
			for i := range tc.calls - 1 {
				if _, err := inst.Call(ctx, "add", 1); err != nil {
					t.Fatalf("call %d: %v", i+1, err)
				}
			}
			if _, err := inst.Call(ctx, "add", 1); (err != nil) != tc.fails {
				t.Fatalf("call %d: %v, want failure %v", tc.calls, err, tc.fails)
			}
		})
	}
}
