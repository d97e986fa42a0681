package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/wasync/wasync/abi"
	"github.com/wasync/wasync/diag"
	"github.com/wasync/wasync/luabind"
	"github.com/wasync/wasync/syncrt"
	"github.com/wasync/wasync/wasmhost"
)

func init() {
	commands["lua"] = command{summary: "Run a Lua script", main: luaMain}
}

const luaUsage = `Runs a Lua script whose threads synchronise through wasync

Usage: wasync lua [OPTIONS] <SCRIPT> [ARGS]...

Arguments:
  <SCRIPT>   The Lua script to run
  [ARGS]...  Arguments passed to the script, as ... and arg[1], arg[2], ...
             (arg[0] is the script's path)

Options:
      --time-limit <DURATION>  End the script after DURATION of wall-clock time,
                               with exit status 124 (e.g. 10s, 2m)
      --max-threads <N>        Maximum number of threads, at least 1: the main
                               thread counts (default: 1000)
      --unsafe                 Open every library (io, os, debug, package,
                               dofile, loadfile): only for trusted scripts
` + diagUsage + `  -h, --help                   Print help

Exit status: 0 on success; 1 after an uncaught error (its message goes to
stderr); 86 when every thread is blocked for good (a report goes to stderr);
124 at the time limit; 130 when interrupted (SIGINT, SIGTERM or SIGHUP; the
diagnostics are still written, and a second signal ends the process at once).
`

// Exit statuses of wasync lua besides the script's success and errors,
// the same as wasync run's.
const (
	exitTimeLimit   = wasmhost.ExitTimeLimit
	exitInterrupted = wasmhost.ExitCanceled
)

func luaMain(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("lua", luaUsage, stdout)
	timeLimit := durationVar(fs, "time-limit", 0)
	maxThreads := maxThreadsVar(fs)
	unsafe := fs.Bool("unsafe", false, "")
	var df diagFlags
	df.register(fs)
	if status, ok := parseFlags(fs, args, "<SCRIPT>", stderr); !ok {
		return status
	}
	switch {
	case *timeLimit < 0:
		fmt.Fprintf(stderr, "wasync lua: --time-limit %v: want a positive duration\n", *timeLimit)
		return 2
	}
	diags, err := df.start(stderr)
	if err != nil {
		fmt.Fprintf(stderr, "wasync lua: %v\n", err)
		return 2
	}
	ctx, stop := onSignals(stderr)
	defer stop()
	var summary diag.Summary
	_, err = luabind.RunFile(ctx, fs.Arg(0), luabind.Options{
		Stdout: stdout, Stderr: stderr, Args: fs.Args()[1:],
		TimeLimit: *timeLimit, MaxThreads: *maxThreads, Unsafe: *unsafe,
		Observe: diags.observe, Stacks: diags.stacks,
		Summary: func(s diag.Summary) { summary = s },
	})
	status := luaStatus(err, stderr)
	diags.summary = summaryLine(summary, uint32(status), err)
	if err := diags.finish(stderr); err != nil {
		fmt.Fprintf(stderr, "wasync lua: %v\n", err)
		return max(status, 1)
	}
	return status
}

// luaStatus reports err on stderr and returns the exit status for it.
func luaStatus(err error, stderr io.Writer) int {
	var script *luabind.ScriptError
	var blocked *syncrt.AllBlockedError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &script):
		fmt.Fprintln(stderr, script.Message)
		return 1
	case errors.As(err, &blocked):
		fmt.Fprintln(stderr, err) // with the stacks luabind adds
		return abi.ExitAllBlocked
	case errors.Is(err, luabind.ErrTimeLimit):
		fmt.Fprintln(stderr, "wasync lua: time limit exceeded")
		return exitTimeLimit
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(stderr, "wasync lua: interrupted")
		return exitInterrupted
	}
	fmt.Fprintf(stderr, "wasync lua: %v\n", err)
	return 1
}
