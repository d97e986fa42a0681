;; prio: waiters take a mutex by priority, and the owner inherits theirs.
;; Thread 1 drops to priority 1, locks a mutex and spawns threads of
;; priorities 5, 15 and 20 that each lock it. It knows each one is queued
;; when its own (inherited) priority rises to that thread's. It unlocks,
;; and the threads note their priorities in the order they got the mutex:
;; exit 0 for 20, 15, 5; else the first position that differs (1..3).
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasync" "setpriority" (func $setprio (param i32) (result i32)))
  (import "wasync" "getpriority" (func $getprio (result i32)))
  (import "wasync" "lockmutex" (func $lock (param i32) (result i32)))
  (import "wasync" "unlockmutex" (func $unlock (param i32) (result i32)))
  (memory (import "env" "memory") 1 1 shared)
  ;; Memory: a mutex at 16; at 64 the count of notes, then the notes.
  (func $queue (param $prio i32)
    (drop (call $spawn (local.get $prio)))
    (loop $wait (br_if $wait (i32.ne (call $getprio) (local.get $prio)))))
  (func $note (param $k i32) (param $want i32)
    (if (i32.ne (i32.load (i32.add (i32.const 68) (i32.shl (local.get $k) (i32.const 2)))) (local.get $want))
      (then (call $exit (i32.add (local.get $k) (i32.const 1))))))
  (func (export "_start")
    (i32.store (i32.const 16) (i32.const 0x5854554D))
    (drop (call $setprio (i32.const 1)))
    (drop (call $lock (i32.const 16)))
    (call $queue (i32.const 5))
    (call $queue (i32.const 15))
    (call $queue (i32.const 20))
    (drop (call $unlock (i32.const 16)))
    (if (i32.ne (call $getprio) (i32.const 1)) (then (call $exit (i32.const 4))))
    (loop $done (br_if $done (i32.ne (i32.atomic.load (i32.const 64)) (i32.const 3))))
    (call $note (i32.const 0) (i32.const 20))
    (call $note (i32.const 1) (i32.const 15))
    (call $note (i32.const 2) (i32.const 5))
    (call $exit (i32.const 0)))
  (func (export "wasi_thread_start") (param $tid i32) (param $prio i32)
    (drop (call $setprio (local.get $prio)))
    (drop (call $lock (i32.const 16)))
    (i32.store
      (i32.add (i32.const 68) (i32.shl (i32.atomic.rmw.add (i32.const 64) (i32.const 1)) (i32.const 2)))
      (local.get $prio))
    (drop (call $unlock (i32.const 16)))))
