package luabind

import (
	"context"

	goruntime "runtime"
	"testing"
	"time"

	lua "github.com/Shopify/go-lua"
)

// TestObjectsCollectable: sync objects a script makes and drops are
// freed: making 30k more of each kind (Momentum's and bound Phoenix
// mutexes, semaphores) leaves the live heap where it was. Before the
// binding held them weakly, each stayed in the State's tables for the
// whole run (about 500 bytes a mutex).
func TestObjectsCollectable(t *testing.T) {
	if testing.Short() {
		t.Skip("allocates a few hundred thousand objects")
	}
	funcs := map[string]lua.Function{"liveHeap": func(l *lua.State) int {
		// A collection runs the cleanups that drop the binding's entries
		// for freed tables; the next one frees what those entries held.
		var ms goruntime.MemStats
		for range 4 {
			goruntime.GC()
			goruntime.Gosched()
		}
		goruntime.ReadMemStats(&ms)
		l.PushNumber(float64(ms.HeapAlloc))
		return 1
	}}
	src := `
local function churn(n)
  for i = 1, n do
    local m = thread.mutex()
    m:lock() m:unlock()
    local p = setmetatable({}, {__name = "mutex"})
    lockmutex(p) unlockmutex(p)
    local s = thread.semaphore(1)
    s:acquire() s:release()
  end
end
churn(5000)
local before = liveHeap()
churn(30000)
return before, liveHeap()`
	res, err := RunString(context.Background(), "churn.lua", src, Options{Funcs: funcs, TimeLimit: 5 * time.Minute})
	if err != nil || len(res) != 2 {
		t.Fatalf("%v, %v", res, err)
	}
	before, after := res[0].(float64), res[1].(float64)
	t.Logf("live heap after 5k objects of each kind: %.1f MB; after 30k more: %.1f MB", before/1e6, after/1e6)
	if growth := after - before; growth > 10e6 {
		t.Errorf("live heap grew by %.1f MB over 90k dropped objects: they are not freed", growth/1e6)
	}
}
