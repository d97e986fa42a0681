package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestRunCache: wasync run keeps compiled code in --cache-dir, in the
// user's cache directory by default, and nowhere with --no-cache.
func TestRunCache(t *testing.T) {
	wasm := wasmFile(t, `(call $exit (i32.const 7))`)
	filled := func(dir string) bool {
		n := 0
		_ = filepath.WalkDir(dir, func(_ string, d os.DirEntry, _ error) error {
			if d != nil && !d.IsDir() {
				n++
			}
			return nil
		})
		return n > 0
	}
	explicit, off := t.TempDir(), t.TempDir()
	defaultDir := filepath.Join(os.Getenv("XDG_CACHE_HOME"), "wasync")
	os.RemoveAll(defaultDir)
	for _, tc := range []struct {
		args []string
		dir  string
		want bool
	}{
		{[]string{"--cache-dir", explicit}, explicit, true},
		{[]string{"--no-cache", "--cache-dir", off}, off, false},
		{nil, defaultDir, true},
	} {
		var stderr bytes.Buffer
		args := append(append([]string{"run"}, tc.args...), wasm)
		if code := run(args, nil, &bytes.Buffer{}, &stderr); code != 7 {
			t.Fatalf("%v: status %d, stderr %q", args, code, stderr.String())
		}
		if got := filled(tc.dir); got != tc.want {
			t.Errorf("%v: cache in %s filled = %v, want %v", args, tc.dir, got, tc.want)
		}
	}
}
