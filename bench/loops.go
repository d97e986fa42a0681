package bench

import (
	"context"
	"fmt"
	"time"

	"github.com/wasync/wasync/wasmhost"
)

// A loopKernel is one of P8's loops: an export of testdata/loops.wasm,
// called through its repeat export (arg is repeat's kernel number; one op
// is one call of the kernel), or tight.wasm's tight (one op is one
// iteration). wasmhost's BenchmarkLoops calls the same exports.
type loopKernel struct {
	name, what string
	arg        int // -1: tight
}

var loopKernels = []loopKernel{
	{"sum", "sum of 64 Ki words", 0},
	{"copy", "byte copy (xor), 256 KiB", 1},
	{"hash", "FNV-1a hash, 256 KiB", 2},
	{"tight", "tight loop, per iteration", -1},
}

// maxTight is the most iterations one call of tight runs: its count is an
// i32, and 0 would mean 2^32.
const maxTight = 1 << 30

// loopGuests holds P8's guests made ready twice: as wazero runs them
// (plain) and as wasmhost runs them (instrumented, through the exported
// Instance API, the safepoint and stop flag included).
type loopGuests struct {
	plain                *plainLoops
	instLoops, instTight *wasmhost.Instance
}

// openLoops compiles and instantiates loops and tight both ways, and fills
// the kernels' input.
func openLoops(ctx context.Context, rt *wasmhost.Runtime, loops, tight []byte) (*loopGuests, error) {
	lg := &loopGuests{}
	var err error
	if lg.plain, err = newPlainLoops(ctx, loops, tight); err != nil {
		return nil, err
	}
	for _, g := range []struct {
		wasm []byte
		in   **wasmhost.Instance
	}{{loops, &lg.instLoops}, {tight, &lg.instTight}} {
		mod, err := rt.Compile(ctx, g.wasm)
		if err == nil {
			*g.in, err = mod.Instantiate(ctx)
		}
		if err != nil {
			_ = lg.close(ctx)
			return nil, err
		}
	}
	if _, err := lg.instLoops.Call(ctx, "fill"); err != nil {
		_ = lg.close(ctx)
		return nil, err
	}
	return lg, nil
}

func (lg *loopGuests) close(ctx context.Context) error {
	for _, in := range []*wasmhost.Instance{lg.instLoops, lg.instTight} {
		if in != nil {
			_ = in.Close(ctx)
		}
	}
	return lg.plain.close(ctx)
}

// loopCase is kernel k's case, plain or instrumented: n operations in as
// few guest calls as the kernel allows, timed as a whole, so that a call's
// own cost (a new guest thread's instance, for wasmhost) is spread over
// many loops.
func (s *Suite) loopCase(k loopKernel, impl string) Case {
	call := func(ctx context.Context, name string, params ...uint64) error {
		var err error
		if impl == "plain" {
			_, err = s.loops.plain.call(ctx, name, params...)
		} else {
			in := s.loops.instLoops
			if k.arg < 0 {
				in = s.loops.instTight
			}
			_, err = in.Call(ctx, name, params...)
		}
		return err
	}
	return Case{Name: "impl=" + impl, Measure: func(n int) (Measurement, error) {
		ctx := context.Background()
		return withCPU(n, func() (Measurement, error) {
			start := time.Now()
			for left := n; left > 0; {
				c := min(left, maxTight)
				left -= c
				var err error
				if k.arg < 0 {
					err = call(ctx, "tight", uint64(c))
				} else {
					err = call(ctx, "repeat", uint64(k.arg), uint64(c))
				}
				if err != nil {
					return Measurement{}, fmt.Errorf("bench: P8 %s, %s: %w", k.name, impl, err)
				}
			}
			return Measurement{NsPerOp: float64(time.Since(start).Nanoseconds()) / float64(n)}, nil
		})
	}}
}
