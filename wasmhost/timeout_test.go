package wasmhost

import (
	"math"
	"testing"

	"github.com/wasync/wasync/syncrt"
)

// TestGuestTimeouts: a guest's i64 timeouts keep their ABI meaning in the
// engine's one convention: negative is EINVAL for the wasync calls (the
// engine's rule) and no limit for memory.atomic.wait, and the largest i64
// stays a finite, timed wait rather than the engine's Forever.
func TestGuestTimeouts(t *testing.T) {
	for _, tc := range []struct {
		guest      int64
		call, wait int64
	}{
		{0, 0, 0},
		{1e9, 1e9, 1e9},
		{-1, -1, syncrt.Forever},
		{math.MinInt64, math.MinInt64, syncrt.Forever},
		{math.MaxInt64, math.MaxInt64 - 1, math.MaxInt64 - 1},
	} {
		if got := guestTimeout(uint64(tc.guest)); got != tc.call {
			t.Errorf("wasync call's timeout %d = %d, want %d", tc.guest, got, tc.call)
		}
		if got := waitTimeout(uint64(tc.guest)); got != tc.wait {
			t.Errorf("wait's timeout %d = %d, want %d", tc.guest, got, tc.wait)
		}
	}
}
