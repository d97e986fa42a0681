package syncrt

import (
	"testing"

	"github.com/wasync/wasync/abi"
)

// TestPriorityBounds: threads start at the default; SetPriority takes
// 1..255 and refuses anything else with EINVAL, changing nothing.
func TestPriorityBounds(t *testing.T) {
	h := newHarness(t)
	th := h.thread()
	if p := th.Priority(); p != abi.DefaultPriority {
		t.Fatalf("a new thread's priority is %d, want %d", p, abi.DefaultPriority)
	}
	for _, tc := range []struct {
		p    int
		want abi.Errno
		now  int
	}{
		{1, 0, 1}, {255, 0, 255}, {0, abi.EINVAL, 255}, {256, abi.EINVAL, 255}, {-1, abi.EINVAL, 255}, {10, 0, 10},
	} {
		expect(t, "setpriority", th.SetPriority(tc.p), tc.want)
		if p := th.Priority(); p != tc.now {
			t.Errorf("after SetPriority(%d): priority %d, want %d", tc.p, p, tc.now)
		}
	}
}

// TestSpawnedPriority: a spawned thread starts at its spawner's base
// priority at the time of the spawn, and later changes of either leave
// the other alone.
func TestSpawnedPriority(t *testing.T) {
	h := newHarness(t)
	parent := h.thread()
	expect(t, "setpriority", parent.SetPriority(42), 0)
	child, err := parent.NewThread()
	if err != nil {
		t.Fatal(err)
	}
	if child.Priority() != 42 || child.Tid() != 2 {
		t.Fatalf("child: tid %d priority %d, want tid 2 priority 42", child.Tid(), child.Priority())
	}
	expect(t, "setpriority", parent.SetPriority(7), 0)
	grandchild, _ := child.NewThread()
	if child.Priority() != 42 || grandchild.Priority() != 42 {
		t.Errorf("child %d, grandchild %d: want both 42", child.Priority(), grandchild.Priority())
	}
	if other, _ := h.run.NewThread(); other.Priority() != abi.DefaultPriority {
		t.Errorf("Run.NewThread's thread starts at %d, want the default", other.Priority())
	}
}
