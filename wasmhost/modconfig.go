package wasmhost

import (
	"crypto/rand"
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
		WithNanosleep(func(ns int64) { sleep(ns, done) }).
		WithOsyield(runtime.Gosched).
		WithRandSource(rand.Reader)
	if s.stdin != nil {
		mc = mc.WithStdin(s.stdin)
	}
	for _, kv := range cfg.env {
		mc = mc.WithEnv(kv[0], kv[1])
	}
	fsCfg, err := fsConfig(cfg.mounts)
	if err != nil {
		return nil, err
	}
	if fsCfg != nil {
		mc = mc.WithFSConfig(fsCfg)
	}
	mc = cfg.clock.apply(mc)
	if cfg.rand != nil {
		mc = mc.WithRandSource(cfg.rand)
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
