package instrument_test

import (
	"context"
	"fmt"
	"os"

	"github.com/tetratelabs/wazero"
	"github.com/wasync/wasync/wasmhost/internal/instrument"
)

// Rewrite adds the imports the host provides; a guest may not import them
// itself.
func ExampleRewrite() {
	spin, err := os.ReadFile("../../../testdata/spin.wasm") // a loop with no call
	if err != nil {
		fmt.Println(err)
		return
	}
	out, _, err := instrument.Rewrite(spin)
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	wz := wazero.NewRuntime(ctx)
	defer wz.Close(ctx)
	cm, err := wz.CompileModule(ctx, out)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range cm.ImportedFunctions() {
		mod, name, _ := f.Import()
		fmt.Println(mod, name)
	}
	// Output:
	// wasync:instrument safepoint
	// wasync:instrument notify
	// wasync:instrument wait32
	// wasync:instrument wait64
	// wasync:instrument stack_overflow
	// wasync:instrument stack_limit_exceeded
}
