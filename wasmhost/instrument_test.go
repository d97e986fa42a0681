package wasmhost

import (
	"context"
	"strings"
	"testing"
)

// TestInstrumentedAtomics: the host functions that replace wait32, wait64
// and notify return what the instructions return and trap where they trap,
// with the same message: each case runs instrumented and not, and must end
// the same way.
func TestInstrumentedAtomics(t *testing.T) {
	exits := func(expr string) string { return guest(startExits(expr)) }
	own := func(mem, expr string) string {
		return `(module (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
		  (memory ` + mem + `) (func (export "_start") (call $exit ` + expr + `)))`
	}
	for _, c := range []struct {
		name, src string
		code      uint32
		trap      string // "": no trap
	}{
		{"wait32 not equal", exits(`(memory.atomic.wait32 (i32.const 8) (i32.const 1) (i64.const -1))`), 1, ""},
		{"wait32 timed out", exits(`(memory.atomic.wait32 (i32.const 8) (i32.const 0) (i64.const 1000))`), 2, ""},
		{"wait64 last word", exits(`(memory.atomic.wait64 (i32.const 65528) (i64.const 1) (i64.const 0))`), 1, ""},
		{"notify no waiters", exits(`(memory.atomic.notify offset=4 (i32.const 8) (i32.const 5))`), 0, ""},
		{"wait32 out of bounds", exits(`(memory.atomic.wait32 (i32.const 65536) (i32.const 0) (i64.const 0))`),
			ExitTrap, "out of bounds memory access"},
		{"wait32 offset out of bounds", exits(`(memory.atomic.wait32 offset=0xfffffffc (i32.const 8) (i32.const 0) (i64.const 0))`),
			ExitTrap, "out of bounds memory access"},
		{"wait64 straddles the end", exits(`(memory.atomic.wait64 (i32.const 65532) (i64.const 0) (i64.const 0))`),
			ExitTrap, "out of bounds memory access"},
		{"notify out of bounds", exits(`(memory.atomic.notify (i32.const 65534) (i32.const 1))`),
			ExitTrap, "out of bounds memory access"},
		{"wait32 unaligned", exits(`(memory.atomic.wait32 (i32.const 2) (i32.const 0) (i64.const 0))`),
			ExitTrap, "unaligned atomic"},
		{"wait64 unaligned", exits(`(memory.atomic.wait64 offset=4 (i32.const 0) (i64.const 0) (i64.const 0))`),
			ExitTrap, "unaligned atomic"},
		{"notify unaligned", exits(`(memory.atomic.notify (i32.const 1) (i32.const 1))`),
			ExitTrap, "unaligned atomic"},
		{"wait32 own shared memory", own("1 1 shared", `(memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const 1000))`), 2, ""},
		{"wait32 own memory, not shared", own("1", `(memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const 0))`),
			ExitTrap, "expected shared memory"},
		{"notify own memory, not shared", own("1", `(memory.atomic.notify (i32.const 0) (i32.const 1))`), 0, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			var first [2]string
			for i, on := range []bool{true, false} {
				rt := newTestRuntime(t, WithInstrumentation(on))
				code, err := compile(t, rt, c.src).Run(context.Background(), WithTimeLimit(guardLimit))
				if code != c.code {
					t.Fatalf("instrumented %v: status %d (%v), want %d", on, code, err, c.code)
				}
				if c.trap == "" {
					continue
				}
				if err == nil {
					t.Fatalf("instrumented %v: no error, want the trap %q", on, c.trap)
				}
				first[i], _, _ = strings.Cut(err.Error(), "\n")
				if !strings.HasSuffix(first[i], "wasm error: "+c.trap) {
					t.Errorf("instrumented %v: %q, want the trap %q", on, first[i], c.trap)
				}
			}
			if first[0] != first[1] {
				t.Errorf("instrumented %q, originally %q", first[0], first[1])
			}
		})
	}
}

// TestReservedImport: a guest may not import the instrumentation's
// functions or stop flag itself.
func TestReservedImport(t *testing.T) {
	rt := newTestRuntime(t)
	_, err := rt.Compile(context.Background(), wat(t, `(module
	  (import "wasync:instrument/run" "stop" (global (mut i32)))
	  (func (export "_start")))`))
	if err == nil || !strings.Contains(err.Error(), "reserved for the host") {
		t.Fatalf("Compile: %v, want a refusal of the reserved module name", err)
	}
}
