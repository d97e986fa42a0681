package wasmhost

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/tetratelabs/wazero"
)

// TestCompilationCache: a second Runtime over the same cache directory
// finds the instrumented module's code there (the rewrite is
// deterministic, so the cache key is the same) and runs it.
func TestCompilationCache(t *testing.T) {
	dir := t.TempDir()
	wasm, err := os.ReadFile("../testdata/counter.wasm")
	if err != nil {
		t.Fatal(err)
	}
	entries := func() int {
		n := 0
		_ = filepath.WalkDir(dir, func(_ string, d os.DirEntry, _ error) error {
			if d != nil && !d.IsDir() {
				n++
			}
			return nil
		})
		return n
	}
	var counts []int
	for range 2 {
		ctx := context.Background()
		cache, err := wazero.NewCompilationCacheWithDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		rt := newTestRuntime(t, WithCompilationCache(cache))
		if code, err := rt.Run(ctx, wasm, WithArgs("counter", "2", "10")); code != 0 {
			t.Fatalf("got %d (%v)", code, err)
		}
		_ = rt.Close(ctx)
		_ = cache.Close(ctx)
		counts = append(counts, entries())
	}
	if counts[0] == 0 || counts[1] != counts[0] {
		t.Fatalf("cache entries after each run: %v, want the same non-zero count", counts)
	}
}
