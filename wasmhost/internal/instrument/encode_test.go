package instrument

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestEncode: the host's modules encode as wat2wasm assembles the same
// text (without names).
func TestEncode(t *testing.T) {
	shared := Limits{Min: 1, Max: 2, Shared: true}
	for _, c := range []struct {
		name string
		m    *Module
		wat  string
	}{
		{"run module", nil, `(module (global (export "stop") (mut i32) (i32.const 0))
			(global (export "stack_limit") (mut i32) (i32.const 0)))`},
		{"memory", &Module{Memory: &shared, Exports: []Export{{"memory", KindMemory, 0}}},
			`(module (memory (export "memory") 1 2 shared))`},
		{"unshared memory", &Module{Memory: &Limits{Min: 3}, Exports: []Export{{"m", KindMemory, 0}}},
			`(module (memory (export "m") 3))`},
		{"memory with functions", &Module{
			Imports: []Import{{"env", "f", FuncType{[]byte{I32, I64}, []byte{I32}}}, {"env", "g", FuncType{}}},
			Memory:  &Limits{Min: 1, Max: 4, HasMax: true},
			Exports: []Export{{"memory", KindMemory, 0}, {"f", KindFunc, 0}, {"g", KindFunc, 1}},
		}, `(module (import "env" "f" (func (param i32 i64) (result i32))) (import "env" "g" (func))
			(memory (export "memory") 1 4) (export "f" (func 0)) (export "g" (func 1)))`},
		{"functions", &Module{
			Funcs:   []Func{{Code: []byte{opEnd}}, {Type: FuncType{Results: []byte{I32}}, Code: []byte{opI32Const, 7, opEnd}}},
			Exports: []Export{{"_start", KindFunc, 0}},
		}, `(module (func (export "_start")) (func (result i32) (i32.const 7)))`},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := RunModuleBinary()
			if c.m != nil {
				got = c.m.Encode()
			}
			dir := t.TempDir()
			in, out := filepath.Join(dir, "m.wat"), filepath.Join(dir, "m.wasm")
			if err := os.WriteFile(in, []byte(c.wat), 0o644); err != nil {
				t.Fatal(err)
			}
			if b, err := exec.Command(tool(t, "wat2wasm"), "--enable-threads", in, "-o", out).CombinedOutput(); err != nil {
				t.Fatalf("wat2wasm: %v\n%s", err, b)
			}
			want, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("got  % x\nwant % x", got, want)
			}
			wasmValidate(t, got)
		})
	}
}
