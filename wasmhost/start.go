package wasmhost

import (
	"context"
	"errors"
	"fmt"

	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
	"github.com/tetratelabs/wazero/sys"
	"github.com/wasync/wasync/abi"
	"github.com/wasync/wasync/wasmhost/internal/instrument"
)

// start makes the run's memory and starts its _start thread.
func (r *run) start() error {
	if _, ok := r.mod.cm.ExportedFunctions()[startName]; !ok {
		return fmt.Errorf("wasmhost: module exports no %s function", startName)
	}
	if err := r.prepare(); err != nil {
		return err
	}
	th, inst, err := r.newThread()
	if err != nil {
		return err
	}
	if err := r.adopt(th, inst); err != nil {
		return err
	}
	r.joins.learn(th.ctx, inst)
	r.syms = learnSymbols(inst, r.mod.info.ExportedGlobals)
	r.live.Add(1)
	r.goThread(th, inst, startName)
	return nil
}

// prepare makes the run's stdio, memory and import resolver.
func (r *run) prepare() error {
	if err := r.cfg.check(); err != nil {
		return err
	}
	stdio := newStdio(r.cfg, r.sr.Done())
	r.stderr = stdio.stderr
	var err error
	if r.modCfg, err = moduleConfig(r.cfg, stdio, r.sr.Done()); err != nil {
		return err
	}
	if err := r.mod.checkImports(); err != nil {
		return fmt.Errorf("wasmhost: %w", err)
	}
	host, err := r.mod.rt.wasyncFor(r.cfg)
	if err != nil {
		return err
	}
	if r.stop, err = r.mod.rt.newStopFlag(r.sr.Context(), r.cfg.stackBytes()); err != nil {
		return err
	}
	resolver := func(name string) api.Module {
		switch name {
		case abi.ModuleName:
			return host
		case instrument.RunModule:
			return r.stop.module()
		}
		return nil
	}
	if r.mod.mem != nil {
		if resolver, err = r.importMemory(resolver); err != nil {
			return err
		}
	}
	r.ctx = experimental.WithImportResolver(r.sr.Context(), resolver)
	return nil
}

// importMemory makes the memory the guest imports, and returns resolve
// with the memory's module name added.
func (r *run) importMemory(resolve func(string) api.Module) (func(string) api.Module, error) {
	mi := r.mod.mem
	memMod, err := mi.instantiate(r.sr.Context(), r.mod.rt.wz, r.cfg.memoryPages, r.mod.hostImports())
	if err != nil {
		return nil, err
	}
	r.memMod = memMod
	r.mem, r.shared = memMod.ExportedMemory(mi.name), mi.shared
	if r.shared && r.stop == nil {
		// Uninstrumented guests park in wazero's own wait32.
		// Fail closed: without wazero's waiter map a run could not end
		// a thread parked in wait32.
		if r.waiters, err = waitersOf(r.mem); err != nil {
			return nil, err
		}
	}
	return func(name string) api.Module {
		if name == mi.module {
			return memMod
		}
		return resolve(name)
	}, nil
}

// adopt takes the first instance's own memory, when the guest has one, for
// naming objects and waking its waiters; it ends the thread if that fails.
func (r *run) adopt(th *thread, inst api.Module) (err error) {
	if r.mem == nil {
		r.ownMem = inst.Memory()
		// A guest's own shared memory: one thread, but it may still park
		// in wazero's wait32, and the run's end must wake it.
		if r.stop == nil && r.mod.info.SharedMemory {
			if r.waiters, err = waitersOf(r.ownMem); err != nil {
				_ = inst.Close(context.Background())
				th.t.Exit()
				return err
			}
		}
	}
	return nil
}

// startEnded reports whether start failed because the guest's start
// section, which runs as thread 1, ended the run: it called proc_exit, or
// the run ended (time limit, cancel, every thread blocked) while it ran.
// The run's outcome is then that end, as for any thread, not a host error.
func (r *run) startEnded(err error) bool {
	var exit *sys.ExitError
	if errors.As(err, &exit) {
		r.sr.Stop(&exitStatus{code: exit.ExitCode()}) // no-op if the run ended first
		return true
	}
	return r.sr.Err() != nil
}
