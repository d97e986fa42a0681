package wasmhost_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/wasync/wasync/diag"
	"github.com/wasync/wasync/syncrt"
	"github.com/wasync/wasync/wasmhost"
)

// TestLockOrderCheck: testdata/lockorder.c takes lock_a then lock_b in one
// thread and, after it, lock_b then lock_a in another, through the SDK's
// fast path. With the check, the run's summary and the closing lock's
// event carry the cycle, with each order's wasm stack; report mode leaves
// the results as they are, strict mode fails that lock with EDEADLK.
func TestLockOrderCheck(t *testing.T) {
	rt := newRuntime(t)
	mod := compileGuest(t, rt, "lockorder")
	for _, tc := range []struct {
		mode   syncrt.LockOrder
		golden string
	}{
		{syncrt.LockOrderOff, "lockorder"},
		{syncrt.LockOrderReport, "lockorder"},
		{syncrt.LockOrderStrict, "lockorder_strict"},
	} {
		t.Run(tc.mode.String(), func(t *testing.T) {
			var rec recorder
			var sum diag.Summary
			var stdout strings.Builder
			code, err := mod.Run(context.Background(), wasmhost.WithLockOrderCheck(tc.mode),
				wasmhost.WithObserver(rec.observe), wasmhost.WithSummary(func(s diag.Summary) { sum = s }),
				wasmhost.WithStdout(&stdout))
			if code != 0 || err != nil {
				t.Fatalf("run = %d, %v", code, err)
			}
			compareGolden(t, tc.golden, stdout.String())
			var flagged []diag.Event
			for _, e := range rec.events {
				if e.PotentialDeadlock != nil {
					flagged = append(flagged, e)
				}
			}
			if tc.mode == syncrt.LockOrderOff {
				if len(sum.PotentialDeadlocks) != 0 || len(flagged) != 0 {
					t.Fatalf("found %v without the check", sum.PotentialDeadlocks)
				}
				return
			}
			if len(sum.PotentialDeadlocks) != 1 || len(flagged) != 1 || flagged[0].PotentialDeadlock != sum.PotentialDeadlocks[0] {
				t.Fatalf("summary %v, events %v: want the one cycle in both", sum.PotentialDeadlocks, flagged)
			}
			p := sum.PotentialDeadlocks[0]
			if p.Refused != (tc.mode == syncrt.LockOrderStrict) || flagged[0].Tid != 1 || flagged[0].Object != "0x10098 (lock_a)" {
				t.Errorf("cycle %v closed by %+v", p, flagged[0])
			}
			for _, o := range p.Orders {
				if !slices.Contains(o.Stack, "take_in_order") {
					t.Errorf("order %s → %s: stack %v lacks take_in_order", o.FromName, o.ToName, o.Stack)
				}
			}
		})
	}
}

// TestFastPathSwitch: the guest's "wasync" "fastpath" is 1, and 0 in a
// run that checks lock order or has an observer; runs of one Runtime get
// each its own value (testdata/fastpath.wat exits with it).
func TestFastPathSwitch(t *testing.T) {
	rt := newRuntime(t)
	mod := compileGuest(t, rt, "fastpath")
	observe := wasmhost.WithObserver(func(diag.Event) {})
	for _, tc := range []struct {
		name string
		opts []wasmhost.RunOption
		want uint32
	}{
		{"plain", nil, 1},
		{"lock order", []wasmhost.RunOption{wasmhost.WithLockOrderCheck(syncrt.LockOrderReport)}, 0},
		{"plain again", nil, 1},
		{"observer", []wasmhost.RunOption{observe}, 0},
		{"observer with stacks", []wasmhost.RunOption{observe, wasmhost.WithStacks(true)}, 0},
		{"strict", []wasmhost.RunOption{wasmhost.WithLockOrderCheck(syncrt.LockOrderStrict)}, 0},
	} {
		if code, err := mod.Run(context.Background(), tc.opts...); code != tc.want || err != nil {
			t.Errorf("%s: fastpath = %d (%v), want %d", tc.name, code, err, tc.want)
		}
	}
}

// TestLockOrderOldGuest: a guest that does not import the switch (as one
// built before ABI 1.1) runs under the check as it always did
// (testdata/relock.wat exits with its relock's EDEADLK).
func TestLockOrderOldGuest(t *testing.T) {
	rt := newRuntime(t)
	for _, mode := range []syncrt.LockOrder{syncrt.LockOrderReport, syncrt.LockOrderStrict} {
		code, err := compileGuest(t, rt, "relock").Run(context.Background(), wasmhost.WithLockOrderCheck(mode))
		if code != 16 || err != nil {
			t.Errorf("%v: run = %d, %v; want 16 (EDEADLK)", mode, code, err)
		}
	}
}

// TestFastPathOffSeesEveryLock: an SDK guest whose fast path would take
// every free mutex unseen calls the host for each lock and unlock when
// the switch is 0 (an observer is set): the observer counts them all.
func TestFastPathOffSeesEveryLock(t *testing.T) {
	rt := newRuntime(t)
	var rec recorder
	code, err := compileGuest(t, rt, "counter").Run(context.Background(), wasmhost.WithArgs("counter", "4", "500", "fast"),
		wasmhost.WithObserver(rec.observe))
	if code != 0 || err != nil {
		t.Fatalf("run = %d, %v", code, err)
	}
	calls := map[string]int{}
	for _, e := range rec.events {
		calls[e.Op.String()]++
	}
	if calls["lockmutex"] != 4*500 || calls["unlockmutex"] != 4*500 {
		t.Errorf("calls seen %v, want %d locks and unlocks", calls, 4*500)
	}
}

// A run that checks lock order reports a potential deadlock it found,
// though no thread blocked (testdata/lockorder.c takes two mutexes in
// both orders, one thread after the other).
func ExampleWithLockOrderCheck() {
	ctx := context.Background()
	wasm, err := os.ReadFile("../testdata/lockorder.wasm")
	if err != nil {
		fmt.Println(err)
		return
	}
	rt, err := wasmhost.NewRuntime(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer rt.Close(ctx)
	var found []*syncrt.PotentialDeadlock
	code, err := rt.Run(ctx, wasm, wasmhost.WithLockOrderCheck(syncrt.LockOrderReport),
		wasmhost.WithSummary(func(s diag.Summary) { found = s.PotentialDeadlocks }))
	fmt.Println(code, err)
	for _, p := range found {
		fmt.Println(strings.SplitN(p.Error(), "\n", 2)[0])
	}
	// Output:
	// 0 <nil>
	// possible circular locking dependency (a potential deadlock) between mutexes 0x10098 (lock_a) and 0x100a8 (lock_b):
}
