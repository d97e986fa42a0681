package instrument_test

import (
	"context"
	"fmt"

	"github.com/tetratelabs/wazero"
	"github.com/wasync/wasync/wasmhost/internal/instrument"
)

// Rewrite adds the imports the host provides; a guest may not import them
// itself.
func ExampleRewrite() {
	// (module (func (export "_start") (loop (br 0))))
	spin := []byte{
		0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
		0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
		0x03, 0x02, 0x01, 0x00,
		0x07, 0x0a, 0x01, 0x06, '_', 's', 't', 'a', 'r', 't', 0x00, 0x00,
		0x0a, 0x09, 0x01, 0x07, 0x00, 0x03, 0x40, 0x0c, 0x00, 0x0b, 0x0b,
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
