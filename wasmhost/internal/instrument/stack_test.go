package instrument

import (
	"context"
	"errors"
	"testing"

	"github.com/tetratelabs/wazero/sys"
)

// stackGuest recurses n levels deep, leaving each level by one kind of
// exit, and counts its calls in global $calls.
const stackGuest = `(module
  (global $calls (export "calls") (mut i32) (i32.const 0))
  (func $count (global.set $calls (i32.add (global.get $calls) (i32.const 1))))
  ;; each frame: 1 parameter, no locals: 24 bytes estimated
  (func $ret (export "ret") (param $n i32) (result i32)
    (call $count)
    (if (i32.eqz (local.get $n)) (then (return (i32.const 7))))
    (return (call $ret (i32.sub (local.get $n) (i32.const 1)))))
  (func $br (export "br") (param $n i32) (result i32)
    (call $count)
    (drop (br_if 0 (i32.const 7) (i32.eqz (local.get $n))))
    (call $br (i32.sub (local.get $n) (i32.const 1))))
  (func $table (export "table") (param $n i32) (result i32)
    (call $count)
    (drop (block $deeper (result i32)
      (br_table $deeper 1 (i32.const 7) (i32.eqz (local.get $n)))))
    (call $table (i32.sub (local.get $n) (i32.const 1))))
  (func $multi (export "multi") (param $n i32) (result i32 i32)
    (call $count)
    (if (result i32 i32) (i32.eqz (local.get $n))
      (then (i32.const 3) (i32.const 4))
      (else (call $multi (i32.sub (local.get $n) (i32.const 1))))))
  (func $forever (export "forever") (param i32) (result i32)
    (call $count)
    (i32.add (i32.const 1) (call $forever (local.get 0)))))`

// TestStackCeiling: a thread's stack use is counted at every call and
// every way out of one, so a recursion under the limit may run any number
// of times, and one without end traps at the limit, after about
// limit/frame calls.
func TestStackCeiling(t *testing.T) {
	h := newHarness(t)
	const limit, frame = 24000, 24 // 1000 frames of 24 bytes
	h.stackLimit.Set(limit)
	mod := h.instantiate(t, wat(t, stackGuest))
	calls := mod.ExportedGlobal("calls")
	for _, fn := range []string{"ret", "br", "table", "multi"} {
		for i := 0; i < 100; i++ {
			res := call(t, mod, fn, limit/frame-2) // the count's frame on top
			if res[0] != 7 && !(fn == "multi" && res[0] == 3 && res[1] == 4) {
				t.Fatalf("%s returned %v", fn, res)
			}
		}
	}
	before := calls.Get()
	_, err := mod.ExportedFunction("forever").Call(context.Background(), 0)
	var exit *sys.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != overflowStatus {
		t.Fatalf("forever: %v, want the stack overflow", err)
	}
	// forever's frames and the count's, which overflows at the last.
	if n := calls.Get() - before; n < limit/frame-1 || n > limit/frame+1 {
		t.Errorf("forever made %d calls before its overflow, want about %d", n, limit/frame)
	}
}
