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

// TestHostileNameSection: a name section declaring four billion function
// names (FuzzRewrite's crasher bc7f88fbf5535c88) or a 4 GiB module name
// behind a module that runs reaches wazero screened, instrumented or not:
// the run succeeds instead of the host dying of a 96 GB (or 4 GiB)
// allocation.
func TestHostileNameSection(t *testing.T) {
	// (module (type (func)) (func) (export "_start" (func 0))) and a name
	// section of one subsection.
	m := []byte{0, 'a', 's', 'm', 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0,
		7, 10, 1, 6, '_', 's', 't', 'a', 'r', 't', 0, 0, 10, 4, 1, 2, 0, 0x0B}
	for _, sub := range []byte{0, 1} { // module name, function names
		wasm := append(append([]byte(nil), m...), 0, 12, 4, 'n', 'a', 'm', 'e', sub, 5, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F)
		for _, on := range []bool{true, false} {
			ctx := context.Background()
			rt, err := wasmhost.NewRuntime(ctx, wasmhost.WithInstrumentation(on))
			if err != nil {
				t.Fatal(err)
			}
			code, err := rt.Run(ctx, wasm)
			rt.Close(ctx)
			if code != 0 || err != nil {
				t.Errorf("subsection %d, instrumentation %v: status %d, %v", sub, on, code, err)
			}
		}
	}
}
