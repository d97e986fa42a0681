package wasmhost

import (
	"context"
	"strings"
	"testing"
)

// TestUnknownImportNamed: a function nothing defines is named in the
// error, module::name as wasmtime says it, whether the guest imports its
// memory from the same module or not, and whatever other host module of
// that name exists.
func TestUnknownImportNamed(t *testing.T) {
	tests := []struct{ name, imports, want string }{
		{"own memory", `(import "env" "foo" (func)) (memory 1)`, "env::foo has not been defined"},
		{"memory from env", `(import "env" "foo" (func)) (import "env" "memory" (memory 1 1 shared))`, "env::foo has not been defined"},
		{"host module lacks it", `(import "host" "bar" (func)) (memory 1)`, "host::bar has not been defined"},
		{"not a wasync call", `(import "wasync" "lockmutexx" (func (param i32) (result i32))) (memory 1)`,
			"wasync::lockmutexx is not a call of the wasync ABI 1.1 this host serves"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rt := newTestRuntime(t)
			if _, err := rt.NewHostModuleBuilder("host").NewFunctionBuilder().
				WithFunc(func() {}).Export("other").Instantiate(context.Background()); err != nil {
				t.Fatal(err)
			}
			code, err := rt.Run(context.Background(), wat(t, `(module `+tc.imports+` (func (export "_start")))`))
			want := "unknown import: " + tc.want
			if code != ExitHostError || err == nil || !strings.Contains(err.Error(), want) {
				t.Fatalf("got %d (%v), want ExitHostError and %q", code, err, want)
			}
		})
	}
}
