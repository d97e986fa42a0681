package instrument

import (
	"context"
	"strings"
	"testing"
)

// FuzzRewrite feeds mutated modules to the pass, seeded with every testdata
// guest and wasi-threads case. The pass must never panic. Rewrite and
// Screen accept the same modules, and wazero can decode what they pass on
// without running out of memory (see maxLocals and names). The
// instrumented form compiles exactly when the screened one does: the pass
// neither breaks a valid module nor lifts a check of validation, except
// that it may drop a name section wazero would refuse, or a custom section
// wazero v1.12.0 misreads (it refuses some valid ones, such as a one-byte
// section of an empty name, with "failed to read custom section").
//
// wazero is never given the original bytes: v1.12.0 can die decoding some
// of them (FuzzRewrite's crasher bc7f88fbf5535c88, a name section of four
// billion function names). That Screen keeps a valid module's meaning is
// what TestScreen shows; that the pass accepts every valid module of the
// enabled features, the seeds and TestGuestsValidate.
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
		screened, _, screenErr := Screen(wasm)
		if (err == nil) != (screenErr == nil) {
			t.Fatalf("Rewrite: %v; Screen: %v", err, screenErr)
		}
		if err != nil {
			return
		}
		outErr, origErr := compileErr(out), compileErr(screened)
		switch {
		case origErr == nil && outErr != nil:
			t.Fatalf("the instrumented form of a valid module does not compile: %v", outErr)
		case origErr != nil && outErr == nil && !hasNameSection(wasm) &&
			!strings.Contains(origErr.Error(), "failed to read custom section"):
			t.Fatalf("instrumenting made an invalid module valid (screened: %v)", origErr)
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
