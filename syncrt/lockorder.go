package syncrt

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/wasync/wasync/abi"
)

// LockOrder is what a run does about the order in which its threads take
// mutexes (Config.LockOrder), as Linux's lockdep and NetBSD's LOCKDEBUG
// do: it keeps a graph of the orders seen, an edge A → B when a thread
// asks for B while it holds A, and reports an order that closes a cycle
// in it as a PotentialDeadlock, though no thread blocked.
type LockOrder uint8

// The lock-order modes.
const (
	LockOrderOff    LockOrder = iota // no check: the calls pay one test
	LockOrderReport                  // report each cycle once; results unchanged
	LockOrderStrict                  // and the lock that closes it fails: EDEADLK, Reason OrderCycle
)

var lockOrderNames = [...]string{LockOrderOff: "off", LockOrderReport: "report", LockOrderStrict: "strict"}

// String is "off", "report" or "strict".
func (m LockOrder) String() string {
	if int(m) < len(lockOrderNames) {
		return lockOrderNames[m]
	}
	return "LockOrder(?)"
}

// An OrderEdge is one order of the lock-order graph: thread Tid asked for
// mutex To while it held mutex From, the first time any thread did.
type OrderEdge struct {
	From, To         ObjectRef
	FromName, ToName string // as Config.Describe named them then
	Tid              uint32
	// Stack is the thread's call stack at that lock, innermost first, as
	// Config.Stack gave it; nil without one.
	Stack []string
	seq   int // when it was made, in the graph's count: report order
}

// A PotentialDeadlock is a cycle in a run's lock-order graph: each mutex
// of it was asked for while the one before was held, so threads taking
// them in those orders at once can deadlock, whether or not they did. It
// is reported once per run, when the lock that closes it is asked for:
// in Run.PotentialDeadlocks at the end, and in that call's Event.
type PotentialDeadlock struct {
	// Orders are the cycle's edges, each one's To the next one's From,
	// from the one established first; the last is the lock that closed
	// the cycle.
	Orders []OrderEdge
	// Refused is set when that lock failed with EDEADLK (LockOrderStrict).
	Refused bool
}

// Error words the cycle as lockdep does: every order, by whom and where.
func (p *PotentialDeadlock) Error() string {
	var b strings.Builder
	names := make([]string, len(p.Orders))
	for i, e := range p.Orders {
		names[i] = e.FromName
	}
	fmt.Fprintf(&b, "possible circular locking dependency (a potential deadlock) between mutexes %s:",
		joinNames(names))
	for i, e := range p.Orders {
		if p.Refused && i == len(p.Orders)-1 {
			fmt.Fprintf(&b, "\n  thread %d asked for %s while holding %s: refused (EDEADLK)", e.Tid, e.ToName, e.FromName)
		} else {
			fmt.Fprintf(&b, "\n  thread %d locked %s while holding %s", e.Tid, e.ToName, e.FromName)
		}
		if len(e.Stack) > 0 {
			b.WriteString(", at:")
			for _, f := range e.Stack {
				b.WriteString("\n      " + f)
			}
		}
	}
	return b.String()
}

// joinNames is "a and b", "a, b and c".
func joinNames(s []string) string {
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

// lockOrder is a run's lock-order graph. Its edges only grow: a run that
// takes few distinct pairs of mutexes keeps a small graph however long it
// runs.
type lockOrder struct {
	strict   bool
	stack    func(caller any) []string
	describe func(ObjectRef) string

	mu    sync.RWMutex
	made  int // edges made, refused ones included: the next seq
	edges map[[2]*Object]*OrderEdge
	out   map[*Object][]*OrderEdge
	seen  map[string]bool // cycles reported, by cycleKey
	found []*PotentialDeadlock
}

func newLockOrder(cfg Config, describe func(ObjectRef) string) *lockOrder {
	if cfg.LockOrder == LockOrderOff {
		return nil
	}
	return &lockOrder{strict: cfg.LockOrder == LockOrderStrict, stack: cfg.Stack, describe: describe,
		edges: map[[2]*Object]*OrderEdge{}, out: map[*Object][]*OrderEdge{}, seen: map[string]bool{}}
}

// held is a thread's part of the check: the mutexes it took through the
// engine and, until its next lock prunes them, may since have let go; and
// the cycle its current call found, for the call's Event. Only the
// thread's goroutine touches it; a thread that ends takes it along.
type held struct {
	locks []*Object
	found *PotentialDeadlock
}

// hooked runs a mutex call in a run with hooks: the lock-order check
// around a lock, the observer around both. ns is a lock's timeout. An
// unlock needs no check: the held set drops what the thread no longer
// owns before each lock (pruneHeld).
func (t *Thread) hooked(op Op, o *Object, ns int64, call func() abi.Errno) abi.Errno {
	if t.run.order != nil && op != OpUnlockMutex {
		inner := call
		call = func() abi.Errno { return t.ordered(op, o, ns, inner) }
	}
	if t.run.observe != nil {
		return t.observed(op, RefOf(o), call)
	}
	return call()
}

// ordered runs a mutex call under the lock-order check. A lock that may
// block adds its orders before it blocks, as lockdep does, so that strict
// mode can refuse it and an inversion that does deadlock is reported too.
// A trylock, or a timed lock that may not wait, cannot deadlock and adds
// none; a successful one still counts as held, since blocking for another
// mutex while holding it can deadlock.
func (t *Thread) ordered(op Op, o *Object, ns int64, call func() abi.Errno) abi.Errno {
	if o.checkMutex() == 0 && o.Owner() != t.tid { // not a relock
		t.pruneHeld()
		if (op == OpLockMutex || ns > 0) && t.addOrders(o) {
			return t.fail(abi.EDEADLK, OrderCycle)
		}
	}
	e := call()
	if (e == 0 || e == abi.EOWNERDEAD) && !slices.Contains(t.held.locks, o) {
		t.held.locks = append(t.held.locks, o)
	}
	return e
}

// pruneHeld forgets the mutexes t no longer owns, as the owner words say:
// those it unlocked, and those a guest that ignores the fast-path switch
// unlocked without the engine. O(held), as the check is anyway.
func (t *Thread) pruneHeld() {
	t.held.locks = slices.DeleteFunc(t.held.locks, func(h *Object) bool { return h.Owner() != t.tid })
}

// addOrders records that t asks for o while holding its held mutexes,
// and reports whether strict mode refuses the lock. The common case, every
// order already known, takes only the read lock.
func (t *Thread) addOrders(o *Object) (refuse bool) {
	lo := t.run.order
	var fresh []*Object
	lo.mu.RLock()
	for _, h := range t.held.locks {
		if lo.edges[[2]*Object{h, o}] == nil {
			fresh = append(fresh, h)
		}
	}
	lo.mu.RUnlock()
	if len(fresh) == 0 {
		return false
	}
	// Asked for outside the graph's lock: binding code, on t's goroutine.
	var stack []string
	if lo.stack != nil {
		stack = lo.stack(t.Data)
	}
	names := make([]string, len(fresh)+1)
	names[0] = lo.describe(RefOf(o))
	for i, h := range fresh {
		names[i+1] = lo.describe(RefOf(h))
	}
	lo.mu.Lock()
	defer lo.mu.Unlock()
	var cycles [][]*OrderEdge
	var edges []*OrderEdge
	for i, h := range fresh {
		if lo.edges[[2]*Object{h, o}] != nil {
			continue // another thread made it meanwhile
		}
		e := &OrderEdge{From: RefOf(h), To: RefOf(o), FromName: names[i+1], ToName: names[0],
			Tid: t.tid, Stack: stack, seq: lo.made}
		lo.made++
		edges = append(edges, e)
		if path := lo.path(o, h); path != nil {
			cycles = append(cycles, append(path, e))
		}
	}
	if lo.strict && len(cycles) > 0 {
		refuse = true
	} else {
		for _, e := range edges {
			k := [2]*Object{(*Object)(e.From.p), o}
			lo.edges[k] = e
			lo.out[k[0]] = append(lo.out[k[0]], e)
		}
	}
	for _, c := range cycles {
		lo.report(t, c, refuse)
	}
	return refuse
}

// path is the shortest chain of edges from a to b, nil if none: breadth
// first, so a report names the fewest mutexes. Under mu.
func (lo *lockOrder) path(a, b *Object) []*OrderEdge {
	via := map[*Object]*OrderEdge{a: nil}
	for next := []*Object{a}; len(next) > 0; {
		var later []*Object
		for _, n := range next {
			for _, e := range lo.out[n] {
				to := (*Object)(e.To.p)
				if _, ok := via[to]; ok {
					continue
				}
				via[to] = e
				if to == b {
					return chain(via, a, b)
				}
				later = append(later, to)
			}
		}
		next = later
	}
	return nil
}

// chain follows via back from b to a.
func chain(via map[*Object]*OrderEdge, a, b *Object) []*OrderEdge {
	var c []*OrderEdge
	for n := b; n != a; n = (*Object)(via[n].From.p) {
		c = append(c, via[n])
	}
	slices.Reverse(c)
	return c
}

// report records cycle c, closed by t's lock, unless it was seen before.
// Under mu.
func (lo *lockOrder) report(t *Thread, c []*OrderEdge, refused bool) {
	key := cycleKey(c)
	if lo.seen[key] {
		return
	}
	lo.seen[key] = true
	first := 0
	for i, e := range c {
		if e.seq < c[first].seq {
			first = i
		}
	}
	p := &PotentialDeadlock{Refused: refused}
	for i := range c {
		p.Orders = append(p.Orders, *c[(first+i)%len(c)])
	}
	lo.found = append(lo.found, p)
	if t.held.found == nil {
		t.held.found = p
	}
}

// cycleKey names a cycle by its mutexes in order, from the lowest address,
// so that it is the same key whichever edge closed it.
func cycleKey(c []*OrderEdge) string {
	first := 0
	for i, e := range c {
		if e.From.Addr() < c[first].From.Addr() {
			first = i
		}
	}
	var b strings.Builder
	for i := range c {
		fmt.Fprintf(&b, "%x ", c[(first+i)%len(c)].From.Addr())
	}
	return b.String()
}

// foundBy hands over the cycle t's current call found, for its Event.
func (t *Thread) foundBy() *PotentialDeadlock {
	p := t.held.found
	t.held.found = nil
	return p
}

// PotentialDeadlocks are the cycles the run's lock-order check has found
// so far (Config.LockOrder), in the order found; nil when it is off.
func (r *Run) PotentialDeadlocks() []*PotentialDeadlock {
	if r.order == nil {
		return nil
	}
	r.order.mu.RLock()
	defer r.order.mu.RUnlock()
	return slices.Clone(r.order.found)
}
