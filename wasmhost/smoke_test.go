package wasmhost

import (
	"context"
	"testing"
)

func TestSmokeExit(t *testing.T) {
	rt := newTestRuntime(t)
	m := compile(t, rt, `(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "wasync" "gettid" (func $gettid (result i32)))
  (memory (import "env" "memory") 1 1 shared)
  (func (export "_start") (call $exit (i32.add (i32.const 40) (call $gettid)))))`)
	code, err := m.Run(context.Background())
	if code != 41 || err != nil {
		t.Fatalf("got %d, %v", code, err)
	}
}
