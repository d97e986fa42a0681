package wasmhost_test

import (
	"context"
	"fmt"
	"time"

	"github.com/wasync/wasync/wasmhost"
)

// spinForever is `(module (func (export "_start") (loop (br 0))))`: a loop
// with no call in it, which only instrumentation (or wazero's
// WithCloseOnContextDone) can stop.
var spinForever = []byte{
	0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
	0x01, 0x04, 0x01, 0x60, 0x00, 0x00, // type () -> ()
	0x03, 0x02, 0x01, 0x00, // one function of type 0
	0x07, 0x0a, 0x01, 0x06, '_', 's', 't', 'a', 'r', 't', 0x00, 0x00, // export "_start"
	0x0a, 0x09, 0x01, 0x07, 0x00, 0x03, 0x40, 0x0c, 0x00, 0x0b, 0x0b, // loop br 0 end end
}

// A guest that spins for ever is stopped at its time limit: the Runtime
// instruments it by default, so the spinning thread sees the run's end at
// its next loop header.
func ExampleWithInstrumentation() {
	ctx := context.Background()
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
	// instrumented true: 124, wasmhost: time limit reached after 10ms
	// instrumented false: 124, wasmhost: time limit reached after 10ms
}
