;; clock: exits with the wall clock's seconds + the monotonic clock's
;; nanoseconds + its first random byte, for wasmhost's deterministic-run
;; example.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "random_get" (func $random (param i32 i32) (result i32)))
  (memory 1)
  (func (export "_start")
    (drop (call $clock (i32.const 0) (i64.const 1) (i32.const 0)))
    (drop (call $clock (i32.const 1) (i64.const 1) (i32.const 8)))
    (drop (call $random (i32.const 16) (i32.const 4)))
    (call $exit (i32.wrap_i64 (i64.add (i64.div_u (i64.load (i32.const 0)) (i64.const 1000000000))
      (i64.add (i64.load (i32.const 8)) (i64.load8_u (i32.const 16))))))))
