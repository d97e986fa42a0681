package syncrt

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"unsafe"
)

// Each benchmark runs the engine beside its baseline in the same run, so
// BENCHMARKS.md can give ratios: see the command there.

func benchRun(b *testing.B, n int) []*Thread {
	r := NewRun(context.Background(), Config{})
	b.Cleanup(func() { r.Stop(nil) })
	ths := make([]*Thread, n)
	for i := range ths {
		ths[i], _ = r.NewThread()
	}
	return ths
}

// BenchmarkUncontended: one lock+unlock pair with no other thread.
func BenchmarkUncontended(b *testing.B) {
	b.Run("impl=engine", func(b *testing.B) {
		th := benchRun(b, 1)[0]
		m := NewMutex(false)
		for b.Loop() {
			th.LockMutex(m)
			th.UnlockMutex(m)
		}
	})
	b.Run("impl=sync.Mutex", func(b *testing.B) {
		var m sync.Mutex
		for b.Loop() {
			m.Lock()
			m.Unlock() //lint:ignore SA2001 an empty critical section is the point
		}
	})
}

// BenchmarkContended: g threads increment one counter under one mutex;
// ns/op is per increment.
func BenchmarkContended(b *testing.B) {
	for _, g := range []int{2, 8, 64} {
		b.Run(fmt.Sprintf("threads=%d/impl=engine", g), func(b *testing.B) {
			ths := benchRun(b, g)
			m := NewMutex(false)
			counter := 0
			contend(b, g, func(i int) {
				ths[i].LockMutex(m)
				counter++
				ths[i].UnlockMutex(m)
			})
		})
		b.Run(fmt.Sprintf("threads=%d/impl=sync.Mutex", g), func(b *testing.B) {
			var m sync.Mutex
			counter := 0
			contend(b, g, func(int) {
				m.Lock()
				counter++
				m.Unlock()
			})
		})
	}
}

// contend splits b.N calls of op over g goroutines.
func contend(b *testing.B, g int, op func(i int)) {
	var wg sync.WaitGroup
	b.ResetTimer()
	for i := range g {
		n := b.N / g
		if i < b.N%g {
			n++
		}
		wg.Go(func() {
			for range n {
				op(i)
			}
		})
	}
	wg.Wait()
}

// BenchmarkPingPong: two threads hand a turn back and forth; ns/op is one
// round trip (two hand-offs).
func BenchmarkPingPong(b *testing.B) {
	b.Run("impl=engine-semaphore", func(b *testing.B) {
		ths := benchRun(b, 2)
		ping, pong := NewSemaphore(0), NewSemaphore(0)
		done := make(chan struct{})
		go func() {
			defer close(done)
			for range b.N {
				ths[1].AcquireSemaphore(ping)
				ths[1].ReleaseSemaphore(pong)
			}
		}()
		for range b.N {
			ths[0].ReleaseSemaphore(ping)
			ths[0].AcquireSemaphore(pong)
		}
		<-done
	})
	b.Run("impl=channel", func(b *testing.B) {
		ping, pong := make(chan struct{}), make(chan struct{})
		done := make(chan struct{})
		go func() {
			defer close(done)
			for range b.N {
				<-ping
				pong <- struct{}{}
			}
		}()
		for range b.N {
			ping <- struct{}{}
			<-pong
		}
		<-done
	})
}

// BenchmarkNotifyNoWaiter: a notify that finds no waiter, the common case
// of a guest's unlock. The engine fences (a locked add) so that a guest's
// plain store before it is seen; the baselines are the plain load it did
// before and the mutex round trip wazero's own notify takes.
func BenchmarkNotifyNoWaiter(b *testing.B) {
	b.Run("impl=engine", func(b *testing.B) {
		r := benchRun(b, 1)[0].Run()
		var word uint32
		for b.Loop() {
			r.Notify(unsafe.Pointer(&word), 1)
		}
	})
	b.Run("impl=plain-load", func(b *testing.B) {
		var waiting atomic.Int32
		for b.Loop() {
			if waiting.Load() != 0 {
				b.Fatal("a waiter")
			}
		}
	})
	b.Run("impl=sync.Mutex", func(b *testing.B) {
		var m sync.Mutex
		for b.Loop() {
			m.Lock()
			m.Unlock() //lint:ignore SA2001 an empty critical section is the point
		}
	})
}

// BenchmarkLeave: the last of n waiters leaves its queue, as a timed-out
// waiter does, and joins again; ns/op at 10,000 against 2 shows whether
// leaving walks the queue.
func BenchmarkLeave(b *testing.B) {
	for _, n := range []int{2, 10000} {
		b.Run(fmt.Sprintf("queued=%d", n), func(b *testing.B) {
			ths := benchRun(b, n)
			r, s := ths[0].run, NewSemaphore(0)
			r.mu.Lock()
			defer r.mu.Unlock()
			for _, th := range ths {
				r.enqueue(th, unsafe.Pointer(s), KindSemaphore, true)
			}
			for b.Loop() {
				last := r.queues[unsafe.Pointer(s)].tail
				r.dequeue(last)
				r.enqueue(last, unsafe.Pointer(s), KindSemaphore, true)
			}
		})
	}
}
