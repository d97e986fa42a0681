package wasmhost

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/wasync/wasync/abi"
)

// TestJoinSemaphoresLabelled: a guest with the SDK's __wasync_join_offset
// export has each thread's join semaphore (start_arg + offset) named for
// the thread it joins, here in the all-blocked report: main joins thread
// 2, which waits for a semaphore no one releases.
func TestJoinSemaphoresLabelled(t *testing.T) {
	rt := newTestRuntime(t)
	m := compile(t, rt, `(module
	  (import "wasync" "acquiresemaphore" (func $acquire (param i32) (result i32)))
	  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
	  (memory (import "env" "memory") 1 1 shared)
	  (func (export "__wasync_join_offset") (result i32) (i32.const 16))
	  (func $sema (param $at i32) (i32.store (local.get $at) (i32.const 0x414D4553)))
	  (func (export "wasi_thread_start") (param i32 i32)
	    (drop (call $acquire (i32.const 256))))
	  (func (export "_start")
	    (call $sema (i32.const 80))  ;; the join semaphore of the block at 64
	    (call $sema (i32.const 256)) ;; no one releases it
	    (drop (call $spawn (i32.const 64)))
	    (drop (call $acquire (i32.const 80)))))`)
	var stderr bytes.Buffer
	code, _ := m.Run(context.Background(), WithStderr(&stderr))
	if code != abi.ExitAllBlocked {
		t.Fatalf("got %d, want all blocked:\n%s", code, &stderr)
	}
	for _, want := range []string{
		"thread 1 waits to join thread 2\n",
		"thread 2 waits for semaphore 0x100 (no units)",
	} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, &stderr)
		}
	}
}
