package wasmhost

import (
	"context"
	"fmt"
	"testing"

	"github.com/tetratelabs/wazero/api"
)

// benchBodies are loop bodies, each a list of i32 expressions whose
// results the guest ORs together and exits with (0 = every call succeeded).
var benchBodies = []struct{ name, exprs string }{
	{"empty-loop", ``},
	{"2-empty-host-calls", `(call $nop (i32.const 16)) (call $nop (i32.const 16))`},
	// gettid finds the calling thread in the call's context: the lookup
	// every wasync call pays.
	{"2-gettid", `(i32.and (call $gettid) (i32.const 0)) (i32.and (call $gettid) (i32.const 0))`},
	{"lock+unlock-host", `(call $lock (i32.const 16)) (call $unlock (i32.const 16))`},
	// The ABI's fast path: cmpxchg owner 0→tid, count = 1; then count = 0,
	// cmpxchg owner tid→0.
	{"lock+unlock-fastpath", `
	  (i32.atomic.rmw.cmpxchg (i32.const 20) (i32.const 0) (i32.const 1))
	  (block (result i32) (i32.atomic.store (i32.const 28) (i32.const 1)) (i32.const 0))
	  (block (result i32) (i32.atomic.store (i32.const 28) (i32.const 0)) (i32.const 0))
	  (i32.xor (i32.atomic.rmw.cmpxchg (i32.const 20) (i32.const 1) (i32.const 0)) (i32.const 1))`},
}

// benchModule loops n times over exprs, in a guest of one thread.
func benchModule(n int, exprs string) string {
	ors := ""
	for range countExprs(exprs) {
		ors += `(local.set $e (i32.or (local.get $e)))`
	}
	return fmt.Sprintf(`(module
	  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
	  (import "wasync" "lockmutex" (func $lock (param i32) (result i32)))
	  (import "wasync" "unlockmutex" (func $unlock (param i32) (result i32)))
	  (import "wasync" "gettid" (func $gettid (result i32)))
	  (import "bench" "nop" (func $nop (param i32) (result i32)))
	  (memory (import "env" "memory") 1 1 shared)
	  (func (export "_start") (local $i i32) (local $e i32)
	    (i32.store (i32.const 16) (i32.const 0x5854554D)) ;; MUTX
	    (local.set $i (i32.const %d))
	    (loop $l
	      %s %s
	      (br_if $l (local.tee $i (i32.sub (local.get $i) (i32.const 1)))))
	    (call $exit (local.get $e))))`, n, exprs, ors)
}

// countExprs counts the top-level parenthesised expressions in s.
func countExprs(s string) int {
	n, depth := 0, 0
	for _, c := range s {
		switch c {
		case '(':
			if depth == 0 {
				n++
			}
			depth++
		case ')':
			depth--
		}
	}
	return n
}

// BenchmarkHostCall measures one loop iteration of each body in a guest:
// an uncontended lockmutex+unlockmutex through the host beside two empty
// host calls of the same shape, and the ABI's fast path beside the bare
// loop (which includes the check instrumentation adds at the loop header;
// BenchmarkLoops compares the ways of stopping loops).
func BenchmarkHostCall(b *testing.B) {
	rt := newTestRuntime(b)
	_, err := rt.wz.NewHostModuleBuilder("bench").NewFunctionBuilder().
		WithGoModuleFunction(api.GoModuleFunc(func(_ context.Context, _ api.Module, stack []uint64) { stack[0] = 0 }),
			[]api.ValueType{i32}, []api.ValueType{i32}).
		Export("nop").Instantiate(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	for _, bb := range benchBodies {
		b.Run(bb.name, func(b *testing.B) {
			m := compile(b, rt, benchModule(b.N, bb.exprs))
			b.ResetTimer()
			code, err := m.Run(context.Background())
			b.StopTimer()
			if code != 0 || err != nil {
				b.Fatalf("got %d (%v), want 0", code, err)
			}
		})
	}
}

// BenchmarkSpawn measures thread-spawn of a thread that returns at once,
// until the spawner sees it has run: an instance, a goroutine and a Call.
func BenchmarkSpawn(b *testing.B) {
	rt := newTestRuntime(b)
	m := compile(b, rt, guest(fmt.Sprintf(`
	  (func (export "wasi_thread_start") (param i32 i32) (call $signal (i32.const 0)))
	  (func (export "_start") (local $i i32) (call $init)
	    (loop $l
	      (drop (call $spawn (i32.const 0)))
	      (local.set $i (i32.add (local.get $i) (i32.const 1)))
	      (call $waitFor (i32.const 0) (local.get $i))
	      (br_if $l (i32.lt_u (local.get $i) (i32.const %d)))))`, b.N)))
	b.ResetTimer()
	code, err := m.Run(context.Background())
	if code != 0 || err != nil {
		b.Fatalf("got %d (%v), want 0", code, err)
	}
}
