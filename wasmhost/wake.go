package wasmhost

import (
	"fmt"
	"math"
	"reflect"
	"sync"
	"time"
	"unsafe"

	"github.com/tetratelabs/wazero/api"
)

// wakeInterval spaces the rounds of wake-ups while a run ends: a round
// cannot see a thread that enters wait32 after it, so rounds repeat until
// every thread is gone.
const wakeInterval = time.Millisecond

// notifier is what wazero's memory instance offers to wake waiters.
type notifier interface {
	Notify(offset, count uint32) uint32
}

// A waitSet is the set of addresses waited on in a shared memory.
type waitSet struct {
	addrs *sync.Map // uint32 offset → wazero's waiter list
	mem   notifier
}

// waitersOf finds the addresses waited on in mem: wazero keeps them, as
// uint32 offsets, in the unexported field `waiters sync.Map` of its memory
// instance, and never deletes them. This reads wazero's internals (v1.12.0);
// TestWaitersOfWazeroMemory fails loudly when they change. Only runs with
// WithInstrumentation(false) need it: instrumented guests wait in the host.
// It stays for them because without it such a run could not end a thread
// parked in wait32.
func waitersOf(mem api.Memory) (*waitSet, error) {
	n, ok := mem.(notifier)
	if !ok {
		return nil, fmt.Errorf("wasmhost: wazero's memory %T has no Notify method", mem)
	}
	v := reflect.ValueOf(mem)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return nil, fmt.Errorf("wasmhost: wazero's memory %T is not a pointer to a struct", mem)
	}
	f := v.Elem().FieldByName("waiters")
	if !f.IsValid() || f.Type() != reflect.TypeFor[sync.Map]() {
		return nil, fmt.Errorf("wasmhost: wazero's memory %T has no field `waiters sync.Map`", mem)
	}
	return &waitSet{addrs: (*sync.Map)(unsafe.Pointer(f.UnsafeAddr())), mem: n}, nil
}

// wakeAll notifies every waiter of every address once.
func (w *waitSet) wakeAll() {
	w.addrs.Range(func(k, _ any) bool {
		if off, ok := k.(uint32); ok {
			w.mem.Notify(off, math.MaxUint32)
		}
		return true
	})
}

// wakeUntil wakes every waiter, in rounds, until done is closed.
func (w *waitSet) wakeUntil(done <-chan struct{}) {
	tick := time.NewTicker(wakeInterval)
	defer tick.Stop()
	for {
		w.wakeAll()
		select {
		case <-done:
			return
		case <-tick.C:
		}
	}
}
