package wasmhost

import (
	"fmt"
	"testing"
)

// TestParseWasmTrace pins the format of wazero's wasm stack trace, which
// names the functions of the all-blocked report.
func TestParseWasmTrace(t *testing.T) {
	cases := []struct {
		name, msg, module string
		want              string
	}{
		{"named", "wasmhost: every thread is blocked for good (recovered by wazero)\nwasm stack trace:\n" +
			"\twasync.lockmutex(i32) i32\n\t.thread2(i32)\n\t.__wasync_thread_main(i32)\n\t.wasi_thread_start(i32,i32)",
			"", "[{thread2  0} {__wasync_thread_main  0} {wasi_thread_start  0}]"},
		{"module name, unnamed function, source lines", "x\nwasm stack trace:\n" +
			"\twasync (with stacks).acquiresemaphore(i32) i32\n\tprog.$3(i32)\n\t\tprog.c:12:3\n\tprog._start()",
			"prog", "[{$3  0} {_start  0}]"},
		{"no trace", "wasmhost: every thread is blocked for good", "", "[]"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := fmt.Sprint(parseWasmTrace(c.msg, c.module)); got != c.want {
				t.Errorf("frames %s, want %s", got, c.want)
			}
		})
	}
}
