package wasmhost

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// wat2wasm returns the path of the wat2wasm tool: tests skip without it,
// unless env CI is set, where they fail.
func wat2wasm(t testing.TB) string {
	t.Helper()
	p, err := exec.LookPath("wat2wasm")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("wat2wasm (wabt) is required in CI: %v", err)
		}
		t.Skipf("wat2wasm (wabt) not installed: %v", err)
	}
	return p
}

// assemble assembles a WAT file with threads enabled.
func assemble(t testing.TB, watPath string) []byte {
	t.Helper()
	out := filepath.Join(t.TempDir(), "m.wasm")
	cmd := exec.Command(wat2wasm(t), "--enable-threads", watPath, "-o", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("wat2wasm %s: %v\n%s", watPath, err, b)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// wat assembles a module from WAT source.
func wat(t testing.TB, src string) []byte {
	t.Helper()
	p := filepath.Join(t.TempDir(), "m.wat")
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return assemble(t, p)
}

// newTestRuntime returns a Runtime closed at the end of the test.
func newTestRuntime(t testing.TB, opts ...Option) *Runtime {
	t.Helper()
	rt, err := NewRuntime(context.Background(), opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = rt.Close(context.Background()) })
	return rt
}

// compile compiles WAT source in rt.
func compile(t testing.TB, rt *Runtime, src string) *Module {
	t.Helper()
	m, err := rt.Compile(context.Background(), wat(t, src))
	if err != nil {
		t.Fatal(err)
	}
	return m
}
