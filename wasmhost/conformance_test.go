package wasmhost

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// conformanceDir is the wasi-threads suite, beside the checkout.
const conformanceDir = "../../shared/conformance/wasi-threads"

// TestConformanceWasiThreads runs every case of the wasi-threads suite and
// requires the exit status its json names (0 when it has none).
func TestConformanceWasiThreads(t *testing.T) {
	cases, _ := filepath.Glob(filepath.Join(conformanceDir, "*.wat"))
	if len(cases) == 0 {
		if os.Getenv("CI") != "" {
			t.Fatalf("no wasi-threads cases in %s", conformanceDir)
		}
		t.Skipf("no wasi-threads cases in %s (the shared folder sits beside the checkout)", conformanceDir)
	}
	rt := newTestRuntime(t)
	for _, path := range cases {
		name := strings.TrimSuffix(filepath.Base(path), ".wat")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			want := expectedExit(t, strings.TrimSuffix(path, ".wat")+".json")
			m, err := rt.Compile(context.Background(), assemble(t, path))
			if err != nil {
				t.Fatal(err)
			}
			// A stdin that never delivers: the _wasi_read cases block in it.
			stdin, w := io.Pipe()
			defer w.Close()
			start := time.Now()
			code, err := m.Run(context.Background(), WithStdin(stdin), WithTimeLimit(20*time.Second))
			if code != want {
				t.Fatalf("exit status %d (err %v), want %d", code, err, want)
			}
			t.Logf("status %d in %v", code, time.Since(start).Round(time.Millisecond))
		})
	}
}

func expectedExit(t *testing.T, jsonPath string) uint32 {
	b, err := os.ReadFile(jsonPath)
	if os.IsNotExist(err) {
		return 0
	}
	if err != nil {
		t.Fatal(err)
	}
	var spec struct {
		ExitCode uint32 `json:"exit_code"`
	}
	if err := json.Unmarshal(b, &spec); err != nil {
		t.Fatalf("%s: %v", jsonPath, err)
	}
	return spec.ExitCode
}
