package luabind

import (
	"reflect"
	"runtime"
	"sync"
	"unsafe"
	"weak"

	lua "github.com/Shopify/go-lua"
)

// go-lua has neither weak tables nor __gc, so the binding cannot learn
// from Lua that a sync object's table became garbage. It keeps what it
// knows about such tables (their handle, their names in reports) in
// weakMaps instead, keyed by the address of the Go object behind the
// Lua value: the map does not keep the object alive, and once Go's
// collector frees it a cleanup drops the entry. An object that crossed to
// another thread is held by the State's proxy table in the registry
// (pin), as its identity across threads requires.

// A weakMap maps live Go objects, by address, to values.
type weakMap[V any] struct {
	mu sync.Mutex
	m  map[uintptr]weakEntry[V]
}

type weakEntry[V any] struct {
	wp weak.Pointer[byte]
	v  V
}

// load returns the value stored for the object at addr. An entry whose
// object died is ignored: Go's heap does not move objects, but a new one
// may take a freed address before the old entry's cleanup ran.
func (w *weakMap[V]) load(addr uintptr) (V, bool) {
	w.mu.Lock()
	e, ok := w.m[addr]
	w.mu.Unlock()
	if !ok || uintptr(unsafe.Pointer(e.wp.Value())) != addr {
		var zero V
		return zero, false
	}
	return e.v, true
}

// store sets the value for the object at p, which must be the start of a
// heap object, until that object is freed.
func (w *weakMap[V]) store(p unsafe.Pointer, v V) {
	obj := (*byte)(p)
	wp := weak.Make(obj)
	w.mu.Lock()
	if w.m == nil {
		w.m = map[uintptr]weakEntry[V]{}
	}
	w.m[uintptr(p)] = weakEntry[V]{wp, v}
	w.mu.Unlock()
	runtime.AddCleanup(obj, w.drop, deadKey{uintptr(p), wp})
}

// A deadKey is what the cleanup of a freed object needs to find its
// entry: no pointer to the object, which would keep it alive.
type deadKey struct {
	addr uintptr
	wp   weak.Pointer[byte]
}

// drop removes the entry of a freed object, unless an object allocated
// at the same address since has its own entry there.
func (w *weakMap[V]) drop(k deadKey) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if e, ok := w.m[k.addr]; ok && e.wp == k.wp {
		delete(w.m, k.addr)
	}
}

// tableAt is the address of the Go object behind the table at idx.
func tableAt(l *lua.State, idx int) unsafe.Pointer {
	return reflect.ValueOf(l.ToValue(idx)).UnsafePointer()
}
