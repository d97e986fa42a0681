package wasmhost_test

import (
	"context"
	"encoding/binary"
	"fmt"
	"os"

	"github.com/tetratelabs/wazero/api"
	"github.com/wasync/wasync/wasmhost"
)

// A host function of the embedder's own, env.report, called by two guest
// threads (testdata/hostcall.wat): each call gets the calling thread's
// instance, over the run's one memory, and its tid from the context. The
// guest imports its memory from "env" too.
func ExampleRuntime_NewHostModuleBuilder() {
	ctx := context.Background()
	wasm, err := os.ReadFile("../testdata/hostcall.wasm")
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
	report := func(ctx context.Context, mod api.Module, addr uint32) {
		tid, _ := wasmhost.ThreadID(ctx)
		word, _ := mod.Memory().Read(addr, 4)
		fmt.Printf("thread %d reports %d\n", tid, binary.LittleEndian.Uint32(word))
	}
	_, err = rt.NewHostModuleBuilder("env").
		NewFunctionBuilder().WithFunc(report).Export("report").
		Instantiate(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	code, err := rt.Run(ctx, wasm)
	fmt.Println(code, err)
	// Output:
	// thread 2 reports 2
	// thread 1 reports 1
	// 0 <nil>
}
