package wasmhost

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// buildGoload compiles testdata/goload with GOOS=wasip1 GOARCH=wasm: a
// large real module (about 3 MB) from a toolchain other than clang.
func buildGoload(t testing.TB) []byte {
	t.Helper()
	out := filepath.Join(t.TempDir(), "goload.wasm")
	cmd := exec.Command("go", "build", "-o", out, ".")
	cmd.Dir = "../testdata/goload"
	cmd.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build goload for wasip1: %v\n%s", err, b)
	}
	wasm, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return wasm
}

// TestGoProgram: a Go program compiled for wasip1 prints the same and
// exits the same instrumented as it does as it is. Skipped under -short:
// building and compiling it takes seconds.
func TestGoProgram(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and compiles a 3 MB Go module")
	}
	wasm := buildGoload(t)
	var outs [2]bytes.Buffer
	for i, on := range []bool{true, false} {
		// Compiling takes tens of seconds under -race on a loaded
		// machine: the time limit is the run's only.
		m, err := newTestRuntime(t, WithInstrumentation(on)).Compile(context.Background(), wasm)
		if err != nil {
			t.Fatal(err)
		}
		code, err := m.Run(context.Background(), WithArgs("goload", "2"), WithStdout(&outs[i]), WithTimeLimit(time.Minute))
		if code != 0 || err != nil {
			t.Fatalf("instrumented %v: status %d (%v)", on, code, err)
		}
	}
	if outs[0].String() != outs[1].String() {
		t.Fatalf("instrumented output:\n%s\nas it is:\n%s", &outs[0], &outs[1])
	}
	if n := bytes.Count(outs[0].Bytes(), []byte("\n")); n != 8 {
		t.Fatalf("%d lines, want 8 (4 per round):\n%s", n, &outs[0])
	}
}
