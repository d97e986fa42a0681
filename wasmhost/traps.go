package wasmhost

import (
	"context"
	"errors"
	"fmt"

	"github.com/tetratelabs/wazero"
	"github.com/wasync/wasync/wasmhost/internal/instrument"
)

// atomicTraps are wazero's own trap errors, so that a trap in a host
// function reads exactly as the original instruction's.
type atomicTraps struct {
	outOfBounds, unaligned, notShared error
}

// probeTraps makes wazero raise its three atomic traps once, and keeps the
// errors: panicking with one from a host function makes wazero report it as
// "wasm error: ..." with the stack trace, as if the instruction trapped.
func probeTraps(ctx context.Context, wz wazero.Runtime) (atomicTraps, error) {
	const name = "probe"
	probe := func(memLimits instrument.Limits, code []byte) error {
		m := (&instrument.Module{
			Funcs:   []instrument.Func{{Code: code}},
			Memory:  &memLimits,
			Exports: []instrument.Export{{Name: name, Kind: instrument.KindFunc}},
		}).Encode()
		mod, err := wz.InstantiateWithConfig(ctx, m, wazero.NewModuleConfig().WithName("").WithStartFunctions())
		if err != nil {
			return err
		}
		defer mod.Close(ctx)
		_, err = mod.ExportedFunction(name).Call(ctx)
		if err == nil {
			return fmt.Errorf("wasmhost: probe %s did not trap", name)
		}
		return err
	}
	load := func(addr ...byte) []byte { // drop (i32.atomic.load (i32.const addr))
		return append(append([]byte{0x41}, addr...), 0xFE, 0x10, 2, 0, 0x1A, 0x0B)
	}
	shared := instrument.Limits{Min: 1, Max: 1, Shared: true}
	var t atomicTraps
	for _, c := range []struct {
		into   *error
		want   string
		limits instrument.Limits
		code   []byte
	}{
		{&t.outOfBounds, "out of bounds memory access", shared, load(0x80, 0x80, 0x04)}, // 65536
		{&t.unaligned, "unaligned atomic", shared, load(1)},
		// drop (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const 0)) on a non-shared memory
		{&t.notShared, "expected shared memory", instrument.Limits{Min: 1}, []byte{0x41, 0, 0x41, 0, 0x42, 0, 0xFE, 1, 2, 0, 0x1A, 0x0B}},
	} {
		err := probe(c.limits, c.code)
		if *c.into = errors.Unwrap(err); *c.into == nil || (*c.into).Error() != c.want {
			return t, fmt.Errorf("wasmhost: probing wazero's trap %q: got %v", c.want, err)
		}
	}
	return t, nil
}
