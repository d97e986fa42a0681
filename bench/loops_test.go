package bench

import (
	"context"
	"testing"
)

// TestLoopsAgree: P8's plain and instrumented cases run the same kernels
// on the same input: each kernel's result, through wazero alone and
// through a wasmhost.Instance, is the same (and tight's is 1+...+n), so
// the plain harness's memory and stubs hold what the kernels read.
func TestLoopsAgree(t *testing.T) {
	s := openSuite(t)
	ctx := context.Background()
	for _, k := range loopKernels {
		t.Run(k.name, func(t *testing.T) {
			in, name, params := s.loops.instLoops, "repeat", []uint64{uint64(k.arg), 2}
			if k.arg < 0 {
				in, name, params = s.loops.instTight, "tight", []uint64{100}
			}
			plain, err := s.loops.plain.call(ctx, name, params...)
			if err != nil {
				t.Fatal(err)
			}
			inst, err := in.Call(ctx, name, params...)
			if err != nil {
				t.Fatal(err)
			}
			if plain[0] != inst[0] || plain[0] == 0 {
				t.Errorf("%s%v: plain %d, instrumented %d, want the same, not 0", name, params, plain[0], inst[0])
			}
			if k.arg < 0 && plain[0] != 5050 {
				t.Errorf("tight(100) = %d, want 5050", plain[0])
			}
		})
	}
}
