;; abi11: ABI 1.1's single-thread calls and the fastpath global. It exits 0
;; when every check passes, else with the number of the first that failed.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "wasync" "setpriority" (func $setprio (param i32) (result i32)))
  (import "wasync" "getpriority" (func $getprio (result i32)))
  (import "wasync" "lockmutex" (func $lock (param i32) (result i32)))
  (import "wasync" "unlockmutex" (func $unlock (param i32) (result i32)))
  (import "wasync" "destroymutex" (func $destroymtx (param i32) (result i32)))
  (import "wasync" "destroysemaphore" (func $destroysem (param i32) (result i32)))
  (import "wasync" "fastpath" (global $fastpath i32))
  (memory (import "env" "memory") 1 1 shared)
  ;; check exits with code n unless got equals want.
  (func $check (param $n i32) (param $got i32) (param $want i32)
    (if (i32.ne (local.get $got) (local.get $want)) (then (call $exit (local.get $n)))))
  (func (export "_start")
    (i32.store (i32.const 16) (i32.const 0x5854554D)) ;; a mutex at 16
    (i32.store (i32.const 32) (i32.const 0x414D4553)) ;; a semaphore at 32
    (call $check (i32.const 1) (global.get $fastpath) (i32.const 1))
    (call $check (i32.const 2) (call $getprio) (i32.const 10))
    (call $check (i32.const 3) (call $setprio (i32.const 0)) (i32.const 28))
    (call $check (i32.const 4) (call $setprio (i32.const 256)) (i32.const 28))
    (call $check (i32.const 5) (call $setprio (i32.const 20)) (i32.const 0))
    (call $check (i32.const 6) (call $getprio) (i32.const 20))
    (call $check (i32.const 7) (call $lock (i32.const 16)) (i32.const 0))
    (call $check (i32.const 8) (call $destroymtx (i32.const 16)) (i32.const 10))
    (call $check (i32.const 9) (call $unlock (i32.const 16)) (i32.const 0))
    (call $check (i32.const 10) (call $destroymtx (i32.const 16)) (i32.const 0))
    (call $check (i32.const 11) (i32.load (i32.const 16)) (i32.const 0))
    (call $check (i32.const 12) (call $lock (i32.const 16)) (i32.const 28))
    (call $check (i32.const 13) (call $destroymtx (i32.const 17)) (i32.const 21))
    (call $check (i32.const 14) (call $destroysem (i32.const 32)) (i32.const 0))
    (call $check (i32.const 15) (call $destroysem (i32.const 32)) (i32.const 28))
    (call $exit (i32.const 0))))
