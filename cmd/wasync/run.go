package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/wasync/wasync/diag"
	"github.com/wasync/wasync/wasmhost"
)

func init() {
	commands["run"] = command{summary: "Run a WebAssembly module", main: runMain}
}

const runUsage = `Runs a WebAssembly module

Usage: wasync run [OPTIONS] <WASM> [ARGS]...

Arguments:
  <WASM>     The WebAssembly module to run
  [ARGS]...  Arguments passed to the module (the module's path is argv[0])

Options:
      --env <NAME[=VAL]>             Pass an environment variable to the program; NAME alone
                                     passes the host's value, if it has one (repeatable)
      --dir <HOST_DIR[::GUEST_DIR]>  Grant access to a host directory, seen by the guest
                                     as GUEST_DIR (default: HOST_DIR) (repeatable)
      --max-threads <N>              Maximum number of threads ever created, at least 1:
                                     the main thread counts (default: 1000)
      --stack-limit <SIZE>           Wasm stack each thread may use, as the instrumentation
                                     estimates it; past it the thread traps (default: 1MiB;
                                     without instrumentation, wazero's own, about 50-100MB)
      --memory-limit <SIZE>          Bound the run's memory: no linear memory larger than
                                     SIZE, and no thread spawned past it, counting each
                                     live thread as twice the stack limit (default: none)
      --time-limit <DURATION>        End the program after DURATION of wall-clock time,
                                     with exit status 124 (e.g. 10s, 2m)
      --confine-traps                A trap in a spawned thread ends only that thread
                                     (its mutexes become dead-owned), not the program
      --no-instrument                Compile the module as it is: busy threads are then
                                     stopped by checks at every loop back-edge, which make
                                     loops several times slower (BENCHMARKS.md),
                                     instead of the cheap checks the default
                                     rewrite inserts
` + cacheUsage + diagUsage + `  -h, --help                         Print help

SIZE is a byte count with an optional unit: 512KiB, 64M, 2GiB (powers of 1024).

Exit status: the program's; 134 after a trap (a stack past its limit included);
86 when every thread is blocked for good (a report goes to stderr); 124 at the
time limit, which covers compiling; 130 when interrupted (SIGINT, SIGTERM or
SIGHUP; the diagnostics are still written, and a second signal ends the
process at once).
`

// listFlag is a repeatable string flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

func runMain(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("run", runUsage, stdout)
	var envs, dirs listFlag
	fs.Var(&envs, "env", "")
	fs.Var(&dirs, "dir", "")
	maxThreads := maxThreadsVar(fs)
	timeLimit := durationVar(fs, "time-limit", 0)
	confine := fs.Bool("confine-traps", false, "")
	noInstrument := fs.Bool("no-instrument", false, "")
	var stackLimit, memoryLimit sizeFlag
	fs.Var(&stackLimit, "stack-limit", "")
	fs.Var(&memoryLimit, "memory-limit", "")
	var df diagFlags
	df.register(fs)
	var cf cacheFlags
	cf.register(fs)
	if status, ok := parseFlags(fs, args, "<WASM>", stderr); !ok {
		return status
	}
	opts, err := runOptions(envs, dirs, *maxThreads, *timeLimit)
	if err == nil && int64(stackLimit) > wasmhost.MaxStackLimit {
		err = fmt.Errorf("--stack-limit %d: at most %d", stackLimit, wasmhost.MaxStackLimit)
	}
	if err != nil {
		fmt.Fprintf(stderr, "wasync run: %v\n", err)
		return 2
	}
	path := fs.Arg(0)
	wasm, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintf(stderr, "wasync run: %v\n", err)
		return 1
	}
	diags, err := df.start(stderr)
	if err != nil {
		fmt.Fprintf(stderr, "wasync run: %v\n", err)
		return 2
	}
	diags.statsNote = fastPathNote
	var summary diag.Summary
	opts = append(opts,
		wasmhost.WithSummary(func(s diag.Summary) { summary = s }),
		wasmhost.WithObserver(diags.observe), wasmhost.WithStacks(diags.stacks),
		wasmhost.WithLockOrderCheck(df.order),
		wasmhost.WithArgs(fs.Args()...),
		wasmhost.WithConfinedTraps(*confine),
		wasmhost.WithStackLimit(int(stackLimit)),
		wasmhost.WithStdin(stdin), wasmhost.WithStdout(stdout), wasmhost.WithStderr(stderr))

	ctx, stop := onSignals(stderr)
	defer stop()
	cache, closeCache, err := cf.open()
	if err != nil {
		fmt.Fprintf(stderr, "wasync run: %v\n", err)
		return 2
	}
	defer closeCache()
	rt, err := wasmhost.NewRuntime(ctx, wasmhost.WithInstrumentation(!*noInstrument), cache,
		wasmhost.WithMemoryLimit(int64(memoryLimit)))
	if err != nil {
		fmt.Fprintf(stderr, "wasync run: %s\n", message(err))
		return 1
	}
	defer rt.Close(ctx)
	code, err := rt.Run(ctx, wasm, opts...)
	switch {
	case err == nil:
	case writeBlocked(stderr, err):
	case code == wasmhost.ExitTimeLimit || code == wasmhost.ExitCanceled:
		fmt.Fprintf(stderr, "wasync run: %s\n", message(err))
	default:
		fmt.Fprintf(stderr, "wasync run: %s: %s\n", path, message(err))
	}
	diags.summary = summaryLine(summary, code, err)
	diags.deadlocks = summary.PotentialDeadlocks
	if err := diags.finish(stderr); err != nil {
		fmt.Fprintf(stderr, "wasync run: %v\n", err)
		return max(int(code), 1)
	}
	return int(code)
}

// runOptions turns the flags into the host's options.
func runOptions(envs, dirs []string, maxThreads int, timeLimit time.Duration) ([]wasmhost.RunOption, error) {
	var opts []wasmhost.RunOption
	for _, e := range envs {
		k, v, ok := strings.Cut(e, "=")
		if k == "" {
			return nil, fmt.Errorf("--env %q: want NAME=VAL or NAME", e)
		}
		if !ok { // NAME alone: the host's value, as wasmtime's --env NAME
			if v, ok = os.LookupEnv(k); !ok {
				continue
			}
		}
		opts = append(opts, wasmhost.WithEnv(k, v))
	}
	for _, d := range dirs {
		host, guest, ok := strings.Cut(d, "::")
		if !ok {
			guest = host
		}
		if host == "" || guest == "" {
			return nil, fmt.Errorf("--dir %q: want HOST_DIR[::GUEST_DIR]", d)
		}
		opts = append(opts, wasmhost.WithDir(host, guest))
	}
	if timeLimit < 0 {
		return nil, fmt.Errorf("--time-limit %v: want a positive duration", timeLimit)
	}
	return append(opts, wasmhost.WithMaxThreads(maxThreads), wasmhost.WithTimeLimit(timeLimit)), nil
}
