package wasmhost_test

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/wasync/wasync/wasmhost"
)

// A guest that spins for ever is stopped at its time limit: the Runtime
// instruments it by default, so the spinning thread sees the run's end at
// its next loop header (testdata/spin.wat).
func ExampleWithInstrumentation() {
	ctx := context.Background()
	spinForever, err := os.ReadFile("../testdata/spin.wasm")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, on := range []bool{true, false} {
		rt, err := wasmhost.NewRuntime(ctx, wasmhost.WithInstrumentation(on))
		if err != nil {
			fmt.Println(err)
			return
		}
		m, err := rt.Compile(ctx, spinForever)
		if err != nil {
			fmt.Println(err)
			return
		}
		code, err := m.Run(ctx, wasmhost.WithTimeLimit(10*time.Millisecond))
		fmt.Printf("instrumented %v: %d, %v\n", on, code, err)
		_ = rt.Close(ctx)
	}
	// Output:
	// instrumented true: 124, wasmhost: time limit exceeded after 10ms
	// instrumented false: 124, wasmhost: time limit exceeded after 10ms
}
