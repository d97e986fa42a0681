;; waitforever: both threads wait in memory.atomic.wait32 with no timeout
;; and nothing will notify them. A host that serves wait and notify itself
;; (the Go host by default, the JS host always) ends the run as all-blocked
;; (exit 86) with its report, instead of hanging.
(module
  (import "env" "memory" (memory 1 1 shared))
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (func $wait (param $addr i32)
    (drop (memory.atomic.wait32 (local.get $addr) (i32.const 0) (i64.const -1))))
  (func $thread (export "wasi_thread_start") (param i32 i32)
    (call $wait (i32.const 64)))
  (func $main (export "_start")
    (drop (call $spawn (i32.const 0)))
    (call $wait (i32.const 128))))
