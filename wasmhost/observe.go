package wasmhost

import (
	"context"
	"fmt"
	"sync"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
	"github.com/wasync/wasync/abi"
	"github.com/wasync/wasync/diag"
	"github.com/wasync/wasync/syncrt"
)

// WithObserver hands every finished wasync call of a run to fn, on the
// calling thread's goroutine (keep fn quick), with the object named by its
// guest address and the result by its errno name. Without an observer a run
// pays nothing for observation; with one, a contended call reads the clock
// twice and an uncontended one not at all.
// The diag package has observers for a trace, statistics and a
// lock-contention profile.
func WithObserver(fn func(diag.Event)) RunOption { return func(c *config) { c.observe = fn } }

// WithStacks gives each contended call's event the calling thread's wasm
// call stack (diag.Event.Stack), named from the module's name section. It
// needs WithObserver: a run with stacks and no observer fails to start. It
// runs the run's wasync calls through a copy of the host module that wazero
// calls with a function listener, which costs every call of the run a stack
// unwind (about as much as the call itself); a run without it pays nothing.
func WithStacks(on bool) RunOption { return func(c *config) { c.stacks = on } }

// observe turns the engine's event into the embedder's. caller is the
// calling thread's *thread (syncrt.Thread.Data).
func (r *run) observe(e syncrt.Event, caller any) {
	ev := diag.Event{Event: e, Object: r.describe(e.Ref), Outcome: e.Result.String()}
	if off, ok := r.offset(e.Ref); ok {
		ev.ID = uint64(off)
	}
	if e.Contended && r.cfg.stacks {
		ev.Stack = caller.(*thread).frames()
	}
	r.cfg.observe(ev)
}

// observer is the engine's observer for the run, nil when unobserved.
func (r *run) observer() func(syncrt.Event, any) {
	if r.cfg.observe == nil {
		return nil
	}
	return r.observe
}

// frames reads the stack wazero's listener gave the thread's current wasync
// call, innermost first, without the wasync function itself (the event's Op
// names it). wazero reuses the iterator only for the thread's next host
// call, so it still describes the call in progress.
func (th *thread) frames() []diag.Frame {
	si := th.stack
	if si == nil {
		return nil
	}
	var fs []diag.Frame
	for si.Next() {
		def := si.Function().Definition()
		if def.ModuleName() == stackedHostName {
			continue
		}
		name := def.Name()
		if name == "" {
			name = fmt.Sprintf("$%d", def.Index())
		}
		fs = append(fs, diag.Frame{Function: name})
	}
	return fs
}

// stackListener keeps the stack iterator of each wasync call on the calling
// thread, for frames to read if the call turns out contended: walking it
// only then costs uncontended calls nothing but wazero's unwind.
type stackListener struct{}

func (stackListener) Before(ctx context.Context, _ api.Module, _ api.FunctionDefinition, _ []uint64, si experimental.StackIterator) {
	if th, ok := ctx.Value(threadKey{}).(*thread); ok {
		th.stack = si
	}
}

func (stackListener) After(ctx context.Context, _ api.Module, _ api.FunctionDefinition, _ []uint64) {
	if th, ok := ctx.Value(threadKey{}).(*thread); ok {
		th.stack = nil
	}
}

func (stackListener) Abort(ctx context.Context, mod api.Module, def api.FunctionDefinition, _ error) {
	stackListener{}.After(ctx, mod, def, nil)
}

// stackedHost is the "wasync" host module wazero calls with stackListener,
// instantiated on a Runtime's first run with stacks under a name of its own;
// such runs resolve their "wasync" imports to it.
type stackedHost struct {
	once sync.Once
	mod  api.Module
	err  error
}

const stackedHostName = abi.ModuleName + " (with stacks)"

// get returns the module, made on first use. It is instantiated from its
// compiled form, not by the builder's Instantiate, whose wrapper wazero's
// import resolver does not accept.
func (s *stackedHost) get(wz wazero.Runtime) (api.Module, error) {
	s.once.Do(func() {
		ctx := experimental.WithFunctionListenerFactory(context.Background(),
			experimental.FunctionListenerFactoryFunc(func(api.FunctionDefinition) experimental.FunctionListener {
				return stackListener{}
			}))
		cm, err := wasyncHostModule(wz, stackedHostName).Compile(ctx)
		if err != nil {
			s.err = err
			return
		}
		s.mod, s.err = wz.InstantiateModule(ctx, cm, wazero.NewModuleConfig())
	})
	return s.mod, s.err
}
