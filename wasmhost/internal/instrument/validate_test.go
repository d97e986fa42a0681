package instrument

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Paths from this package to the guests and to the wasi-threads suite,
// which sits beside the checkout.
const (
	testdataDir    = "../../../testdata"
	conformanceDir = "../../../../shared/conformance/wasi-threads"
)

// guestModules returns every testdata guest and wasi-threads case, by name.
func guestModules(t testing.TB) map[string][]byte {
	t.Helper()
	mods := map[string][]byte{}
	paths, _ := filepath.Glob(filepath.Join(testdataDir, "*.wasm"))
	if len(paths) == 0 {
		t.Fatalf("no guests in %s", testdataDir)
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		mods[filepath.Base(p)] = b
	}
	cases, _ := filepath.Glob(filepath.Join(conformanceDir, "*.wat"))
	if len(cases) == 0 && os.Getenv("CI") != "" {
		t.Fatalf("no wasi-threads cases in %s", conformanceDir)
	}
	for _, p := range cases {
		mods["wasi-threads/"+filepath.Base(p)] = assembleFile(t, p, filepath.Join(t.TempDir(), "m.wasm"))
	}
	return mods
}

// TestGuestsValidate: the instrumented form of every testdata guest and
// wasi-threads case passes wabt's validator and wazero's compiler. (Each
// also runs, instrumented, through wasmhost's own tests.)
func TestGuestsValidate(t *testing.T) {
	wz := newWazero(t)
	for name, wasm := range guestModules(t) {
		t.Run(strings.ReplaceAll(name, "/", "_"), func(t *testing.T) {
			out, _, err := Rewrite(wasm)
			if err != nil {
				t.Fatal(err)
			}
			wasmValidate(t, out)
			cm, err := wz.CompileModule(context.Background(), out)
			if err != nil {
				t.Fatalf("wazero: %v", err)
			}
			_ = cm.Close(context.Background())
		})
	}
}
