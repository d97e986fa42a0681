package wasmhost_test

import (
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"sync"

	"github.com/wasync/wasync/wasmhost"
)

// A library-style guest (testdata/reactor.wat) called from eight
// goroutines at once: each call is a guest thread, and the guest's wasync
// mutex keeps its counter exact. The memory is read directly afterwards.
func ExampleModule_Instantiate() {
	ctx := context.Background()
	wasm, err := os.ReadFile("../testdata/reactor.wasm")
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
	mod, err := rt.Compile(ctx, wasm)
	if err != nil {
		fmt.Println(err)
		return
	}
	inst, err := mod.Instantiate(ctx) // calls _initialize
	if err != nil {
		fmt.Println(err)
		return
	}
	defer inst.Close(ctx)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 100 {
				if _, err := inst.Call(ctx, "add", 1); err != nil {
					fmt.Println(err)
				}
			}
		})
	}
	wg.Wait()
	res, err := inst.Call(ctx, "get")
	word, _ := inst.Memory().Read(32, 4)
	fmt.Println(res[0], err, binary.LittleEndian.Uint32(word))
	// Output: 800 <nil> 800
}
