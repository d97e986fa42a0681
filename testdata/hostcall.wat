;; hostcall: a guest calling a host function of the embedder's own,
;; env.report, from two threads; its memory comes from the same module
;; name, "env", as clang's --import-memory makes it. Thread 2 reports first
;; (main waits for it on word 0), then main; each passes the address of a
;; word holding its tid, so the host function reads the run's memory.
(module
  (import "env" "memory" (memory 1 1 shared))
  (import "env" "report" (func $report (param i32)))
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    (i32.store (i32.const 8) (local.get $tid))
    (call $report (i32.const 8))
    (i32.atomic.store (i32.const 0) (i32.const 1))
    (drop (memory.atomic.notify (i32.const 0) (i32.const 1))))
  (func (export "_start")
    (drop (call $spawn (i32.const 0)))
    (drop (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const -1)))
    (i32.store (i32.const 4) (i32.const 1))
    (call $report (i32.const 4))))
