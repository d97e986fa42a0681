package luabind_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/wasync/wasync/diag"
	"github.com/wasync/wasync/luabind"
	"github.com/wasync/wasync/syncrt"
)

// observeScript makes one call of each outcome the test checks; its line
// numbers are in the test's table.
const observeScript = `local s = thread.semaphore(0)
local m = thread.mutex()
m:lock()
local function waiter(s, m)
  local busy = m:trylock()
  s:acquire()
end
local t = thread.spawn(waiter, s, m)
while s.waiters == 0 do thread.sleep(0.001) end
s:release()
t:join()
pcall(m.lock, m)
m:unlock()
m:timedlock(math.huge)
m:unlock()
local _, err = pcall(m.unlock, m)
return err
`

func TestObserve(t *testing.T) {
	type call struct {
		tid     uint32
		op      syncrt.Op
		outcome string
	}
	type want struct {
		madeAt    int  // line of the object's constructor
		contended bool // the call had to wait
		stack     []diag.Frame
	}
	cases := map[call]want{
		{1, syncrt.OpLockMutex, "ok"}: {madeAt: 2},
		{2, syncrt.OpTryLockMutex, "busy"}: {madeAt: 2, contended: true, // owned: not to be had at once
			stack: []diag.Frame{{Function: "function@observe.lua:4", File: "observe.lua", Line: 5}}},
		{1, syncrt.OpLockMutex, "cannot recursively lock mutex"}: {madeAt: 2},
		{1, syncrt.OpUnlockMutex, "ok"}:                          {madeAt: 2},
		{1, syncrt.OpTimeLockMutex, "ok"}:                        {madeAt: 2}, // math.huge: still a timelockmutex
		{1, syncrt.OpUnlockMutex, "mutex already unlocked"}:      {madeAt: 2}, // the script's error's text
		{2, syncrt.OpAcquireSemaphore, "ok"}: {madeAt: 1, contended: true,
			stack: []diag.Frame{{Function: "function@observe.lua:4", File: "observe.lua", Line: 6}}},
	}
	for _, stacks := range []bool{false, true} {
		t.Run(fmt.Sprint("stacks=", stacks), func(t *testing.T) {
			var mu sync.Mutex
			got := map[call]diag.Event{}
			res, err := luabind.RunString(context.Background(), "observe.lua", observeScript, luabind.Options{
				Stacks: stacks,
				Observe: func(e diag.Event) {
					mu.Lock()
					defer mu.Unlock()
					got[call{e.Tid, e.Op, e.Outcome}] = e
				},
			})
			if err != nil {
				t.Fatal(err)
			}
			if want := "mutex already unlocked"; len(res) != 1 || res[0] != want {
				t.Errorf("script's error %v, want %q: the trace and the script word it alike", res, want)
			}
			for c, w := range cases {
				e, ok := got[c]
				if !ok {
					t.Errorf("no event %+v in %v", c, got)
					continue
				}
				if name := fmt.Sprintf("#%d (observe.lua:%d)", e.ID, w.madeAt); e.Object != name {
					t.Errorf("%+v: object %q, want %q", c, e.Object, name)
				}
				if e.Contended != w.contended {
					t.Errorf("%+v: contended %v, want %v", c, e.Contended, w.contended)
				}
				if !stacks {
					w.stack = nil
				}
				if fmt.Sprint(e.Stack) != fmt.Sprint(w.stack) {
					t.Errorf("%+v: stack %v, want %v", c, e.Stack, w.stack)
				}
			}
		})
	}
}

// TestStacksNeedObserve: Stacks without Observe is refused, not ignored.
func TestStacksNeedObserve(t *testing.T) {
	_, err := luabind.RunString(context.Background(), "s", `print(1)`, luabind.Options{Stacks: true})
	if err == nil || !strings.Contains(err.Error(), "Options.Stacks needs Options.Observe") {
		t.Errorf("RunString = %v; want Stacks needs Observe", err)
	}
}
