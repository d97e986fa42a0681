package wasmhost

import (
	"context"
)

// end waits for every thread to return. An instrumented guest's threads see
// the stop flag at their next function entry or loop header. Without
// instrumentation, a thread parked in memory.atomic.wait32 with no timeout
// ignores the closing of its instance, so end wakes every waited address of
// the shared memory until all threads are gone: a woken thread may wait
// again before it reaches a loop header where wazero notices the close.
func (r *run) end() {
	r.stopThreads()
	r.release()
}

// stopThreads ends every thread and waits until each has returned.
func (r *run) stopThreads() {
	r.mu.Lock()
	r.ending = true
	r.mu.Unlock()
	r.stop.raise()
	done := make(chan struct{})
	go func() {
		r.threads.Wait()
		close(done)
	}()
	if r.waiters != nil {
		r.waiters.wakeUntil(done)
	}
	<-done
}

// release frees the run's stop flag and memory, once every thread is gone.
func (r *run) release() {
	r.stop.close()
	if r.memMod != nil {
		_ = r.memMod.Close(context.Background())
	}
}
