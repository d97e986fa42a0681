package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"strings"

	"github.com/wasync/wasync/abi"
	"github.com/wasync/wasync/diag"
	"github.com/wasync/wasync/luabind"
	"github.com/wasync/wasync/wasmhost"
)

func init() {
	commands["lua"] = command{summary: "Run a Lua script", main: luaMain}
}

const luaUsage = `Runs a Lua script whose threads synchronise through wasync

Usage: wasync lua [OPTIONS] [SCRIPT [ARGS]...]

Arguments:
  [SCRIPT]   The Lua script to run; - reads it from standard input
  [ARGS]...  Arguments passed to the script, as ... and arg[1], arg[2], ...
             (arg[0] is the script, arg[-1], arg[-2], ... what precedes it)

Options:
  -e <STAT>                    Run the Lua statement STAT before the script
                               (repeatable; with no script, run only these)
      --time-limit <DURATION>  End the script after DURATION of wall-clock time,
                               with exit status 124 (e.g. 10s, 2m)
      --max-threads <N>        Maximum number of threads, at least 1: the main
                               thread counts (default: 1000)
      --memory-limit <SIZE>    How much memory the script may use (e.g. 256M,
                               2G; 0: no limit): past it, Lua code gets the
                               error "not enough memory" (default: 512M)
      --unsafe                 Open every library (io, os, debug, package,
                               dofile, loadfile): only for trusted scripts
` + diagUsage + `  -v, --version                Print the version and go on
  -h, --help                   Print help

Exit status: 0 on success; 1 after an uncaught error (its message and a
stack traceback go to stderr), also one in a thread no thread.join
received; 86 when every thread is blocked for good (a report goes to
stderr); 124 at the time limit; 130 when interrupted (SIGINT, SIGTERM or
SIGHUP; the diagnostics are still written, and a second signal ends the
process at once).
`

// Exit statuses of wasync lua besides the script's success and errors,
// the same as wasync run's.
const (
	exitTimeLimit   = wasmhost.ExitTimeLimit
	exitInterrupted = wasmhost.ExitCanceled
)

// defaultMemoryLimit is --memory-limit's default: room for real scripts,
// and a runaway one is stopped before a 2 GB machine runs out (a script's
// last allocation may take the process to about twice the limit: see
// luabind.Options.MemoryLimit).
const defaultMemoryLimit = 512 << 20

// statements is the repeatable -e flag.
type statements []string

func (s *statements) String() string     { return strings.Join(*s, "; ") }
func (s *statements) Set(v string) error { *s = append(*s, v); return nil }

func luaMain(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("lua", luaUsage, stdout)
	timeLimit := durationVar(fs, "time-limit", 0)
	maxThreads := maxThreadsVar(fs)
	memoryLimit := byteSize(defaultMemoryLimit)
	fs.Var(&memoryLimit, "memory-limit", "")
	unsafe := fs.Bool("unsafe", false, "")
	var exec statements
	fs.Var(&exec, "e", "")
	version := fs.Bool("v", false, "")
	fs.BoolVar(version, "version", false, "")
	var df diagFlags
	df.register(fs)
	if ok, help := parse(fs, args, stderr); !ok {
		if help {
			return 0
		}
		return 2
	}
	if *version {
		fmt.Fprintln(stdout, luaVersion())
	}
	switch {
	case fs.NArg() == 0 && len(exec) == 0 && *version:
		return 0 // as lua -v
	case fs.NArg() == 0 && len(exec) == 0:
		fmt.Fprintf(stderr, "wasync lua: missing <SCRIPT> (see wasync lua -h)\n")
		return 2
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
	opts := luabind.Options{
		Stdout: stdout, Stderr: stderr, Stdin: stdin, Statements: exec, UnsafeHint: "run with --unsafe",
		TimeLimit: *timeLimit, MaxThreads: *maxThreads, Unsafe: *unsafe, MemoryLimit: int64(memoryLimit),
		Observe: diags.observe, Stacks: diags.stacks, LockOrder: df.order,
		Summary: func(s diag.Summary) { summary = s },
	}
	err = runLua(ctx, args, fs.Args(), stdin, opts)
	status := luaStatus(err, stderr)
	diags.summary = summaryLine(summary, uint32(status), err)
	diags.deadlocks = summary.PotentialDeadlocks
	if err := diags.finish(stderr); err != nil {
		fmt.Fprintf(stderr, "wasync lua: %v\n", err)
		return max(status, 1)
	}
	return status
}

// runLua runs the script named by operands[0] (- for stdin) with the
// rest as its arguments, or only the -e statements when there is none.
// arg[-n] … arg[0] are the command line up to the script, as lua sets
// them.
func runLua(ctx context.Context, args, operands []string, stdin io.Reader, opts luabind.Options) error {
	if len(operands) == 0 {
		_, err := luabind.RunStatements(ctx, opts)
		return err
	}
	script := operands[0]
	opts.Args = operands[1:]
	opts.CommandLine = append([]string{"wasync", "lua"}, args[:len(args)-len(operands)+1]...)
	if script != "-" {
		_, err := luabind.RunFile(ctx, script, opts)
		return err
	}
	src, err := io.ReadAll(stdin)
	if err != nil {
		return fmt.Errorf("reading the script from stdin: %w", err)
	}
	_, err = luabind.RunString(ctx, "stdin", string(src), opts)
	return err
}

// luaVersion is what -v prints: wasync's version and the Lua VM's.
func luaVersion() string {
	wasync, vm := "(devel)", "unknown"
	if bi, ok := debug.ReadBuildInfo(); ok {
		wasync = bi.Main.Version
		for _, d := range bi.Deps {
			if d.Path == "github.com/Shopify/go-lua" {
				vm = d.Version
				if d.Replace != nil {
					vm += " (patched)"
				}
			}
		}
	}
	return "wasync lua " + wasync + ": Lua 5.2 on github.com/Shopify/go-lua " + vm
}

// luaStatus reports err on stderr and returns the exit status for it.
func luaStatus(err error, stderr io.Writer) int {
	var script *luabind.ScriptError
	var failed *luabind.ThreadError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &script):
		fmt.Fprintf(stderr, "wasync lua: %s\n", script.Message)
		if script.Traceback != "" {
			fmt.Fprintln(stderr, script.Traceback)
		}
		return 1
	case errors.As(err, &failed):
		return 1 // each was written to stderr when its thread died
	case writeBlocked(stderr, err):
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
