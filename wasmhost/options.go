package wasmhost

import (
	"errors"
	"io"
	"time"

	"github.com/tetratelabs/wazero"
	"github.com/wasync/wasync/diag"
)

// A RunOption configures one run (Module.Run, Module.Instantiate,
// Runtime.Run), over the Runtime's defaults; given to NewRuntime, it is the
// default of every run.
type RunOption func(*config)

// A RuntimeOption configures a Runtime: its own choices, made once for
// every module it compiles (WithInstrumentation, WithCompilationCache,
// WithMemoryLimit), or a RunOption, every run's default. A Runtime's own
// option given to a run does not compile, as wazero splits RuntimeConfig
// from ModuleConfig.
type RuntimeOption interface{ applyRuntime(*config) }

func (o RunOption) applyRuntime(c *config) { o(c) }

// runtimeOnly is a RuntimeOption that is not a RunOption.
type runtimeOnly func(*config)

func (o runtimeOnly) applyRuntime(c *config) { o(c) }

// config is everything the options set. A run starts from the Runtime's
// config: WithArgs replaces the arguments, WithEnv and WithDir add to them.
type config struct {
	args           []string
	env            [][2]string
	stdin          io.Reader
	stdout, stderr io.Writer
	mounts         []mount // see WithDir, WithReadOnlyDir, WithFS
	maxThreads     int
	stackLimit     int   // see limits.go
	memoryLimit    int64 // see limits.go
	memoryPages    uint32
	timeLimit      time.Duration
	confinedTraps  bool
	noInstrument   bool             // see WithInstrumentation
	observe        func(diag.Event) // see observe.go
	stacks         bool
	clock          *clockConfig // nil: the host's clocks (see WithWalltime)
	rand           io.Reader    // nil: crypto/rand
	cache          wazero.CompilationCache
	summary        func(diag.Summary)
}

// applyRuntime returns c with a Runtime's opts applied.
func (c config) applyRuntime(opts []RuntimeOption) config {
	for _, o := range opts {
		o.applyRuntime(&c)
	}
	return c
}

// check refuses a run's options that would be ignored.
func (c config) check() error {
	if c.stacks && c.observe == nil {
		return errors.New("wasmhost: WithStacks needs WithObserver: the stacks are given to its events")
	}
	return nil
}

// apply returns a copy of c with opts applied; c is left as it was.
func (c config) apply(opts []RunOption) config {
	c.env = append([][2]string(nil), c.env...)
	c.mounts = append([]mount(nil), c.mounts...)
	for _, o := range opts {
		o(&c)
	}
	return c
}

// WithArgs sets the guest's arguments; args[0] is the program name.
func WithArgs(args ...string) RunOption {
	return func(c *config) { c.args = append([]string(nil), args...) }
}

// WithEnv adds an environment variable for the guest.
func WithEnv(key, value string) RunOption {
	return func(c *config) { c.env = append(c.env, [2]string{key, value}) }
}

// WithStdin sets the guest's standard input (default: empty). The host reads
// r through a wrapper, so a thread blocked reading it does not keep the run
// from ending. A Read of r still pending then goes on in the background until
// r returns (an embedder whose r may block forever closes it after Run), and
// what it returns is dropped.
func WithStdin(r io.Reader) RunOption { return func(c *config) { c.stdin = r } }

// WithStdout sets the guest's standard output (default: discarded). Writes
// from the run's threads are serialised, so w need not be safe for
// concurrent use.
func WithStdout(w io.Writer) RunOption { return func(c *config) { c.stdout = w } }

// WithStderr sets the guest's standard error (default: discarded), where the
// host also writes its notes on the run (a refused thread-spawn, a confined
// trap). Writes are serialised.
func WithStderr(w io.Writer) RunOption { return func(c *config) { c.stderr = w } }

// WithDir preopens the host directory hostPath as guestPath, read-write.
// A run fails to start when hostPath is missing or not a directory. See
// also WithReadOnlyDir and WithFS.
func WithDir(hostPath, guestPath string) RunOption {
	return func(c *config) { c.mounts = append(c.mounts, mount{host: hostPath, guest: guestPath}) }
}

// WithMaxThreads caps the threads a run may ever create, the _start thread
// included (tids are not reused); thread-spawn fails with a negative result
// past it. 0 means DefaultMaxThreads for Run; a negative n, the ABI's whole
// tid range. For Module.Instantiate 0 means the whole tid range: each Call
// on a shared-memory Instance is a new thread, and a default cap would end
// a long-lived Instance after that many calls (RATIONALE.md).
func WithMaxThreads(n int) RunOption { return func(c *config) { c.maxThreads = n } }

// WithMemoryPages caps the maximum, in 64 KiB pages, of the memory the host
// creates for a module that imports its memory: the memory gets the smaller
// of the import's maximum and the cap, and a run whose import needs more than
// the cap as its minimum fails to start. A memory the module defines itself
// is not capped. 0 means no cap.
func WithMemoryPages(max uint32) RunOption { return func(c *config) { c.memoryPages = max } }

// WithTimeLimit ends a run after d of wall-clock time with status
// ExitTimeLimit. 0 means no limit.
func WithTimeLimit(d time.Duration) RunOption { return func(c *config) { c.timeLimit = d } }

// WithConfinedTraps makes a trap in a spawned thread end only that thread,
// whose mutexes become dead-owned (EOWNERDEAD for the next locker), instead
// of ending the run. A trap in the _start thread always ends the run.
func WithConfinedTraps(confined bool) RunOption {
	return func(c *config) { c.confinedTraps = confined }
}

// WithInstrumentation, on by default, rewrites each guest before compiling
// it so that its threads check the run's stop flag at every function entry
// and loop header and leave native code every 1024 checks, and its
// memory.atomic.wait/notify go through the host (see the package doc): a
// run then ends every thread promptly and never blocks Go's garbage
// collector, for a few percent of loop speed. Off, the Runtime relies on
// wazero's WithCloseOnContextDone instead, which makes loops several times
// slower (measured in BENCHMARKS.md, "wasmhost: stopping guests"), and on
// reading wazero's internals to wake wait32. It is a Runtime's choice.
func WithInstrumentation(on bool) RuntimeOption {
	return runtimeOnly(func(c *config) { c.noInstrument = !on })
}

// WithCompilationCache makes the Runtime keep compiled code in cache, and
// find it there when it compiles the same module again: with a cache from
// wazero.NewCompilationCacheWithDir, across processes (a Go guest of a few
// MB compiles in about 0.7 s). The embedder closes the cache after the
// Runtime. It is a Runtime's choice.
func WithCompilationCache(cache wazero.CompilationCache) RuntimeOption {
	return runtimeOnly(func(c *config) { c.cache = cache })
}
