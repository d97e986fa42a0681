package luabind

import (
	"errors"
	"slices"
)

// The list and iteration operations of shared tables, each atomic under
// the table's lock, so that several threads appending with table.insert
// all land. They mirror Lua 5.2's table library on a plain table.

var errPosition = errors.New("position out of bounds")

// borderLocked is border under t.mu.
func (t *sharedTable) borderLocked() int {
	if n := len(t.m); n > 0 && t.m[float64(n)] != nil && t.m[float64(n+1)] == nil {
		return n
	}
	n := 0
	for t.m[float64(n+1)] != nil {
		n++
	}
	return n
}

// insert is table.insert: v goes to position pos (at the end when
// !hasPos), moving up what follows.
func (t *sharedTable) insert(v any, pos int, hasPos bool) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	e := t.borderLocked() + 1
	if !hasPos {
		pos = e
	}
	if pos < 1 || pos > e {
		return errPosition
	}
	for i := e; i > pos; i-- {
		t.m[float64(i)] = t.m[float64(i-1)]
	}
	t.store(float64(pos), v)
	return nil
}

// remove is table.remove: it takes out the element at pos (the last when
// !hasPos), moving down what follows, and returns it.
func (t *sharedTable) remove(pos int, hasPos bool) (any, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	size := t.borderLocked()
	if !hasPos {
		pos = size
	}
	if pos != size && (pos < 1 || pos > size+1) {
		return nil, errPosition
	}
	v := t.m[float64(pos)]
	for ; pos < size; pos++ {
		t.m[float64(pos)] = t.m[float64(pos+1)]
	}
	t.store(float64(pos), nil)
	return v, nil
}

// slice returns t[i..j], j defaulting to #t when !hasJ; ok is false for
// more than maxUnpack elements.
func (t *sharedTable) slice(i, j int, hasJ bool) (vals []any, ok bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !hasJ {
		j = t.borderLocked()
	}
	if i > j {
		return nil, true
	}
	if j-i >= maxUnpack || j-i < 0 { // < 0: i and j so far apart it overflowed
		return nil, false
	}
	vals = make([]any, 0, j-i+1)
	for k := i; k <= j; k++ {
		vals = append(vals, t.m[float64(k)])
	}
	return vals, true
}

// maxUnpack bounds the elements one call reads out of a shared list, as
// Lua's stack does for unpack.
const maxUnpack = 1 << 20

// list returns t[1..#t]; ok as for slice.
func (t *sharedTable) list() ([]any, bool) { return t.slice(1, 0, false) }

// setList stores vals as t[1..len(vals)].
func (t *sharedTable) setList(vals []any) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for i, v := range vals {
		t.store(float64(i+1), v)
	}
}

// next is next(t, k): the key after k in pairs' order, and its value;
// ok is false past the last key. A key deleted since the caller got it
// still has its place in that order, so a loop may clear fields as it
// goes, as Lua allows.
func (t *sharedTable) next(k any) (key, v any, ok bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.keys == nil {
		t.keys = make([]any, 0, len(t.m))
		for k := range t.m {
			t.keys = append(t.keys, k)
		}
		slices.SortFunc(t.keys, compareKeys)
	}
	i := 0
	if k != nil {
		var found bool
		i, found = slices.BinarySearchFunc(t.keys, k, compareKeys)
		if found {
			i++
		}
	}
	if i >= len(t.keys) {
		return nil, nil, false
	}
	return t.keys[i], t.m[t.keys[i]], true
}
