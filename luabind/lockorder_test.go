package luabind_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/wasync/wasync/diag"
	"github.com/wasync/wasync/luabind"
	"github.com/wasync/wasync/syncrt"
)

// TestLockOrder: testdata/lua/lockorder.lua takes a then b in a thread
// and, after it, b then a in the main chunk. With Options.LockOrder the
// summary and the closing lock's event carry the cycle, with each order's
// Lua stack; strict mode makes that lock raise, as lockorder.strict.out
// shows.
func TestLockOrder(t *testing.T) {
	for _, tc := range []struct {
		mode syncrt.LockOrder
		out  string
	}{
		{syncrt.LockOrderOff, "lockorder.out"},
		{syncrt.LockOrderReport, "lockorder.out"},
		{syncrt.LockOrderStrict, "lockorder.strict.out"},
	} {
		t.Run(tc.mode.String(), func(t *testing.T) {
			var stdout strings.Builder
			var sum diag.Summary
			var flagged []diag.Event
			_, err := luabind.RunFile(context.Background(), "../testdata/lua/lockorder.lua", luabind.Options{
				Stdout: &stdout, LockOrder: tc.mode,
				Summary: func(s diag.Summary) { sum = s },
				Observe: func(e diag.Event) {
					if e.PotentialDeadlock != nil {
						flagged = append(flagged, e) // the main chunk's, after the thread's end
					}
				},
			})
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile("../testdata/lua/" + tc.out)
			if err != nil {
				t.Fatal(err)
			}
			if stdout.String() != string(want) {
				t.Errorf("stdout:\n%s\nwant:\n%s", stdout.String(), want)
			}
			if tc.mode == syncrt.LockOrderOff {
				if sum.PotentialDeadlocks != nil || flagged != nil {
					t.Fatalf("found %v without the check", sum.PotentialDeadlocks)
				}
				return
			}
			if len(sum.PotentialDeadlocks) != 1 || len(flagged) != 1 || flagged[0].PotentialDeadlock != sum.PotentialDeadlocks[0] {
				t.Fatalf("summary %v, events %v: want the one cycle in both", sum.PotentialDeadlocks, flagged)
			}
			if e := flagged[0]; e.Outcome != map[bool]string{false: "ok", true: "potential deadlock (lock order)"}[tc.mode == syncrt.LockOrderStrict] {
				t.Errorf("closing lock's outcome %q", e.Outcome)
			}
			for _, o := range sum.PotentialDeadlocks[0].Orders {
				if !slices.Contains(o.Stack, "take_in_order (../testdata/lua/lockorder.lua:14)") {
					t.Errorf("order %s → %s: stack %q", o.FromName, o.ToName, o.Stack)
				}
			}
		})
	}
}

// Check the order in which a script's threads take mutexes: a thread
// taking a then b, and later another taking b then a, could deadlock on
// another day, and the run says so, though neither blocked.
func ExampleOptions_lockOrder() {
	src := `
local a, b = thread.mutex(), thread.mutex()
thread.spawn(function() a:lock() b:lock() b:unlock() a:unlock() end):join()
b:lock() a:lock() a:unlock() b:unlock()
print("done")`
	_, err := luabind.RunString(context.Background(), "inversion.lua", src, luabind.Options{
		Stdout: os.Stdout, LockOrder: syncrt.LockOrderReport,
		Summary: func(s diag.Summary) {
			for _, p := range s.PotentialDeadlocks {
				fmt.Println(p)
			}
		},
	})
	fmt.Println(err)
	// Output:
	// done
	// possible circular locking dependency (a potential deadlock) between mutexes #3 (inversion.lua:2) and #4 (inversion.lua:2):
	//   thread 2 locked #4 (inversion.lua:2) while holding #3 (inversion.lua:2), at:
	//       function@inversion.lua:3 (inversion.lua:3)
	//   thread 1 locked #3 (inversion.lua:2) while holding #4 (inversion.lua:2), at:
	//       main chunk (inversion.lua:4)
	// <nil>
}
