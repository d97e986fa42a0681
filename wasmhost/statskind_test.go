package wasmhost

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/wasync/wasync/diag"
)

// TestStatsKindFromEngine: a semaphore whose first call is a failed
// lockmutex is listed as a semaphore by --stats, not as a mutex: the
// engine says what an object is, not the call made on it.
func TestStatsKindFromEngine(t *testing.T) {
	guest := wat(t, `(module
	  (import "wasync" "lockmutex" (func $lock (param i32) (result i32)))
	  (import "wasync" "acquiresemaphore" (func $acquire (param i32) (result i32)))
	  (import "wasync" "releasesemaphore" (func $release (param i32) (result i32)))
	  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
	  (memory 1)
	  (data (i32.const 16) "SEMA\01\00\00\00\00\00\00\00\00\00\00\00")
	  (func (export "_start")
	    (if (i32.ne (call $lock (i32.const 16)) (i32.const 28)) (then (call $exit (i32.const 1))))
	    (drop (call $acquire (i32.const 16)))
	    (drop (call $release (i32.const 16)))))`)
	stats := diag.NewStats()
	if code, err := newTestRuntime(t).Run(context.Background(), guest, WithObserver(stats.Observe)); code != 0 || err != nil {
		t.Fatalf("run = %d, %v; want 0 (lockmutex on a semaphore is EINVAL)", code, err)
	}
	var buf bytes.Buffer
	if _, err := stats.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	for l := range strings.Lines(buf.String()) {
		if f := strings.Fields(l); len(f) > 2 && f[0] == "0x10" {
			if f[1] != "semaphore" || f[2] != "1" {
				t.Errorf("stats line %q: want kind semaphore, 1 acquired", l)
			}
			return
		}
	}
	t.Errorf("no line for 0x10 in:\n%s", &buf)
}
