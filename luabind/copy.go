package luabind

import (
	"bytes"
	"fmt"

	lua "github.com/Shopify/go-lua"
)

// Values cross between States as Go values: nil, bool, float64 and string
// as themselves, a bound table as its *handle, and these for what is
// copied. A copy is immutable once made, so every State that receives it
// builds its own tables and functions from it.
type (
	// xtable is a plain table: key, value, key, value, …
	xtable struct{ kv []any }
	// xfunc is a Lua function: its bytecode (with debug info, so errors
	// keep their chunk:line) and its upvalues.
	xfunc struct {
		code []byte
		ups  []any
	}
	// xenv stands for an upvalue holding the State's globals (_ENV), and
	// xmodule for the thread module: each State has its own.
	xenv    struct{}
	xmodule struct{}
)

// maxDepth bounds the nesting of a copied value, which the copy walks
// recursively on the Go and Lua stacks.
const maxDepth = 200

// copyOut copies the values at stack indexes from..to of th's State.
func copyOut(th *thread, l *lua.State, from, to int) ([]any, error) {
	c := outCopier{th: th, seen: map[any]any{}}
	vals := make([]any, 0, to-from+1)
	for i := from; i <= to; i++ {
		v, err := c.value(l, i, 0)
		if err != nil {
			return nil, err
		}
		vals = append(vals, v)
	}
	return vals, nil
}

type outCopier struct {
	th   *thread
	seen map[any]any // a table or function copied already, by identity: cycles and sharing survive
}

func (c *outCopier) value(l *lua.State, idx, depth int) (any, error) {
	idx = l.AbsIndex(idx)
	if depth > maxDepth {
		return nil, fmt.Errorf("cannot copy a value nested more than %d deep", maxDepth)
	}
	switch t := l.TypeOf(idx); t {
	case lua.TypeNil:
		return nil, nil
	case lua.TypeBoolean:
		return l.ToBoolean(idx), nil
	case lua.TypeNumber:
		n, _ := l.ToNumber(idx)
		return n, nil
	case lua.TypeString:
		s, _ := l.ToString(idx)
		return s, nil
	case lua.TypeTable:
		return c.table(l, idx, depth)
	case lua.TypeFunction:
		return c.function(l, idx, depth)
	default:
		return nil, fmt.Errorf("cannot copy a %s to another thread", t)
	}
}

func (c *outCopier) table(l *lua.State, idx, depth int) (any, error) {
	id := l.ToValue(idx)
	if h, err := c.th.scriptObject(l, idx); h != nil || err != nil {
		return h, err
	}
	if id == c.th.module {
		return xmodule{}, nil
	}
	if v, ok := c.seen[id]; ok {
		return v, nil
	}
	t := &xtable{}
	c.seen[id] = t
	if !l.CheckStack(4) {
		return nil, fmt.Errorf("cannot copy: the Lua stack is full")
	}
	l.PushNil()
	for l.Next(idx) {
		k, err := c.value(l, -2, depth+1)
		if err == nil {
			var v any
			v, err = c.value(l, -1, depth+1)
			t.kv = append(t.kv, k, v)
		}
		l.Pop(1)
		if err != nil {
			l.Pop(1)
			return nil, err
		}
	}
	return t, nil
}

// function copies a Lua function as bytecode, or a builtin Go function by
// name. A Lua function's upvalues must keep their meaning in another
// State: sync objects, shared tables and thread handles (by identity), _ENV,
// the thread module and builtin functions (the other State's own), and Lua
// functions (copied likewise). A captured local of any other kind would
// silently become a separate copy, so it is an error.
func (c *outCopier) function(l *lua.State, idx, depth int) (any, error) {
	id := l.ToValue(idx)
	if l.IsGoFunction(idx) {
		if name, ok := c.th.builtins[id]; ok {
			return xbuiltin{name}, nil
		}
		return nil, fmt.Errorf("cannot pass a Go function to another thread unless every thread has it as a global or library function")
	}
	if v, ok := c.seen[id]; ok {
		return v, nil
	}
	f := &xfunc{}
	c.seen[id] = f
	var buf bytes.Buffer
	l.PushValue(idx)
	err := l.Dump(&buf)
	l.Pop(1)
	if err != nil {
		return nil, err
	}
	f.code = buf.Bytes()
	for i := 1; ; i++ {
		name, ok := lua.UpValue(l, idx, i)
		if !ok {
			break
		}
		v, err := c.upValue(l, name, depth)
		l.Pop(1)
		if err != nil {
			return nil, err
		}
		f.ups = append(f.ups, v)
	}
	return f, nil
}

// upValue copies the upvalue on top of the stack, named name.
func (c *outCopier) upValue(l *lua.State, name string, depth int) (any, error) {
	switch l.TypeOf(-1) {
	case lua.TypeTable:
		l.PushGlobalTable()
		env := l.RawEqual(-1, -2)
		l.Pop(1)
		if env {
			return xenv{}, nil
		}
		if h, err := c.th.scriptObject(l, -1); h != nil || err != nil {
			return h, err
		}
		if l.ToValue(-1) == c.th.module {
			return xmodule{}, nil
		}
	case lua.TypeFunction:
		if _, ok := c.th.builtins[l.ToValue(-1)]; ok || !l.IsGoFunction(-1) {
			return c.function(l, -1, depth+1)
		}
	}
	return nil, fmt.Errorf("the function uses local '%s' (a %s) from outside: a thread cannot share a local; pass it as an argument or keep it in shared",
		name, typeName(l, -1))
}

// copyIn pushes copies of vals onto th's State.
func copyIn(th *thread, l *lua.State, vals []any) error {
	if !l.CheckStack(len(vals) + 8) {
		return fmt.Errorf("too many values")
	}
	l.NewTable() // made tables and functions by copy, for cycles and sharing
	c := inCopier{th: th, made: map[any]int{}, tmp: l.Top()}
	for _, v := range vals {
		if err := c.push(l, v); err != nil {
			return err
		}
	}
	l.Remove(c.tmp)
	return nil
}

type inCopier struct {
	th   *thread
	made map[any]int // copy → its key in the table at tmp
	tmp  int
}

func (c *inCopier) push(l *lua.State, v any) error {
	if !l.CheckStack(4) {
		return fmt.Errorf("the Lua stack is full")
	}
	if c.th.pushShared(l, v) {
		return nil
	}
	switch v := v.(type) {
	case xenv:
		l.PushGlobalTable()
	case xbuiltin:
		return pushBuiltin(l, v)
	case xmodule:
		l.Field(lua.RegistryIndex, "_LOADED")
		l.Field(-1, "thread")
		l.Remove(-2)
	case *xtable:
		if c.pushMade(l, v) {
			return nil
		}
		l.CreateTable(0, len(v.kv)/2)
		c.remember(l, v)
		for i := 0; i < len(v.kv); i += 2 {
			if err := c.push(l, v.kv[i]); err != nil {
				return err
			}
			if err := c.push(l, v.kv[i+1]); err != nil {
				return err
			}
			l.RawSet(-3)
		}
	case *xfunc:
		if c.pushMade(l, v) {
			return nil
		}
		if err := lua.LoadBuffer(l, string(v.code), "=copy", "b"); err != nil {
			return fmt.Errorf("cannot load a copied function: %v", err)
		}
		c.remember(l, v)
		for i, u := range v.ups {
			if err := c.push(l, u); err != nil {
				return err
			}
			lua.SetUpValue(l, -2, i+1)
		}
	}
	return nil
}

func (c *inCopier) pushMade(l *lua.State, v any) bool {
	k, ok := c.made[v]
	if ok {
		l.RawGetInt(c.tmp, k)
	}
	return ok
}

func (c *inCopier) remember(l *lua.State, v any) {
	k := len(c.made) + 1
	c.made[v] = k
	l.PushValue(-1)
	l.RawSetInt(c.tmp, k)
}
