package syncrt

import "unsafe"

// An ObjectRef names the object or waited word of an Event, as a value an
// observer can compare, keep as a map key (it keeps a host-made object
// alive, as a pointer would) and read the state of, but cannot lock,
// release or write: observers see the run, they do not take part in it.
type ObjectRef struct {
	p    unsafe.Pointer
	word bool // a bare word of Wait32/Wait64, not an Object
}

// RefOf is the ObjectRef of o, as events and Config.Describe name it: a
// binding keys what it knows of its objects by it.
func RefOf(o *Object) ObjectRef { return ObjectRef{p: unsafe.Pointer(o)} }

func wordRef(p unsafe.Pointer) ObjectRef { return ObjectRef{p: p, word: true} }

// Addr is the host address of the object or word: a binding finds its
// guest address from it (offset in the guest's memory).
func (r ObjectRef) Addr() uintptr { return uintptr(r.p) }

// Kind is what the object is now (its name word), or KindWord for a
// waited word.
func (r ObjectRef) Kind() Kind {
	if r.word {
		return KindWord
	}
	return (*Object)(r.p).Kind()
}

// Owner is a mutex's owner tid now, 0 when it is unlocked or the ref is
// not a mutex's.
func (r ObjectRef) Owner() uint32 {
	if r.Kind() != KindMutex {
		return 0
	}
	return (*Object)(r.p).Owner()
}
