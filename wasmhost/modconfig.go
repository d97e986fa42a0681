package wasmhost

import (
	"crypto/rand"
	"fmt"
	"os"
	"runtime"
	"time"

	"github.com/tetratelabs/wazero"
)

// moduleConfig is the WASI configuration of every instance of a run: each
// thread's instance gets the same arguments, environment, streams and
// preopened directories (but a descriptor table of its own: wazero keeps
// one per instance, so a file opened by one thread is not seen by another).
func moduleConfig(cfg config, s stdio, done <-chan struct{}) (wazero.ModuleConfig, error) {
	mc := wazero.NewModuleConfig().
		WithName("").
		WithStartFunctions().
		WithArgs(cfg.args...).
		WithStdout(s.stdout).
		WithStderr(s.stderr).
		WithSysWalltime().
		WithSysNanotime().
		WithNanosleep(func(ns int64) { sleep(ns, done) }).
		WithOsyield(runtime.Gosched).
		WithRandSource(rand.Reader)
	if s.stdin != nil {
		mc = mc.WithStdin(s.stdin)
	}
	for _, kv := range cfg.env {
		mc = mc.WithEnv(kv[0], kv[1])
	}
	if len(cfg.dirs) > 0 {
		fs := wazero.NewFSConfig()
		for _, d := range cfg.dirs {
			// wazero mounts a missing directory without a word, and the
			// guest would find it empty: say so before the run.
			if fi, err := os.Stat(d[0]); err != nil || !fi.IsDir() {
				return nil, fmt.Errorf("wasmhost: preopened directory %q is not a directory", d[0])
			}
			fs = fs.WithDirMount(d[0], d[1])
		}
		mc = mc.WithFSConfig(fs)
	}
	return mc, nil
}

// sleep is poll_oneoff's clock wait, cut short when the run ends.
func sleep(ns int64, done <-chan struct{}) {
	t := time.NewTimer(time.Duration(ns))
	defer t.Stop()
	select {
	case <-t.C:
	case <-done:
	}
}
