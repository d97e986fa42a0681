package wasmhost_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/wasync/wasync/abi"
	"github.com/wasync/wasync/diag"
	"github.com/wasync/wasync/syncrt"
	"github.com/wasync/wasync/wasmhost"
)

// recorder keeps a run's events.
type recorder struct {
	mu     sync.Mutex
	events []diag.Event
}

func (r *recorder) observe(e diag.Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, e)
}

// TestObserverCountsEveryCall: every host call of a guest reaches the
// observer, named by its guest address and its errno's name.
func TestObserverCountsEveryCall(t *testing.T) {
	ctx := context.Background()
	rt := newRuntime(t)
	var rec recorder
	code, err := compileGuest(t, rt, "counter").Run(ctx, wasmhost.WithArgs("counter", "4", "500", "sys"),
		wasmhost.WithObserver(rec.observe))
	if code != 0 || err != nil {
		t.Fatalf("run = %d, %v", code, err)
	}
	calls := map[string]int{}
	for _, e := range rec.events {
		// The SDK's join semaphores add what they are to the address.
		if addr := fmt.Sprintf("0x%x", e.ID); e.Object != addr && !strings.HasPrefix(e.Object, addr+" (end of thread ") {
			t.Errorf("event %+v: object %q is not its address %#x", e.Event, e.Object, e.ID)
		}
		if e.Stack != nil {
			t.Errorf("event %+v has a stack in a run without WithStacks", e.Event)
		}
		calls[e.Op.String()+" "+e.Outcome]++
	}
	for _, call := range []string{"lockmutex ESUCCESS", "unlockmutex ESUCCESS"} {
		if calls[call] != 4*500 {
			t.Errorf("%d × %s, want %d (all calls: %v)", calls[call], call, 4*500, calls)
		}
	}
}

// TestObserverSeesDestroy: ABI 1.1's destroy calls are observed as the
// others are, named by their ABI function names.
func TestObserverSeesDestroy(t *testing.T) {
	rt := newRuntime(t)
	var rec recorder
	code, err := compileGuest(t, rt, "destroy").Run(context.Background(), wasmhost.WithObserver(rec.observe))
	if code != 0 || err != nil {
		t.Fatalf("run = %d, %v", code, err)
	}
	calls := map[string]int{}
	for _, e := range rec.events {
		calls[e.Op.String()+" "+e.Outcome]++
	}
	for _, call := range []string{"destroymutex ESUCCESS", "destroymutex EBUSY", "destroymutex EINVAL",
		"destroysemaphore ESUCCESS", "destroysemaphore EBUSY", "destroysemaphore EINVAL"} {
		if calls[call] == 0 {
			t.Errorf("no %s event (all: %v)", call, calls)
		}
	}
}

// TestObserverStacks: with stacks, a contended call's event names the
// guest functions that made it, innermost first, from the name section.
func TestObserverStacks(t *testing.T) {
	ctx := context.Background()
	rt := newRuntime(t)
	mod := compileGuest(t, rt, "allblocked")
	for _, stacks := range []bool{false, true} {
		t.Run(fmt.Sprint("stacks=", stacks), func(t *testing.T) {
			var rec recorder
			code, _ := mod.Run(ctx,
				wasmhost.WithObserver(rec.observe), wasmhost.WithStacks(stacks))
			if code != abi.ExitAllBlocked {
				t.Fatalf("exit %d, want %d", code, abi.ExitAllBlocked)
			}
			// Both threads block for good, so both calls are contended.
			want := map[uint32]struct {
				op    syncrt.Op
				inner string
			}{
				1: {syncrt.OpAcquireSemaphore, "main"},
				2: {syncrt.OpLockMutex, "thread2"},
			}
			for _, e := range rec.events {
				w, ok := want[e.Tid]
				if !e.Contended || !ok || e.Op != w.op {
					continue
				}
				delete(want, e.Tid)
				if e.Result != syncrt.Stopped || e.Outcome != "ECANCELED" {
					t.Errorf("thread %d: result %v %q, want the run's end", e.Tid, e.Result, e.Outcome)
				}
				switch {
				case !stacks && e.Stack != nil:
					t.Errorf("thread %d: stack %v without WithStacks", e.Tid, e.Stack)
				case stacks && (len(e.Stack) < 2 || e.Stack[0].Function != w.inner):
					t.Errorf("thread %d: stack %v, want %s innermost", e.Tid, e.Stack, w.inner)
				}
			}
			if len(want) != 0 {
				t.Errorf("no contended event of %v in %+v", want, rec.events)
			}
		})
	}
}

// TestStacksNeedObserver: WithStacks without an observer is refused, by
// Run and by Instantiate, rather than silently ignored.
func TestStacksNeedObserver(t *testing.T) {
	ctx := context.Background()
	rt := newRuntime(t)
	m := compileGuest(t, rt, "counter")
	code, err := m.Run(ctx, wasmhost.WithArgs("counter", "1", "1", "sys"), wasmhost.WithStacks(true))
	if code != wasmhost.ExitHostError || err == nil || !strings.Contains(err.Error(), "WithStacks needs WithObserver") {
		t.Errorf("Run = %d, %v; want ExitHostError, WithStacks needs WithObserver", code, err)
	}
	if in, err := m.Instantiate(ctx, wasmhost.WithStacks(true)); err == nil || !strings.Contains(err.Error(), "WithStacks needs WithObserver") {
		if in != nil {
			_ = in.Close(ctx)
		}
		t.Errorf("Instantiate: %v; want WithStacks needs WithObserver", err)
	}
}
