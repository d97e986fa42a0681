package main

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"
)

// TestCLIsAgree holds the JS host's command line to this one's on how it
// reads its flags: the same exit status and the same stderr
// ("wasync.js run -h" where this says "wasync run -h") for command lines
// that are wrong, and for flags whose reading a guest can see. It skips
// without node, except in CI.
func TestCLIsAgree(t *testing.T) {
	js := newJSHost(t)
	t.Setenv("WASYNC_TEST_INHERITED", "1")
	gettid, envGuest := "../../testdata/gettid.wasm", wasmFile(t, argsEnv)
	for _, c := range []struct {
		args   []string
		status int
	}{
		{nil, 2},
		{[]string{"--env"}, 2},
		{[]string{"--env", "=1", gettid}, 2},
		{[]string{"--dir", "::x", gettid}, 2},
		{[]string{"--dir", "/nonexistent-wasync-dir", gettid}, 1},
		{[]string{"--max-threads"}, 2},
		{[]string{"--max-threads", "0", gettid}, 2},
		{[]string{"--max-threads", "-3", gettid}, 2},
		{[]string{"--max-threads", "abc", gettid}, 2},
		{[]string{"--time-limit", "-1s", gettid}, 2},
		{[]string{"--time-limit", "1x", gettid}, 2},
		{[]string{"--time-limit", "10", gettid}, 2},
		{[]string{"--confine-traps=maybe", gettid}, 2},
		{[]string{"--no-instrument=maybe", gettid}, 2},
		{[]string{"--bogus", gettid}, 2},
		{[]string{"-bogus=1", gettid}, 2},
		{[]string{"no-such-module.wasm"}, 1},
		{[]string{"../../testdata"}, 1}, // a directory
		{[]string{"-h"}, 0},
		{[]string{"--confine-traps", "--help"}, 0},
		// The guest exits with 10 × its argument count + its environment
		// count: NAME alone passes the host's value only where there is one.
		{[]string{"--env", "WASYNC_TEST_INHERITED", envGuest}, 11},
		{[]string{"--env", "WASYNC_TEST_UNSET", envGuest}, 10},
		{[]string{"-env=A=1", "--env", "B=2", envGuest, "x"}, 22},
		{[]string{"--confine-traps=F", "--no-instrument=0", envGuest}, 10},
	} {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			var goErr bytes.Buffer
			goCode := run(append([]string{"run"}, c.args...), strings.NewReader(""), &bytes.Buffer{}, &goErr)
			cmd := js.run(c.args)
			var jsErr bytes.Buffer
			cmd.Stderr = &jsErr
			if err := cmd.Run(); err != nil {
				if _, ok := err.(*exec.ExitError); !ok {
					t.Fatalf("node: %v", err)
				}
			}
			want := strings.ReplaceAll(goErr.String(), "wasync run -h", "wasync.js run -h")
			if code := cmd.ProcessState.ExitCode(); code != goCode || jsErr.String() != want {
				t.Errorf("JS host: status %d, stderr %q\nGo host: status %d, stderr %q", code, jsErr.String(), goCode, want)
			}
			if goCode != c.status {
				t.Errorf("status %d, want %d", goCode, c.status)
			}
		})
	}
}
