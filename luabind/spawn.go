package luabind

import (
	"errors"
	"strconv"

	lua "github.com/Shopify/go-lua"
	"github.com/wasync/wasync/syncrt"
)

// spawn is thread.spawn(f, ...): it runs f(...) in a new thread with its
// own State and returns the thread's handle. f and the arguments are
// copied now (see copyOut), so a later change in the caller's State does
// not reach the new thread. f may also be the source text of a chunk,
// which gets the arguments as its ... . The new thread starts at the
// caller's base priority.
func (th *thread) spawn(l *lua.State) int {
	if t := l.TypeOf(1); t != lua.TypeString && t != lua.TypeFunction {
		argError(l, 1, "expected function or chunk, got "+typeName(l, 1))
	}
	vals, err := copyOut(th, l, 1, l.Top())
	if err != nil {
		raise(l, "thread.spawn: "+err.Error())
	}
	child, err := th.rt.newThread(th)
	if errors.Is(err, syncrt.ErrTooManyThreads) {
		raise(l, "thread.spawn: too many threads")
	} else if err != nil {
		raise(l, "thread.spawn: "+err.Error())
	}
	child.spawned = true
	child.foreign = th.scriptGlobals(l)
	th.rt.wg.Add(1)
	go func() {
		defer th.rt.wg.Done()
		child.body(func(l *lua.State) (int, error) {
			if src, ok := vals[0].(string); ok {
				if err := lua.LoadBuffer(l, src, "=thread "+strconv.Itoa(int(child.t.Tid())), "t"); err != nil {
					msg, _ := l.ToString(-1)
					return 0, errors.New(msg)
				}
				vals = vals[1:]
			}
			if err := copyIn(child, l, vals); err != nil {
				return 0, err
			}
			return l.Top() - 1, nil
		})
	}()
	th.pushHandle(l, child.self)
	return 1
}

// join is thread.join(t) and t:join(): it waits for t to end, then
// returns t's results, or false and t's error message. The wait is an
// engine semaphore acquire, so a join that can never return counts as
// blocked in the all-blocked report.
func (th *thread) join(l *lua.State) int {
	h := th.checkObject(l, 1, kindThread)
	if h.th == th {
		raise(l, "cannot join the current thread")
	}
	if e := th.t.AcquireSemaphore(h.obj); e != 0 {
		th.errno(l, e)
	}
	th.t.ReleaseSemaphore(h.obj) // for the next joiner
	<-h.th.exited                // its mutexes are dead-owned from here on
	if h.th.stopped {            // ended by the run's end, which is ending us too
		th.stop(l)
	}
	h.th.received.Store(true)
	if h.th.failed {
		l.PushBoolean(false)
		l.PushString(h.th.errMsg)
		return 2
	}
	l.SetTop(0)
	if err := copyIn(th, l, h.th.results); err != nil {
		raise(l, "thread.join: "+err.Error())
	}
	return len(h.th.results)
}
