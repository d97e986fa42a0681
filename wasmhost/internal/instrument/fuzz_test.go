package instrument

import (
	"context"
	"strings"
	"testing"
)

// FuzzRewrite feeds mutated modules to the pass, seeded with every testdata
// guest and wasi-threads case. The pass must never panic. What it accepts,
// wazero can decode without running out of memory (see maxLocals), and its
// output compiles exactly when the original does: the pass neither breaks
// a valid module nor lifts a check of validation, except that it may drop
// a name section wazero would refuse, or a custom section wazero v1.12.0
// misreads (it refuses some valid ones, such as a one-byte section of an
// empty name, with "failed to read custom section").
//
// Modules the pass refuses are not given to wazero: v1.12.0 can die
// decoding some of them (see maxLocals). That the pass accepts every valid
// module of the enabled features is what the seeds and TestGuestsValidate
// show.
//
// The seeds are large, so give -fuzzminimizetime a second: minimizing an
// 18 KB input that found new coverage otherwise stalls the workers.
//
//	go test ./wasmhost/internal/instrument -run '^$' -fuzz FuzzRewrite -fuzztime 5m -fuzzminimizetime 1s
func FuzzRewrite(f *testing.F) {
	for _, wasm := range guestModules(f) {
		f.Add(wasm)
	}
	f.Add(wat(f, kitchenSink))
	wz := newWazero(f)
	compileErr := func(wasm []byte) error {
		cm, err := wz.CompileModule(context.Background(), wasm)
		if err == nil {
			_ = cm.Close(context.Background())
		}
		return err
	}
	f.Fuzz(func(t *testing.T, wasm []byte) {
		out, _, err := Rewrite(wasm)
		if err != nil {
			return
		}
		outErr, origErr := compileErr(out), compileErr(wasm)
		switch {
		case origErr == nil && outErr != nil:
			t.Fatalf("the instrumented form of a valid module does not compile: %v", outErr)
		case origErr != nil && outErr == nil && !hasNameSection(wasm) &&
			!strings.Contains(origErr.Error(), "failed to read custom section"):
			t.Fatalf("instrumenting made an invalid module valid (originally: %v)", origErr)
		}
	})
}

// hasNameSection reports whether wasm may hold a custom section named
// "name".
func hasNameSection(wasm []byte) bool {
	for i := 0; i+5 <= len(wasm); i++ {
		if string(wasm[i:i+5]) == "\x04name" {
			return true
		}
	}
	return false
}
