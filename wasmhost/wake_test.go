package wasmhost

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

// TestWaitersOfWazeroMemory guards the one use of wazero's internals: a
// run's end wakes threads parked in memory.atomic.wait32 by reading the
// waited addresses from the memory instance's unexported `waiters` field.
// If wazero renames or retypes it, this fails, and so does every run with a
// shared memory (it refuses to start rather than hang at its end).
func TestWaitersOfWazeroMemory(t *testing.T) {
	ctx := context.Background()
	rt := newTestRuntime(t)
	mi := &memoryImport{module: "env", name: "memory", min: 1, max: 1, hasMax: true, shared: true}
	memMod, err := mi.instantiate(ctx, rt.wz, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer memMod.Close(ctx)
	mem := memMod.ExportedMemory("memory")
	ws, err := waitersOf(mem)
	if err != nil {
		t.Fatalf("wazero's internals changed; see wake.go: %v", err)
	}

	cm, err := rt.wz.CompileModule(ctx, wat(t, `(module
	  (memory (import "env" "memory") 1 1 shared)
	  (func (export "park") (result i32)
	    (memory.atomic.wait32 (i32.const 64) (i32.const 0) (i64.const -1))))`))
	if err != nil {
		t.Fatal(err)
	}
	defer cm.Close(ctx)
	inst, err := rt.wz.InstantiateModule(experimental.WithImportResolver(ctx, func(string) api.Module { return memMod }), cm, wazero.NewModuleConfig().WithName(""))
	if err != nil {
		t.Fatal(err)
	}
	defer inst.Close(ctx)
	woken := make(chan uint64)
	go func() {
		res, err := inst.ExportedFunction("park").Call(ctx)
		if err != nil {
			t.Error(err)
		}
		woken <- res[0]
	}()
	// wazero tells nobody when a thread has parked: wake the map's
	// addresses in rounds, as a run's end does, until it returns.
	deadline := time.After(10 * time.Second)
	for {
		ws.wakeAll()
		select {
		case res := <-woken:
			if res != 0 {
				t.Fatalf("wait32 returned %d, want 0 (woken)", res)
			}
			if _, ok := ws.addrs.Load(uint32(64)); !ok {
				t.Fatal("address 64 is not in the waiter map")
			}
			return
		case <-deadline:
			t.Fatal("the thread parked in wait32 was never woken through the waiter map")
		default:
			runtime.Gosched()
		}
	}
}
