package wasmhost_test

import (
	"context"
	"strings"
	"testing"

	"github.com/wasync/wasync/wasmhost"
)

// TestHugeVectorRefused: a module of a few bytes that declares four billion
// imports is refused with an error, instrumented or not, instead of wazero
// allocating them and the host dying of it.
func TestHugeVectorRefused(t *testing.T) {
	huge := []byte{0, 'a', 's', 'm', 1, 0, 0, 0, 2, 6, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0}
	for _, on := range []bool{true, false} {
		ctx := context.Background()
		rt, err := wasmhost.NewRuntime(ctx, wasmhost.WithInstrumentation(on))
		if err != nil {
			t.Fatal(err)
		}
		_, err = rt.Compile(ctx, huge)
		rt.Close(ctx)
		if err == nil || !strings.Contains(err.Error(), "unexpected end") {
			t.Errorf("instrumentation %v: Compile = %v, want a decoding error", on, err)
		}
	}
}
