package instrument

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

// tool returns the path of a wabt tool: tests skip without it, unless env
// CI is set, where they fail.
func tool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s (wabt) is required in CI: %v", name, err)
		}
		t.Skipf("%s (wabt) not installed: %v", name, err)
	}
	return p
}

// wat assembles WAT source with threads (and extra flags) enabled.
func wat(t testing.TB, src string, flags ...string) []byte {
	t.Helper()
	dir := t.TempDir()
	in, out := filepath.Join(dir, "m.wat"), filepath.Join(dir, "m.wasm")
	if err := os.WriteFile(in, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return assembleFile(t, in, out, flags...)
}

func assembleFile(t testing.TB, in, out string, flags ...string) []byte {
	t.Helper()
	args := append([]string{"--enable-threads", "--debug-names", in, "-o", out}, flags...)
	if b, err := exec.Command(tool(t, "wat2wasm"), args...).CombinedOutput(); err != nil {
		t.Fatalf("wat2wasm %s: %v\n%s", in, err, b)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// wasmValidate runs wabt's validator on a module.
func wasmValidate(t testing.TB, wasm []byte) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "out.wasm")
	if err := os.WriteFile(p, wasm, 0o644); err != nil {
		t.Fatal(err)
	}
	if b, err := exec.Command(tool(t, "wasm-validate"), "--enable-threads", p).CombinedOutput(); err != nil {
		t.Fatalf("wasm-validate: %v\n%s", err, b)
	}
}

// features are wasmhost's.
const features = api.CoreFeaturesV2 | experimental.CoreFeaturesThreads

// newWazero returns a compiler runtime with wasmhost's features, closed with
// the test.
func newWazero(t testing.TB) wazero.Runtime {
	t.Helper()
	ctx := context.Background()
	wz := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfigCompiler().WithCoreFeatures(features))
	t.Cleanup(func() { _ = wz.Close(ctx) })
	return wz
}
