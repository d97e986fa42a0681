package bench

import (
	"context"
	"encoding/binary"
	"fmt"
	"runtime"
	"time"

	"github.com/wasync/wasync/abi"
	"github.com/wasync/wasync/syncrt"
)

// liveBytes is the host's live heap and goroutine stacks after a full
// collection: what a run keeps, not what it has thrown away.
func liveBytes() int64 {
	runtime.GC()
	runtime.GC() // the first may leave objects freed by finalizers
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return int64(ms.HeapAlloc + ms.StackInuse)
}

// scaleCase is P6: a run of scale.wasm with threads queued on one mutex,
// n times. It reports the time from the first unlock to the last thread's
// lock, and the host memory each queued thread costs (its instance,
// goroutine and engine state: the live bytes with every thread queued,
// less those before the first spawn).
func (s *Suite) scaleCase(threads int) Case {
	return Case{Name: fmt.Sprintf("threads=%d", threads), Measure: func(n int) (Measurement, error) {
		var total float64
		var start, queued int64
		for range n {
			r, err := runGuest(s.scale, func(what string) {
				if what == "start" {
					start = liveBytes()
				} else {
					queued = liveBytes()
				}
			}, "scale", fmt.Sprint(threads))
			if err != nil {
				return Measurement{}, err
			}
			total += r.ns
		}
		return Measurement{NsPerOp: total / float64(n), Metrics: map[string]float64{
			"B/queued-thread": float64(queued-start) / float64(threads),
		}}, nil
	}}
}

// objectsLeft is P7 measured in the guest: objects.wasm locks and unlocks
// each object once through the host, n times; the bytes the host holds
// afterwards beyond those before are what the engine kept.
func (s *Suite) objectsLeft(n int) (Measurement, error) {
	var total float64
	var before, after int64
	for range n {
		r, err := runGuest(s.objects, func(what string) {
			if what == "before" {
				before = liveBytes()
			} else {
				after = liveBytes()
			}
		}, "objects", fmt.Sprint(s.Objects))
		if err != nil {
			return Measurement{}, err
		}
		total += r.ns
	}
	return leftMeasurement(total/float64(n*s.Objects), after-before), nil
}

// engineObjectsLeft is P7 measured on the engine alone, as a binding uses
// it: objects in a guest-like memory, each locked and unlocked once.
func (s *Suite) engineObjectsLeft(n int) (Measurement, error) {
	var total time.Duration
	var left int64
	for range n {
		d, l, err := EngineObjects(s.Objects)
		if err != nil {
			return Measurement{}, err
		}
		total += d
		left = l
	}
	return leftMeasurement(float64(total.Nanoseconds())/float64(n*s.Objects), left), nil
}

func leftMeasurement(nsPerObject float64, left int64) Measurement {
	return Measurement{NsPerOp: nsPerObject, Metrics: map[string]float64{"B-left": float64(left)}}
}

// EngineObjects locks and unlocks each of count mutexes once through a
// syncrt thread and returns the time that took and the host bytes live
// afterwards beyond those before (the mutexes' own memory is allocated
// before and counted in neither). A thousand other objects go first, so
// what the process sets up once (the first call's runtime state) is not
// counted as the objects'.
func EngineObjects(count int) (time.Duration, int64, error) {
	objs := mutexes(count)
	r := syncrt.NewRun(context.Background(), syncrt.Config{})
	defer r.Stop(nil)
	th, err := r.NewThread()
	if err != nil {
		return 0, 0, err
	}
	if err := lockEach(th, mutexes(1000)); err != nil {
		return 0, 0, err
	}
	before := liveBytes()
	start := time.Now()
	if err := lockEach(th, objs); err != nil {
		return 0, 0, err
	}
	d := time.Since(start)
	left := liveBytes() - before
	runtime.KeepAlive(objs)
	return d, left, nil
}

// mutexes lays out count unlocked mutexes in a guest-like memory.
func mutexes(count int) []*syncrt.Object {
	mem := make([]byte, count*abi.ObjectSize)
	objs := make([]*syncrt.Object, count)
	for i := range objs {
		off := uint32(i * abi.ObjectSize)
		binary.LittleEndian.PutUint32(mem[off+abi.MutexOffName:], abi.MutexName)
		objs[i], _ = syncrt.ObjectAt(mem, off)
	}
	return objs
}

// lockEach locks and unlocks each object once.
func lockEach(th *syncrt.Thread, objs []*syncrt.Object) error {
	for _, o := range objs {
		if e := th.LockMutex(o); e != abi.ESUCCESS {
			return fmt.Errorf("bench: lockmutex: %v", e)
		}
		if e := th.UnlockMutex(o); e != abi.ESUCCESS {
			return fmt.Errorf("bench: unlockmutex: %v", e)
		}
	}
	return nil
}
