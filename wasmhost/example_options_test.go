package wasmhost_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"testing/fstest"
	"time"

	"github.com/tetratelabs/wazero"
	"github.com/wasync/wasync/wasmhost"
)

// A guest reads a file from an fs.FS mounted read-only as its directory
// (testdata/catfile.wat copies "hello" to stdout).
func ExampleWithFS() {
	ctx := context.Background()
	wasm, err := os.ReadFile("../testdata/catfile.wasm")
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
	files := fstest.MapFS{"hello": {Data: []byte("hello from an fs.FS\n")}}
	code, err := rt.Run(ctx, wasm, wasmhost.WithFS(files, "/"), wasmhost.WithStdout(os.Stdout))
	fmt.Println(code, err)
	// Output:
	// hello from an fs.FS
	// 0 <nil>
}

// The same clocks and random bytes on every run (testdata/clock.wat exits
// with the wall clock's seconds + the monotonic ns + its first random
// byte).
func ExampleWithWalltime() {
	ctx := context.Background()
	wasm, err := os.ReadFile("../testdata/clock.wasm")
	if err != nil {
		fmt.Println(err)
		return
	}
	rt, err := wasmhost.NewRuntime(ctx,
		wasmhost.WithWalltime(func() (int64, int32) { return 40, 0 }, time.Second),
		wasmhost.WithNanotime(func() int64 { return 100 }, time.Nanosecond))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer rt.Close(ctx)
	for range 2 {
		code, err := rt.Run(ctx, wasm, wasmhost.WithRandSource(bytes.NewReader([]byte{2, 0, 0, 0})))
		fmt.Println(code, err)
	}
	// Output:
	// 142 <nil>
	// 142 <nil>
}

// Compiled code kept in a directory: a second Runtime (another process,
// typically) finds it there instead of compiling again.
func ExampleWithCompilationCache() {
	ctx := context.Background()
	wasm, err := os.ReadFile("../testdata/counter.wasm")
	if err != nil {
		fmt.Println(err)
		return
	}
	dir, err := os.MkdirTemp("", "wasync-cache")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	for range 2 {
		cache, err := wazero.NewCompilationCacheWithDir(dir)
		if err != nil {
			fmt.Println(err)
			return
		}
		rt, err := wasmhost.NewRuntime(ctx, wasmhost.WithCompilationCache(cache))
		if err != nil {
			fmt.Println(err)
			return
		}
		code, err := rt.Run(ctx, wasm, wasmhost.WithArgs("counter", "2", "10"), wasmhost.WithStdout(os.Stdout))
		fmt.Println(code, err)
		_ = rt.Close(ctx)
		_ = cache.Close(ctx)
	}
	// Output:
	// counter: 2 threads x 10 increments (fast) = 20
	// 0 <nil>
	// counter: 2 threads x 10 increments (fast) = 20
	// 0 <nil>
}
