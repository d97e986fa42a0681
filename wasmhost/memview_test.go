package wasmhost

import (
	"context"
	"testing"
)

// TestMemoryViewFollowsGrowth: a thread that made wasync calls before its
// memory grew sees the grown memory at its next call, in the memory as it
// is now: a non-shared memory moves when it grows (wazero copies it to a
// larger buffer), so a call resolving the pointer in the old buffer would
// lock a copy the guest no longer reads.
func TestMemoryViewFollowsGrowth(t *testing.T) {
	rt := newTestRuntime(t)
	tests := []struct {
		name, memory, data string
	}{
		{"non-shared", `(memory 1)`, `(data (i32.const 16) "MUTX")`},
		{"shared", `(memory (import "env" "memory") 1 200 shared)`, ``},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// Exit status: lock+unlock before the growth, a lock in the
			// new pages (EFAULT before it), a lock after it; then the owner
			// words the guest reads: 1 (tid 1) in each mutex.
			m := compile(t, rt, `(module
			  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
			  (import "wasync" "lockmutex" (func $lock (param i32) (result i32)))
			  (import "wasync" "unlockmutex" (func $unlock (param i32) (result i32)))
			  `+tc.memory+tc.data+`
			  (func (export "_start") (local $e i32)
			    (i32.store (i32.const 16) (i32.const 0x5854554D)) ;; MUTX
			    (local.set $e (i32.or (call $lock (i32.const 16)) (call $unlock (i32.const 16))))
			    (local.set $e (i32.or (local.get $e) (i32.ne (call $lock (i32.const 6553600)) (i32.const 21))))
			    (drop (memory.grow (i32.const 150)))
			    (i32.store (i32.const 6553600) (i32.const 0x5854554D))
			    (local.set $e (i32.or (local.get $e) (call $lock (i32.const 16))))
			    (local.set $e (i32.or (local.get $e) (call $lock (i32.const 6553600))))
			    (local.set $e (i32.or (local.get $e) (i32.ne (i32.load (i32.const 20)) (i32.const 1))))
			    (local.set $e (i32.or (local.get $e) (i32.ne (i32.load (i32.const 6553604)) (i32.const 1))))
			    (call $exit (local.get $e))))`)
			code, err := m.Run(context.Background())
			if err != nil || code != 0 {
				t.Fatalf("got %d (%v), want 0: each call saw the memory as it was then", code, err)
			}
		})
	}
}
