package bench

import "fmt"

// A Group is one go test -bench benchmark (BenchmarkSuite's sub-benchmark
// Name) whose cases are compared with the first, its baseline: the order
// benchstat -col /impl compares them in.
type Group struct {
	Name  string
	Cases []Case
}

// contended is P3's thread counts.
var contended = []int{2, 8, 64, 256}

// Groups lists every benchmark of the suite.
func (s *Suite) Groups() []Group {
	gs := []Group{
		{"P1", []Case{
			{"impl=sync.Mutex", syncMutexUncontended},
			s.guestCase("impl=wasync-fast", "fast", 1),
		}},
		{"P2", []Case{
			s.guestCase("impl=2-empty-host-calls", "nop2", 1),
			s.guestCase("impl=wasync-syscalls", "sys", 1),
		}},
		// What one iteration of syncbench's unrolled loop adds to a guest
		// figure: it is in every one of them.
		{"loop", []Case{s.guestCase("impl=guest-empty", "empty", 1)}},
	}
	for _, t := range contended {
		gs = append(gs, Group{fmt.Sprintf("P3-fast/threads=%d", t), []Case{
			s.guestCase("impl=wait32-mutex", "futex", t),
			s.guestCase("impl=wasync-fast", "fast", t),
			{"impl=sync.Mutex-goroutines", syncMutexCounter(t)},
		}})
	}
	for _, t := range contended {
		gs = append(gs, Group{fmt.Sprintf("P3-sys/threads=%d", t), []Case{
			s.guestCase("impl=uncontended-syscalls", "sys", 1),
			s.guestCase("impl=wasync-syscalls", "sys", t),
		}})
	}
	gs = append(gs, Group{"P4", []Case{
		s.guestCase("impl=wait32", "wait32-pingpong", 2),
		s.guestCase("impl=wasync-semaphore", "sem-pingpong", 2),
		{"impl=channel", channelPingPong},
	}})
	p6 := Group{Name: "P6"}
	for _, t := range s.ScaleThreads {
		p6.Cases = append(p6.Cases, s.scaleCase(t))
	}
	gs = append(gs, p6, Group{"P7", []Case{
		{"impl=engine", s.engineObjectsLeft},
		{"impl=guest", s.objectsLeft},
	}})
	for _, k := range loopKernels {
		gs = append(gs, Group{"P8/kernel=" + k.name, []Case{s.loopCase(k, "plain"), s.loopCase(k, "instrumented")}})
	}
	return gs
}
