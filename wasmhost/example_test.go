package wasmhost_test

import (
	"bytes"
	"context"
	"fmt"
	"os"

	"github.com/wasync/wasync/abi"
	"github.com/wasync/wasync/diag"
	"github.com/wasync/wasync/wasmhost"
)

// A guest relocks a non-recursive mutex and exits with the errno it got
// (testdata/relock.wat).
func ExampleRuntime_Run() {
	ctx := context.Background()
	wasm, err := os.ReadFile("../testdata/relock.wasm")
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
	code, err := rt.Run(ctx, wasm)
	fmt.Println(code, abi.Errno(code).String(), err)
	// Output: 16 EDEADLK <nil>
}

// Compile once, run many times: each run has its own memory and threads.
// The counter from testdata has four threads add to one total under a mutex.
func ExampleModule_Run() {
	ctx := context.Background()
	wasm, err := os.ReadFile("../testdata/counter.wasm")
	if err != nil {
		fmt.Println(err)
		return
	}
	rt, err := wasmhost.NewRuntime(ctx, wasmhost.WithMaxThreads(8))
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
	for range 2 {
		var out bytes.Buffer
		code, err := mod.Run(ctx, wasmhost.WithArgs("counter"), wasmhost.WithStdout(&out))
		fmt.Print(code, " ", err, " ", out.String())
	}
	// Output:
	// 0 <nil> counter: 4 threads x 100000 increments (fast) = 400000
	// 0 <nil> counter: 4 threads x 100000 increments (fast) = 400000
}

// Watch a guest's wasync calls: each event names the thread, the call, the
// object by its guest address and the result by its errno's name.
func ExampleWithObserver() {
	ctx := context.Background()
	wasm, err := os.ReadFile("../testdata/relock.wasm")
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
	code, err := rt.Run(ctx, wasm, wasmhost.WithObserver(func(e diag.Event) {
		fmt.Printf("thread %d %s %s: %s\n", e.Tid, e.Op, e.Object, e.Outcome)
	}))
	fmt.Println(code, err)
	// Output:
	// thread 1 lockmutex 0x10: ESUCCESS
	// thread 1 lockmutex 0x10: EDEADLK
	// 16 <nil>
}
