// Package bench is wasync's benchmark suite against what users would
// otherwise use (issue 5; BENCHMARKS.md has the table and the commands).
// Each row compares a wasync measurement with its baseline measured in the
// same process:
//
//	P1  uncontended lock+unlock, guest SDK fast path   vs Go's sync.Mutex
//	P2  uncontended lockmutex+unlockmutex syscalls     vs two empty host calls
//	P3  contended counter at 2, 8, 64, 256 threads     vs a wait32/notify mutex;
//	    through the syscalls only                      vs the uncontended syscalls
//	P4  semaphore ping-pong between two guest threads  vs a wait32/notify one
//	P6  1,000 and 10,000 threads queued on one mutex   time(10k) vs time(1k)
//	P7  a million objects used once                    host bytes left
//	P8  loops (sum, copy, hash, tight) in CPU time,    vs the same loops run by
//	    instrumented by wasmhost                       wazero as they are (plain)
//
// P5 (Lua) is luabind's BenchmarkLockUnlock. Guest rows run
// testdata/syncbench.wasm, scale.wasm and objects.wasm under wasmhost; the
// guest times its own loop with its monotonic clock, so a run's start-up is
// not counted. P8 calls the exports of testdata/loops.wasm and tight.wasm
// (wasmhost's BenchmarkLoops runs the same) through a wasmhost.Instance and
// through wazero alone, timing many loops per call. Run them with go test -bench (bench_test.go) or as one table
// with `wasync bench`.
package bench
