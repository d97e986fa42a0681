package luabind

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sync"

	lua "github.com/Shopify/go-lua"
)

// A sharedTable is a host table every thread of a run sees. Its keys are
// strings, numbers and booleans; its values booleans, numbers, strings and
// handles (sync objects, threads, other shared tables). Each get and each
// set is atomic on its own; a read-modify-write is not, which is what a
// mutex is for.
type sharedTable struct {
	mu sync.Mutex
	m  map[any]any
	// keys are m's keys in pairs' order, for next; nil when a key was
	// added or removed since they were sorted.
	keys []any
}

func newSharedTable() *sharedTable { return &sharedTable{m: map[any]any{}} }

func (t *sharedTable) get(k any) any {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.m[k]
}

func (t *sharedTable) set(k, v any) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.store(k, v)
}

// store sets t[k] = v under t.mu, nil deleting k.
func (t *sharedTable) store(k, v any) {
	_, had := t.m[k]
	if v == nil {
		delete(t.m, k)
	} else {
		t.m[k] = v
	}
	if had != (v != nil) {
		t.keys = nil
	}
}

// border is #t: a border as Lua defines one, an n with t[n] set (or n
// = 0) and t[n+1] nil. For a table that is a plain list the number of
// entries is one, found at once; else it counts up from 1.
func (t *sharedTable) border() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.borderLocked()
}

// snapshot returns the pairs in a fixed order, so that pairs() on a shared
// table is deterministic: numbers, then strings, then booleans.
func (t *sharedTable) snapshot() [][2]any {
	t.mu.Lock()
	kv := make([][2]any, 0, len(t.m))
	for k, v := range t.m {
		kv = append(kv, [2]any{k, v})
	}
	t.mu.Unlock()
	slices.SortFunc(kv, func(a, b [2]any) int { return compareKeys(a[0], b[0]) })
	return kv
}

func compareKeys(a, b any) int {
	rank := func(k any) int {
		switch k.(type) {
		case float64:
			return 0
		case string:
			return 1
		}
		return 2
	}
	if c := cmp.Compare(rank(a), rank(b)); c != 0 {
		return c
	}
	switch a := a.(type) {
	case float64:
		return cmp.Compare(a, b.(float64))
	case string:
		return cmp.Compare(a, b.(string))
	case bool:
		if a == b.(bool) {
			return 0
		}
		if !a {
			return -1
		}
	}
	return 1
}

// newSharedMetatable makes the metatable of this State's shared tables.
func (th *thread) newSharedMetatable(l *lua.State) {
	l.NewTable()
	lua.SetFunctions(l, wrapAll(
		lua.RegistryFunction{Name: "__index", Function: th.sharedIndex},
		lua.RegistryFunction{Name: "__newindex", Function: th.sharedNewIndex},
		lua.RegistryFunction{Name: "__len", Function: th.sharedLen},
		lua.RegistryFunction{Name: "__pairs", Function: th.sharedPairs},
		lua.RegistryFunction{Name: "__ipairs", Function: th.sharedIPairs},
		lua.RegistryFunction{Name: "__tostring", Function: th.toString},
	), 0)
	l.PushString(kindShared.String())
	l.SetField(-2, "__name")
	protectMetatable(l, kindShared)
	l.SetField(lua.RegistryIndex, regMeta+kindShared.String())
}

func (th *thread) sharedArg(l *lua.State) *sharedTable {
	return th.checkObject(l, 1, kindShared).tab
}

func (th *thread) sharedIndex(l *lua.State) int {
	return th.pushField(l, th.sharedArg(l))
}

// pushField pushes t's value at the key in argument 2 (nil for a key a
// shared table cannot hold).
func (th *thread) pushField(l *lua.State, t *sharedTable) int {
	k, ok := sharedKey(l, 2)
	if !ok {
		l.PushNil()
		return 1
	}
	th.pushShared(l, t.get(k))
	return 1
}

func (th *thread) sharedNewIndex(l *lua.State) int {
	t := th.sharedArg(l)
	k, ok := sharedKey(l, 2)
	if !ok {
		raise(l, "shared table keys must be strings, numbers or booleans, got "+typeName(l, 2))
	}
	v, err := th.toShared(l, 3, map[any]*handle{}, 0)
	if err != nil {
		raise(l, err.Error())
	}
	t.set(k, v)
	return 0
}

func (th *thread) sharedLen(l *lua.State) int {
	l.PushInteger(th.sharedArg(l).border())
	return 1
}

// sharedPairs is __pairs: it iterates over a snapshot taken now.
func (th *thread) sharedPairs(l *lua.State) int {
	kv := th.sharedArg(l).snapshot()
	i := 0
	l.PushGoFunction(wrap("pairs", func(l *lua.State) int {
		if i >= len(kv) {
			l.PushNil()
			return 1
		}
		th.pushShared(l, kv[i][0])
		th.pushShared(l, kv[i][1])
		i++
		return 2
	}))
	l.PushValue(1)
	l.PushNil()
	return 3
}

// sharedIPairs is __ipairs: t[1], t[2], … read live up to the first nil.
func (th *thread) sharedIPairs(l *lua.State) int {
	t := th.sharedArg(l)
	l.PushGoFunction(wrap("ipairs", func(l *lua.State) int {
		i := lua.CheckInteger(l, 2) + 1
		v := t.get(float64(i))
		if v == nil {
			l.PushNil()
			return 1
		}
		l.PushInteger(i)
		th.pushShared(l, v)
		return 2
	}))
	l.PushValue(1)
	l.PushInteger(0)
	return 3
}

// sharedKey reads a key; ok is false for a type shared tables cannot
// hold as a key (or a NaN).
func sharedKey(l *lua.State, idx int) (any, bool) {
	switch l.TypeOf(idx) {
	case lua.TypeString:
		s, _ := l.ToString(idx)
		return s, true
	case lua.TypeNumber:
		n, _ := l.ToNumber(idx)
		return n, !math.IsNaN(n)
	case lua.TypeBoolean:
		return l.ToBoolean(idx), true
	}
	return nil, false
}

// pushShared pushes a value a shared table holds: nil, a boolean, a
// number, a string or a handle. It reports whether v was one of those.
func (th *thread) pushShared(l *lua.State, v any) bool {
	switch v := v.(type) {
	case nil:
		l.PushNil()
	case bool:
		l.PushBoolean(v)
	case float64:
		l.PushNumber(v)
	case string:
		l.PushString(v)
	case *handle:
		th.pushHandle(l, v)
	default:
		return false
	}
	return true
}

// toShared converts the value at idx for storing in a shared table: a
// plain table becomes a new shared table, recursively (made maps the
// tables converted so far, so cycles become shared cycles).
func (th *thread) toShared(l *lua.State, idx int, made map[any]*handle, depth int) (any, error) {
	idx = l.AbsIndex(idx)
	switch l.TypeOf(idx) {
	case lua.TypeNil, lua.TypeBoolean, lua.TypeNumber, lua.TypeString:
		k, _ := sharedKey(l, idx)
		return k, nil
	case lua.TypeTable:
	default:
		return nil, fmt.Errorf("shared tables cannot hold a %s", typeName(l, idx))
	}
	if h, err := th.scriptObject(l, idx); h != nil || err != nil {
		return h, err
	}
	id := l.ToValue(idx)
	if h := made[id]; h != nil {
		return h, nil
	}
	if depth > maxDepth || !l.CheckStack(4) {
		return nil, fmt.Errorf("cannot share a table nested more than %d deep", maxDepth)
	}
	h := th.rt.newHandle(kindShared)
	h.tab = newSharedTable()
	made[id] = h
	l.PushNil()
	for l.Next(idx) {
		k, ok := sharedKey(l, -2)
		if !ok {
			err := fmt.Errorf("shared table keys must be strings, numbers or booleans, got %s", typeName(l, -2))
			l.Pop(2)
			return nil, err
		}
		v, err := th.toShared(l, -1, made, depth+1)
		l.Pop(1)
		if err != nil {
			l.Pop(1)
			return nil, err
		}
		h.tab.m[k] = v
	}
	return h, nil
}
