package bench

import (
	"context"
	"testing"

	"github.com/wasync/wasync/wasmhost"
)

// The suite's guests: built by testdata/Makefile, committed.
const testdata = "../testdata"

func openSuite(tb testing.TB) *Suite {
	s, err := Open(context.Background(), testdata)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = s.Close() })
	return s
}

// BenchmarkSuite runs every row beside its baseline; BENCHMARKS.md has the
// commands and benchstat's table:
//
//	go test -run '^$' -bench Suite -count 6 ./bench > bench.txt
//	benchstat -col /impl bench.txt
func BenchmarkSuite(b *testing.B) {
	s := openSuite(b)
	for _, g := range s.Groups() {
		b.Run(g.Name, func(b *testing.B) {
			for _, c := range g.Cases {
				b.Run(c.Name, func(b *testing.B) {
					m, err := c.Measure(b.N)
					if err != nil {
						b.Fatal(err)
					}
					// The case's own timing replaces go test's, which
					// would count the guest's start-up.
					b.ReportMetric(m.NsPerOp, "ns/op")
					for unit, v := range m.Metrics {
						b.ReportMetric(v, unit)
					}
				})
			}
		})
	}
}

// TestSuiteSmoke runs every case once at a small size: the harness works
// and every guest mode exits 0 with a timing. It asserts no speed.
func TestSuiteSmoke(t *testing.T) {
	s := openSuite(t)
	s.ScaleThreads = []int{10, 100}
	s.Objects = 1000
	for _, g := range s.Groups() {
		for _, c := range g.Cases {
			t.Run(g.Name+"/"+c.Name, func(t *testing.T) {
				m, err := c.Measure(64)
				if err != nil {
					t.Fatal(err)
				}
				if !(m.NsPerOp > 0) {
					t.Errorf("ns/op = %v, want > 0", m.NsPerOp)
				}
			})
		}
	}
}

// TestScalePastThreadCap: P6 queues more threads than a run's default
// cap allows, so the suite's runs lift the cap (its rows failed once the
// default cap came in, and only the full-size benchmark would show it).
func TestScalePastThreadCap(t *testing.T) {
	s := openSuite(t)
	if _, err := s.scaleCase(wasmhost.DefaultMaxThreads + 1).Measure(1); err != nil {
		t.Fatal(err)
	}
}
