package bench

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/wasync/wasync/wasmhost"
)

// BenchmarkVariants compares builds of syncbench.wasm, say the same source
// compiled with and without a change to guest/wasync.h, interleaved in one
// run: the way to measure an SDK change on a shared machine
// (BENCHMARKS.md, issue 15). It is skipped unless WASYNC_BENCH_VARIANTS
// lists name=path.wasm pairs; WASYNC_BENCH_THREADS (default 1,2,8,64,256)
// and WASYNC_BENCH_MODES (default futex,fast) pick the runs. The futex mode
// (the baseline) runs in the first build only; any other mode in each, as
// impl=NAME.
//
//	WASYNC_BENCH_VARIANTS=old=/tmp/old.wasm,new=testdata/syncbench.wasm \
//	  go test -run '^$' -bench Variants -count 10 -benchtime 2000000x ./bench
func BenchmarkVariants(b *testing.B) {
	list := os.Getenv("WASYNC_BENCH_VARIANTS")
	if list == "" {
		b.Skip("WASYNC_BENCH_VARIANTS names no builds")
	}
	ctx := context.Background()
	rt, err := wasmhost.NewRuntime(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer rt.Close(ctx)
	type variant struct {
		name string
		mod  *wasmhost.Module
	}
	var vs []variant
	for _, kv := range strings.Split(list, ",") {
		name, path, _ := strings.Cut(kv, "=")
		wasm, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		mod, err := rt.Compile(ctx, wasm)
		if err != nil {
			b.Fatalf("%s: %v", path, err)
		}
		vs = append(vs, variant{name, mod})
	}
	for _, threads := range strings.Split(envOr("WASYNC_BENCH_THREADS", "1,2,8,64,256"), ",") {
		for _, mode := range strings.Split(envOr("WASYNC_BENCH_MODES", "futex,fast"), ",") {
			for i, v := range vs {
				if mode == "futex" && i > 0 {
					continue
				}
				impl := mode
				if mode != "futex" {
					impl = v.name
				}
				b.Run(fmt.Sprintf("threads=%s/mode=%s/impl=%s", threads, mode, impl), func(b *testing.B) {
					m, err := withCPU(b.N, func() (Measurement, error) {
						r, err := runGuest(v.mod, nil, "syncbench", mode, threads, fmt.Sprint(b.N))
						return Measurement{NsPerOp: r.nsPerOp()}, err
					})
					if err != nil {
						b.Fatal(err)
					}
					b.ReportMetric(m.NsPerOp, "ns/op")
					for unit, x := range m.Metrics {
						b.ReportMetric(x, unit)
					}
				})
			}
		}
	}
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}
