package main

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
)

// TestHelpAndVersion: help asked for goes to stdout with status 0, as
// wasmtime's; wasync alone is bad usage; --version names the build and
// the ABI.
func TestHelpAndVersion(t *testing.T) {
	for _, tc := range []struct {
		args           []string
		status         int
		stdout, stderr string // regexps; "" must be empty
	}{
		{[]string{"-h"}, 0, `(?s)^Usage: wasync <command>.*  run .*--version`, ""},
		{[]string{"--help"}, 0, `^Usage: wasync <command>`, ""},
		{[]string{"help"}, 0, `^Usage: wasync <command>`, ""},
		{[]string{"help", "run"}, 0, `^Runs a WebAssembly module\n\nUsage: wasync run`, ""},
		{[]string{"help", "lua"}, 0, `Usage: wasync lua`, ""},
		{[]string{"--version"}, 0, `^wasync \S+ \(ABI 1\.1\)\n$`, ""},
		{nil, 2, "", `^Usage: wasync <command>`},
		{[]string{"nope"}, 2, "", `^wasync: unknown command "nope" \(see wasync -h\)\n$`},
	} {
		var stdout, stderr bytes.Buffer
		status := run(tc.args, strings.NewReader(""), &stdout, &stderr)
		if status != tc.status {
			t.Errorf("%q: status %d, want %d", tc.args, status, tc.status)
		}
		for _, out := range []struct {
			name, want string
			got        *bytes.Buffer
		}{{"stdout", tc.stdout, &stdout}, {"stderr", tc.stderr, &stderr}} {
			if (out.want == "" && out.got.Len() > 0) || !regexp.MustCompile(out.want).MatchString(out.got.String()) {
				t.Errorf("%q: %s = %q, want %s", tc.args, out.name, out.got, out.want)
			}
		}
	}
}
