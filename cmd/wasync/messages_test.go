package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunMessages: wasync run's errors name what went wrong without the
// layers that found it, and word a run's ends as wasync lua does.
func TestRunMessages(t *testing.T) {
	dir := t.TempDir()
	file := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	valid, err := os.ReadFile(wasmFile(t, trap))
	if err != nil {
		t.Fatal(err)
	}
	trunc := file("trunc.wasm", valid[:60])
	text := file("m.wat", []byte("(module (func (export \"_start\")))\n"))
	for _, tc := range []struct {
		args   []string
		stderr string
	}{
		{[]string{trunc}, "wasync run: " + trunc + ": truncated module ("},
		{[]string{text}, "wasync run: " + text + ": text format: convert with wat2wasm first\n"},
		{[]string{"--time-limit", "50ms", wasmFile(t, busy)}, "wasync run: time limit exceeded\n"},
	} {
		var stderr bytes.Buffer
		run(append([]string{"run"}, tc.args...), strings.NewReader(""), &bytes.Buffer{}, &stderr)
		if !strings.HasPrefix(stderr.String(), tc.stderr) || strings.Contains(stderr.String(), "wasmhost") {
			t.Errorf("%v: stderr = %q, want it to start %q", tc.args, &stderr, tc.stderr)
		}
	}
}
