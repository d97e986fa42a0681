package bench

import (
	"sync"
	"time"
)

// The Go baselines: what a Go program gets from its own primitives.

func syncMutexUncontended(n int) (Measurement, error) {
	var mu sync.Mutex
	return timed(n, func() {
		mu.Lock()
		mu.Unlock() //lint:ignore SA2001 an empty critical section is the point
	}), nil
}

// syncMutexCounter is the contended counter on goroutines: g of them
// share n increments of one counter under a sync.Mutex.
func syncMutexCounter(g int) func(n int) (Measurement, error) {
	return func(n int) (Measurement, error) {
		var mu sync.Mutex
		var wg sync.WaitGroup
		counter := 0
		start := time.Now()
		for i := range g {
			k := n / g
			if i < n%g {
				k++
			}
			wg.Go(func() {
				for range k {
					mu.Lock()
					counter++
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		return Measurement{NsPerOp: float64(time.Since(start).Nanoseconds()) / float64(n)}, nil
	}
}

// channelPingPong hands a turn between two goroutines n times and back.
func channelPingPong(n int) (Measurement, error) {
	ping, pong := make(chan struct{}), make(chan struct{})
	go func() {
		for range n {
			<-ping
			pong <- struct{}{}
		}
	}()
	return timed(n, func() {
		ping <- struct{}{}
		<-pong
	}), nil
}
