package wasmhost

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/wasync/wasync/syncrt"
)

// spinners is a guest whose _start spawns n threads that spin for ever in a
// loop with no call in it, waits until all spin, writes one byte to stdout
// and spins too.
func spinners(n int) string {
	return guest(fmt.Sprintf(`
	  (func (export "wasi_thread_start") (param i32 i32)
	    (call $signal (i32.const 0))
	    (loop $spin (br $spin)))
	  (func (export "_start") (local $i i32) (call $init)
	    (loop $spawn
	      (drop (call $spawn (i32.const 0)))
	      (local.set $i (i32.add (local.get $i) (i32.const 1)))
	      (br_if $spawn (i32.lt_u (local.get $i) (i32.const %d))))
	    (call $waitFor (i32.const 0) (i32.const %[1]d))
	    (i32.store (i32.const 100) (i32.const 200))
	    (i32.store (i32.const 104) (i32.const 1))
	    (drop (call $write (i32.const 1) (i32.const 100) (i32.const 1) (i32.const 120)))
	    (loop $spin (br $spin)))`, n))
}

// closeOnWrite closes a channel at the guest's first write.
type closeOnWrite struct {
	once sync.Once
	c    chan struct{}
}

func (w *closeOnWrite) Write(p []byte) (int, error) {
	w.once.Do(func() { close(w.c) })
	return len(p), nil
}

// spinning runs m until all its threads spin, then calls during, then
// cancels the run and returns how long Run took to return after the cancel.
func spinning(t *testing.T, m *Module, during func()) time.Duration {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := &closeOnWrite{c: make(chan struct{})}
	type result struct {
		code uint32
		err  error
		at   time.Time
	}
	done := make(chan result, 1)
	go func() {
		code, err := m.Run(ctx, WithStdout(ready), WithTimeLimit(guardLimit))
		done <- result{code, err, time.Now()}
	}()
	select {
	case <-ready.c:
	case r := <-done:
		t.Fatalf("run ended before its threads spun: %d (%v)", r.code, r.err)
	}
	during()
	start := time.Now()
	cancel()
	r := <-done
	if r.code != ExitCanceled || !errors.Is(r.err, context.Canceled) {
		t.Fatalf("got %d (%v), want ExitCanceled", r.code, r.err)
	}
	return r.at.Sub(start)
}

// TestGCWhileSpinning: the garbage collector's stop-the-world completes
// while instrumented guest threads spin in loops without calls (each leaves
// native code at its safepoints), and the run still ends when cancelled.
// Without instrumentation or WithCloseOnContextDone, runtime.GC here hangs
// the whole process.
func TestGCWhileSpinning(t *testing.T) {
	rt := newTestRuntime(t)
	m := compile(t, rt, spinners(4))
	spinning(t, m, func() {
		for range 3 {
			runtime.GC()
		}
	})
}

// TestStopSpinning: cancelling a run of 64 threads spinning in loops
// without calls ends every one of them. The time from the cancel to Run's
// return is logged; WASYNC_STOP_ROUNDS=n repeats it n times and logs its
// distribution (see BENCHMARKS.md).
func TestStopSpinning(t *testing.T) {
	rounds := 1
	if s := os.Getenv("WASYNC_STOP_ROUNDS"); s != "" {
		var err error
		if rounds, err = strconv.Atoi(s); err != nil || rounds < 1 {
			t.Fatalf("WASYNC_STOP_ROUNDS=%q: want a positive count", s)
		}
	}
	rt := newTestRuntime(t)
	m := compile(t, rt, spinners(63))
	var lat []time.Duration
	for range rounds {
		lat = append(lat, spinning(t, m, func() {}))
	}
	slices.Sort(lat)
	pct := func(p int) time.Duration { return lat[(len(lat)-1)*p/100] }
	t.Logf("64 spinning threads, cancel to Run's return over %d rounds: min %v, p50 %v, p90 %v, p99 %v, max %v",
		rounds, lat[0], pct(50), pct(90), pct(99), lat[len(lat)-1])
}

// TestSafepointYieldsWhenPsAreFull: the safepoint yields only while the
// run's live threads can fill every P; with one to spare, a yield would
// only wake an idle P and move the thread across cores (RATIONALE.md).
func TestSafepointYieldsWhenPsAreFull(t *testing.T) {
	sr := syncrt.NewRun(context.Background(), syncrt.Config{})
	defer sr.Stop(nil)
	r := &run{sr: sr}
	ctx := context.WithValue(context.Background(), threadKey{}, &thread{run: r})
	yields := 0
	defer func(old func()) { yield = old }(yield)
	yield = func() { yields++ }
	procs := int64(runtime.GOMAXPROCS(0))
	for _, tc := range []struct {
		live  int64
		yield bool
	}{{procs - 1, false}, {procs, true}, {procs + 63, true}} {
		yields = 0
		r.live.Store(tc.live)
		safepoint(ctx, nil, nil)
		if (yields == 1) != tc.yield {
			t.Errorf("%d live threads on %d Ps: %d yields, want yield %v", tc.live, procs, yields, tc.yield)
		}
	}
}
