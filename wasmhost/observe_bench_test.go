package wasmhost

import (
	"context"
	"fmt"
	"io"
	"testing"

	"github.com/wasync/wasync/diag"
)

// BenchmarkObserve measures an uncontended lockmutex+unlockmutex through
// the host, unobserved and with each kind of observation: the price of
// --stats, --trace and --lockprof (stacks) per pair of calls.
func BenchmarkObserve(b *testing.B) {
	rt := newTestRuntime(b)
	stats := diag.NewStats()
	cases := []struct {
		name string
		opts []RunOption
	}{
		{"unobserved", nil},
		{"observer", []RunOption{WithObserver(func(diag.Event) {})}},
		{"stats", []RunOption{WithObserver(stats.Observe)}},
		{"trace", []RunOption{WithObserver(diag.Trace(io.Discard))}},
		{"stacks", []RunOption{WithObserver(func(diag.Event) {}), WithStacks(true)}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			m := compile(b, rt, guest(fmt.Sprintf(`(func (export "_start") (local $i i32) (local $e i32)
			    (call $init)
			    (local.set $i (i32.const %d))
			    (loop $l
			      (local.set $e (i32.or (local.get $e) (call $lock (i32.const 16))))
			      (local.set $e (i32.or (local.get $e) (call $unlock (i32.const 16))))
			      (br_if $l (local.tee $i (i32.sub (local.get $i) (i32.const 1)))))
			    (call $exit (local.get $e)))
			  (func (export "wasi_thread_start") (param i32 i32))`, b.N)))
			b.ResetTimer()
			code, err := m.Run(context.Background(), c.opts...)
			b.StopTimer()
			if code != 0 || err != nil {
				b.Fatalf("got %d (%v), want 0", code, err)
			}
		})
	}
}
