package instrument

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// TestStackCheck: with the SDK's two globals named, a function entry with
// the stack pointer below the limit calls stack_overflow (the harness's
// traps); at or above it, or in a module without the names, nothing.
func TestStackCheck(t *testing.T) {
	const src = `(module
	  (global $__stack_pointer (mut i32) (i32.const 1000))
	  (global $__wasync_stack_limit (mut i32) (i32.const 500))
	  (func $leaf)
	  (func (export "at") (param i32)
	    (global.set $__stack_pointer (local.get 0))
	    (call $leaf)))`
	h := newHarness(t)
	named := h.instantiate(t, wat(t, src))
	unnamed := h.instantiate(t, wat(t, strings.NewReplacer("$__stack_pointer", "$sp", "$__wasync_stack_limit", "$lim").Replace(src)))
	for _, c := range []struct {
		mod      string
		sp       uint64
		overflow bool
	}{
		{"named", 600, false},
		{"named", 500, false},
		{"named", 499, true},
		{"unnamed", 10, false},
	} {
		m := named
		if c.mod == "unnamed" {
			m = unnamed
		}
		_, err := m.ExportedFunction("at").Call(context.Background(), c.sp)
		if got := errors.Is(err, errOverflow); got != c.overflow {
			t.Errorf("%s module, stack pointer %d: err %v, want overflow %v", c.mod, c.sp, err, c.overflow)
		}
	}
}
