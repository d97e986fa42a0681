package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wasync/wasync/abi"
)

const luaDir = "../../testdata/lua"

// TestLua runs wasync lua in-process on testdata scripts and checks the
// exit status, stdout and stderr exactly. Messages name a chunk by the
// path it was run with.
func TestLua(t *testing.T) {
	busy := filepath.Join(t.TempDir(), "busy.lua")
	if err := os.WriteFile(busy, []byte("while true do pcall(function() while true do end end) end\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	shebang := filepath.Join(t.TempDir(), "shebang.lua")
	if err := os.WriteFile(shebang, []byte("#!/usr/bin/env wasync lua\nprint(thread.id())\nerror('line 3')\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	unsafe := filepath.Join(t.TempDir(), "unsafe.lua")
	if err := os.WriteFile(unsafe, []byte("print(pcall(io.open, '/nonexistent'))\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name       string
		args       []string
		status     int
		wantOut    string
		wantErr    string
		errPart    bool   // wantErr need only be part of stderr (a path Lua may shorten)
		errAlso    string // and stderr must contain this too (a traceback's frame)
		fromGolden string
		stdin      string
	}{
		{name: "momentum", args: []string{"momentum.lua"}, fromGolden: "momentum"},
		{name: "uncaught error, with a traceback", args: []string{"uncaught.lua"}, status: 1, wantOut: "locked once\n",
			wantErr: "wasync lua: " + luaDir + "/uncaught.lua:5: cannot recursively lock mutex\nstack traceback:\n", errPart: true,
			errAlso: "\t" + luaDir + "/uncaught.lua:5: in main chunk\n"},
		{name: "a thread's error nobody joins: status 1", args: []string{"-e", "thread.spawn(function() error('lost', 0) end)"}, status: 1,
			wantErr: "thread 2: lost\nstack traceback:\n", errPart: true, errAlso: "\t(command line):1: in "},
		{name: "a thread's error a join received: status 0", args: []string{"-e", "print(thread.spawn(function() error('got', 0) end):join())"},
			wantOut: "false\tgot\n", wantErr: "thread 2: got\nstack traceback:\n", errPart: true},
		{name: "arg as lua sets it", args: []string{"-e", "x = 1", "args.lua", "a"},
			wantOut: "count:\t1\ta\narg:\t1\ta\tnil\n"},
		{name: "-e statements in order, then the script", args: []string{"-e", "print(1)", "-e", "print(table.concat(arg, ' ', -6, 0))", "-"},
			stdin: "print(3, ...)", wantOut: "1\nwasync lua -e print(1) -e print(table.concat(arg, ' ', -6, 0)) -\n3\n"},
		{name: "-e alone: no arg", args: []string{"-e", "print(arg)"}, wantOut: "nil\n"},
		{name: "script from stdin", args: []string{"-", "x"}, stdin: "print(arg[0], ...)\nerror('bad')",
			status: 1, wantOut: "-\tx\n", wantErr: "wasync lua: stdin:2: bad\nstack traceback:\n", errPart: true, errAlso: "\tstdin:2: in main chunk\n"},
		{name: "a syntax error has no traceback", args: []string{"-e", "x ="}, status: 1,
			wantErr: "wasync lua: (command line):1: unexpected symbol near <eof>\n"},
		{name: "-v", args: []string{"-v"}, wantOut: luaVersion() + "\n"},
		{name: "--memory-limit stops a doubling string", args: []string{"--memory-limit", "8M", "-e", "local s = 'x' while true do s = s .. s end"},
			status: 1, wantErr: "wasync lua: not enough memory\n", errPart: true},
		{name: "bad --memory-limit", args: []string{"--memory-limit", "lots", "x.lua"}, status: 2,
			wantErr: "wasync lua: --memory-limit lots: want a size such as 512M or 2G (see wasync lua -h)\n"},
		{name: "io on piped stdin in the sandbox", args: []string{"-e", "for l in io.lines() do io.write(#l, ' ') end print(pcall(io.open, 'x'))"},
			stdin: "ab\ncde\n", wantOut: "2 3 false\tio.open is disabled in the sandbox (run with --unsafe)\n"},
		{name: "--version then the script", args: []string{"--version", "-e", "print(2)"}, wantOut: luaVersion() + "\n2\n"},
		{name: "all blocked", args: []string{"allblocked.lua"}, status: abi.ExitAllBlocked, fromGolden: "allblocked"},
		{name: "args", args: []string{"args.lua", "one", "two words"},
			wantOut: "count:\t2\tone\ttwo words\narg:\t2\tone\ttwo words\n"},
		{name: "flags before the script", args: []string{"--time-limit", "1m", "--max-threads", "20", "counter.lua"}, fromGolden: "counter"},
		{name: "time limit stops a busy loop inside pcall", args: []string{"--time-limit", "50ms", busy},
			status: exitTimeLimit, wantErr: "wasync lua: time limit exceeded\n"},
		{name: "a shebang line is skipped", args: []string{shebang}, status: 1, wantOut: "1\n", wantErr: "shebang.lua:3: line 3\n", errPart: true},
		{name: "sandboxed by default", args: []string{unsafe}, wantOut: "false\tio.open is disabled in the sandbox (run with --unsafe)\n"},
		{name: "--unsafe opens the rest", args: []string{"--unsafe", unsafe}, wantOut: "true\tnil\t/nonexistent: open /nonexistent: no such file or directory\t0\n"},
		{name: "help", args: []string{"-h"}, wantOut: luaUsage},
		{name: "no script", args: nil, status: 2, wantErr: "wasync lua: missing <SCRIPT> (see wasync lua -h)\n"},
		{name: "bad flag", args: []string{"--nope", "x.lua"}, status: 2, wantErr: "wasync lua: unknown flag --nope (see wasync lua -h)\n"},
		{name: "max threads 0", args: []string{"--max-threads", "0", "x.lua"}, status: 2,
			wantErr: "wasync lua: --max-threads 0: want at least 1 (the main thread counts) (see wasync lua -h)\n"},
		{name: "negative time limit", args: []string{"--time-limit", "-1s", "x.lua"}, status: 2,
			wantErr: "wasync lua: --time-limit -1s: want a positive duration\n"},
		{name: "missing file", args: []string{"nowhere.lua"}, status: 1,
			wantErr: "wasync lua: open " + luaDir + "/nowhere.lua: no such file or directory\n"},
		{name: "syntax error", args: []string{"momentum.out"}, status: 1, wantErr: luaDir + "/momentum.out:1:", errPart: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string(nil), tc.args...)
			for i, a := range args {
				if strings.HasSuffix(a, ".lua") && !filepath.IsAbs(a) || strings.HasSuffix(a, ".out") {
					args[i] = luaDir + "/" + a
				}
			}
			if tc.fromGolden != "" {
				tc.wantOut = readGolden(t, tc.fromGolden+".out")
				tc.wantErr = strings.ReplaceAll(readGolden(t, tc.fromGolden+".err"), tc.fromGolden+".lua", luaDir+"/"+tc.fromGolden+".lua")
			}
			var stdout, stderr bytes.Buffer
			status := run(append([]string{"lua"}, args...), strings.NewReader(tc.stdin), &stdout, &stderr)
			if status != tc.status {
				t.Errorf("status %d, want %d (stderr: %s)", status, tc.status, stderr.String())
			}
			if stdout.String() != tc.wantOut {
				t.Errorf("stdout:\n%s\nwant:\n%s", stdout.String(), tc.wantOut)
			}
			gotErr := stderr.String()
			if !strings.Contains(gotErr, tc.errAlso) {
				t.Errorf("stderr:\n%s\nwant it to contain:\n%s", gotErr, tc.errAlso)
			}
			if tc.errPart && strings.Contains(gotErr, tc.wantErr) {
				gotErr = tc.wantErr
			}
			if gotErr != tc.wantErr {
				t.Errorf("stderr:\n%s\nwant:\n%s", stderr.String(), tc.wantErr)
			}
		})
	}
}

// readGolden reads a file of testdata/lua; a missing .err file means no
// stderr.
func readGolden(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(luaDir, name))
	if os.IsNotExist(err) && strings.HasSuffix(name, ".err") {
		return ""
	}
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
