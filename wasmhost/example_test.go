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

// relockWasm is this module, assembled by wat2wasm --enable-threads:
//
//	(module
//	  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
//	  (import "wasync" "lockmutex" (func $lock (param i32) (result i32)))
//	  (memory (import "env" "memory") 1 1 shared)
//	  (func (export "_start")
//	    (i32.store (i32.const 16) (i32.const 0x5854554D)) ;; a mutex at 16
//	    (drop (call $lock (i32.const 16)))
//	    (call $exit (call $lock (i32.const 16)))))
var relockWasm = []byte{
	0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0d, 0x03, 0x60,
	0x01, 0x7f, 0x00, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x60, 0x00, 0x00, 0x02,
	0x46, 0x03, 0x16, 0x77, 0x61, 0x73, 0x69, 0x5f, 0x73, 0x6e, 0x61, 0x70,
	0x73, 0x68, 0x6f, 0x74, 0x5f, 0x70, 0x72, 0x65, 0x76, 0x69, 0x65, 0x77,
	0x31, 0x09, 0x70, 0x72, 0x6f, 0x63, 0x5f, 0x65, 0x78, 0x69, 0x74, 0x00,
	0x00, 0x06, 0x77, 0x61, 0x73, 0x79, 0x6e, 0x63, 0x09, 0x6c, 0x6f, 0x63,
	0x6b, 0x6d, 0x75, 0x74, 0x65, 0x78, 0x00, 0x01, 0x03, 0x65, 0x6e, 0x76,
	0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x03, 0x01, 0x01, 0x03,
	0x02, 0x01, 0x02, 0x07, 0x0a, 0x01, 0x06, 0x5f, 0x73, 0x74, 0x61, 0x72,
	0x74, 0x00, 0x02, 0x0a, 0x1a, 0x01, 0x18, 0x00, 0x41, 0x10, 0x41, 0xcd,
	0xaa, 0xd1, 0xc2, 0x05, 0x36, 0x02, 0x00, 0x41, 0x10, 0x10, 0x01, 0x1a,
	0x41, 0x10, 0x10, 0x01, 0x10, 0x00, 0x0b,
}

// A guest relocks a non-recursive mutex and exits with the errno it got.
func ExampleRuntime_Run() {
	ctx := context.Background()
	rt, err := wasmhost.NewRuntime(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer rt.Close(ctx)
	code, err := rt.Run(ctx, relockWasm)
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
	rt, err := wasmhost.NewRuntime(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer rt.Close(ctx)
	code, err := rt.Run(ctx, relockWasm, wasmhost.WithObserver(func(e diag.Event) {
		fmt.Printf("thread %d %s %s: %s\n", e.Tid, e.Op, e.Object, e.Outcome)
	}))
	fmt.Println(code, err)
	// Output:
	// thread 1 lockmutex 0x10: ESUCCESS
	// thread 1 lockmutex 0x10: EDEADLK
	// 16 <nil>
}
