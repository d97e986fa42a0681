package wasmhost

import (
	"context"
	"os"
	"testing"

	"github.com/wasync/wasync/diag"
)

// TestSummary: the counter's main thread and its four workers, all alive
// at once while main joins them.
func TestSummary(t *testing.T) {
	wasm, err := os.ReadFile("../testdata/counter.wasm")
	if err != nil {
		t.Fatal(err)
	}
	var s diag.Summary
	rt := newTestRuntime(t)
	if code, err := rt.Run(context.Background(), wasm, WithArgs("counter", "4", "1000"),
		WithSummary(func(got diag.Summary) { s = got })); code != 0 {
		t.Fatalf("got %d (%v)", code, err)
	}
	if s.Threads != 5 || s.PeakLive < 2 || s.PeakLive > 5 || s.Wall <= 0 {
		t.Fatalf("summary %+v, want 5 threads, 2..5 alive at most, some time", s)
	}
}
