package wasmhost

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/wasync/wasync/diag"
)

// TestObjectsNamedBySymbol: an object at an exported data symbol's
// address is named by the symbol in statistics and in the all-blocked
// report; the linker's own globals and mutable globals name nothing.
func TestObjectsNamedBySymbol(t *testing.T) {
	guest := wat(t, `(module
	  (import "wasync" "lockmutex" (func $lock (param i32) (result i32)))
	  (import "wasync" "unlockmutex" (func $unlock (param i32) (result i32)))
	  (import "wasync" "acquiresemaphore" (func $acquire (param i32) (result i32)))
	  (memory 1)
	  (global (export "__data_end") i32 (i32.const 16))
	  (global (export "queue_lock") i32 (i32.const 16))
	  (global (export "counter") (mut i32) (i32.const 32))
	  (global (export "empty") i32 (i32.const 48))
	  (data (i32.const 16) "MUTX\00\00\00\00\00\00\00\00\00\00\00\00")
	  (data (i32.const 32) "MUTX\00\00\00\00\00\00\00\00\00\00\00\00")
	  (data (i32.const 48) "SEMA\00\00\00\00\00\00\00\00\00\00\00\00")
	  (func (export "_start")
	    (drop (call $lock (i32.const 16))) (drop (call $unlock (i32.const 16)))
	    (drop (call $lock (i32.const 32))) (drop (call $unlock (i32.const 32)))
	    (drop (call $acquire (i32.const 48)))))`)
	for _, instrumented := range []bool{true, false} {
		t.Run(fmt.Sprintf("instrumented=%v", instrumented), func(t *testing.T) {
			stats := diag.NewStats()
			code, err := newTestRuntime(t, WithInstrumentation(instrumented)).Run(context.Background(), guest, WithObserver(stats.Observe))
			if code != 86 || err == nil {
				t.Fatalf("run = %d, %v; want 86 and the report", code, err)
			}
			if want := "waits for semaphore 0x30 (empty)"; !strings.Contains(err.Error(), want) {
				t.Errorf("report does not say %q:\n%v", want, err)
			}
			var buf bytes.Buffer
			if _, err := stats.WriteTo(&buf); err != nil {
				t.Fatal(err)
			}
			names := map[string]bool{}
			for l := range strings.Lines(buf.String()) {
				if name, _, ok := strings.Cut(l, "  "); ok {
					names[name] = true
				}
			}
			for _, want := range []string{"0x10 (queue_lock)", "0x20"} {
				if !names[want] {
					t.Errorf("stats do not name an object %q:\n%s", want, &buf)
				}
			}
		})
	}
}
