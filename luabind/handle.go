package luabind

import (
	"github.com/wasync/wasync/syncrt"
)

// A kind is what a handle stands for.
type kind uint8

const (
	kindMutex kind = iota
	kindSemaphore
	kindThread
	kindShared
)

// kindNames are each kind's metatable __name, as Lua sees it.
var kindNames = [...]string{kindMutex: "mutex", kindSemaphore: "semaphore", kindThread: "thread", kindShared: "shared"}

func (k kind) String() string { return kindNames[k] }

// A handle is a host object that every Lua thread of a run sees by
// identity. In each State it appears as one table bound to it; a handle
// crossing into a State that has no table for it yet gets a new one.
type handle struct {
	id   int64
	kind kind
	obj  *syncrt.Object // a mutex or a semaphore; a thread's end semaphore
	th   *thread        // kindThread: the thread it stands for
	tab  *sharedTable   // kindShared
}
