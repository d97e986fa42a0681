package luabind

import (
	"strconv"
	"strings"

	lua "github.com/Shopify/go-lua"
)

// Lua 5.2's table library, next and the raw functions read and write
// tables raw, past __index and __newindex, so on a shared table's proxy
// they would see only the empty proxy. openSharedLib wraps each in the
// State: on a shared table it acts on the shared data (sharedlist.go);
// on anything else it calls the original, which the wrapper keeps as its
// upvalue.
func (th *thread) openSharedLib(l *lua.State) {
	for _, f := range []struct {
		lib, name string
		fn        func(*lua.State, *sharedTable) int
	}{
		{"table", "insert", th.sharedInsert},
		{"table", "remove", th.sharedRemove},
		{"table", "concat", th.sharedConcat},
		{"table", "unpack", th.sharedUnpack},
		{"table", "sort", th.sharedSort},
		{"", "next", th.sharedNext},
		{"", "rawget", th.sharedRawGet},
		{"", "rawset", th.sharedRawSet},
		{"", "rawlen", th.sharedRawLen},
	} {
		if f.lib == "" {
			l.PushGlobalTable()
		} else {
			l.Global(f.lib)
		}
		l.Field(-1, f.name)
		l.PushGoClosure(th.overShared(f.name, f.fn), 1)
		l.SetField(-2, f.name)
		l.Pop(1)
	}
}

// overShared makes the wrapper of a library function: fn for a shared
// table as first argument, else the original (upvalue 1).
func (th *thread) overShared(name string, fn func(*lua.State, *sharedTable) int) lua.Function {
	return wrap(name, func(l *lua.State) int {
		if h := th.handleAt(l, 1); h != nil && h.kind == kindShared {
			return fn(l, h.tab)
		}
		l.PushValue(lua.UpValueIndex(1))
		l.Insert(1)
		l.Call(l.Top()-1, lua.MultipleReturns)
		return l.Top()
	})
}

// sharedValue converts argument arg for storing in a shared table.
func (th *thread) sharedValue(l *lua.State, arg int) any {
	v, err := th.toShared(l, arg, map[any]*handle{}, 0)
	if err != nil {
		raise(l, err.Error())
	}
	return v
}

func (th *thread) sharedInsert(l *lua.State, t *sharedTable) int {
	var err error
	switch l.Top() {
	case 2:
		err = t.insert(th.sharedValue(l, 2), 0, false)
	case 3:
		pos := lua.CheckInteger(l, 2)
		err = t.insert(th.sharedValue(l, 3), pos, true)
	default:
		lua.Errorf(l, "wrong number of arguments to 'insert'")
	}
	if err != nil {
		lua.ArgumentError(l, 2, err.Error())
	}
	return 0
}

func (th *thread) sharedRemove(l *lua.State, t *sharedTable) int {
	hasPos := !l.IsNoneOrNil(2)
	pos := 0
	if hasPos {
		pos = lua.CheckInteger(l, 2)
	}
	v, err := t.remove(pos, hasPos)
	if err != nil {
		lua.ArgumentError(l, 1, err.Error()) // #1, as Lua 5.2 says
	}
	th.pushShared(l, v)
	return 1
}

// listArgs reads the i, j arguments at arg and arg+1 of concat and
// unpack and returns t[i..j] (j defaults to #t).
func listArgs(l *lua.State, t *sharedTable, arg int) (int, []any) {
	i := lua.OptInteger(l, arg, 1)
	hasJ := !l.IsNoneOrNil(arg + 1)
	j := 0
	if hasJ {
		j = lua.CheckInteger(l, arg+1)
	}
	vals, ok := t.slice(i, j, hasJ)
	if !ok {
		tooMany(l)
	}
	return i, vals
}

func tooMany(l *lua.State) {
	lua.Errorf(l, "too many elements in a shared table for one call (more than "+strconv.Itoa(maxUnpack)+")")
}

func (th *thread) sharedConcat(l *lua.State, t *sharedTable) int {
	sep := lua.OptString(l, 2, "")
	i, vals := listArgs(l, t, 3)
	var b strings.Builder
	for k, v := range vals {
		if k > 0 {
			b.WriteString(sep)
		}
		switch v := v.(type) {
		case string:
			b.WriteString(v)
		case float64:
			l.PushNumber(v)
			s, _ := l.ToString(-1)
			l.Pop(1)
			b.WriteString(s)
		default:
			th.pushShared(l, v)
			lua.Errorf(l, "invalid value ("+lua.TypeNameOf(l, -1)+") at index "+strconv.Itoa(i+k)+" in table for 'concat'")
		}
	}
	l.PushString(b.String())
	return 1
}

func (th *thread) sharedUnpack(l *lua.State, t *sharedTable) int {
	_, vals := listArgs(l, t, 2)
	if !l.CheckStack(len(vals)) {
		lua.Errorf(l, "too many results to unpack")
	}
	for _, v := range vals {
		th.pushShared(l, v)
	}
	return len(vals)
}

// sharedSort sorts t[1..#t]: it copies the list into a local table, sorts
// that with the original table.sort (the comparator is Lua code, which
// must not run under the table's lock) and stores the result back. The
// read and the write back are each atomic, not the whole: another thread
// writing the list meanwhile has its change overwritten, so guard a list
// that others write with a mutex.
func (th *thread) sharedSort(l *lua.State, t *sharedTable) int {
	vals, ok := t.list()
	if !ok {
		tooMany(l)
	}
	l.SetTop(2)
	if !l.CheckStack(4) {
		lua.Errorf(l, "stack overflow")
	}
	l.PushValue(lua.UpValueIndex(1))
	l.CreateTable(len(vals), 0)
	for i, v := range vals {
		th.pushShared(l, v)
		l.RawSetInt(-2, i+1)
	}
	l.PushValue(-1)
	l.Insert(3) // keep the sorted table at 3
	l.PushValue(2)
	l.Call(2, 0)
	for i := range vals {
		l.RawGetInt(3, i+1)
		vals[i] = th.sharedValue(l, -1)
		l.Pop(1)
	}
	t.setList(vals)
	return 0
}

func (th *thread) sharedNext(l *lua.State, t *sharedTable) int {
	var k any
	if !l.IsNoneOrNil(2) {
		var ok bool
		if k, ok = sharedKey(l, 2); !ok {
			lua.Errorf(l, "invalid key to 'next'")
		}
	}
	key, v, ok := t.next(k)
	if !ok {
		l.PushNil()
		return 1
	}
	th.pushShared(l, key)
	th.pushShared(l, v)
	return 2
}

func (th *thread) sharedRawGet(l *lua.State, t *sharedTable) int {
	lua.CheckAny(l, 2)
	return th.pushField(l, t)
}

func (th *thread) sharedRawSet(l *lua.State, t *sharedTable) int {
	lua.CheckAny(l, 2)
	lua.CheckAny(l, 3)
	k, ok := sharedKey(l, 2)
	if !ok {
		raise(l, "shared table keys must be strings, numbers or booleans, got "+typeName(l, 2))
	}
	t.set(k, th.sharedValue(l, 3))
	l.PushValue(1)
	return 1
}

func (th *thread) sharedRawLen(l *lua.State, t *sharedTable) int {
	l.PushInteger(t.border())
	return 1
}
