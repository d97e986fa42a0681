;; nonshared: a module with its own, non-shared memory and no threads (the
;; ABI says it runs single-threaded and the sync calls still work). Each
;; check prints nothing; the exit status is 0 when all pass, else the number
;; of the first failing check, so the Go test names it.
(module
  (import "wasync" "lockmutex" (func $lock (param i32) (result i32)))
  (import "wasync" "trylockmutex" (func $trylock (param i32) (result i32)))
  (import "wasync" "timelockmutex" (func $timelock (param i32 i64) (result i32)))
  (import "wasync" "unlockmutex" (func $unlock (param i32) (result i32)))
  (import "wasync" "acquiresemaphore" (func $acquire (param i32) (result i32)))
  (import "wasync" "timeacquiresemaphore" (func $timeacquire (param i32 i64) (result i32)))
  (import "wasync" "releasesemaphore" (func $release (param i32) (result i32)))
  (import "wasync" "gettid" (func $gettid (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))

  (memory 1)
  ;; 16: a mutex {MUTX, 0, 0, 0}; 32: a recursive mutex; 48: a semaphore of 1.
  (data (i32.const 16) "MUTX\00\00\00\00\00\00\00\00\00\00\00\00")
  (data (i32.const 32) "MUTX\00\00\00\00\01\00\00\00\00\00\00\00")
  (data (i32.const 48) "SEMA\01\00\00\00\00\00\00\00\00\00\00\00")

  ;; $expect exits with status $n unless $got equals $want.
  (func $expect (param $n i32) (param $got i32) (param $want i32)
    (if (i32.ne (local.get $got) (local.get $want))
      (then (call $exit (local.get $n)))))

  (func (export "_start")
    (call $expect (i32.const 1) (call $gettid) (i32.const 1))
    (call $expect (i32.const 2) (call $lock (i32.const 16)) (i32.const 0))
    (call $expect (i32.const 3) (i32.load (i32.const 20)) (i32.const 1))   ;; owner
    (call $expect (i32.const 4) (call $lock (i32.const 16)) (i32.const 16)) ;; EDEADLK
    (call $expect (i32.const 5) (call $trylock (i32.const 16)) (i32.const 16))
    (call $expect (i32.const 6) (call $unlock (i32.const 16)) (i32.const 0))
    (call $expect (i32.const 7) (call $unlock (i32.const 16)) (i32.const 63)) ;; EPERM
    (call $expect (i32.const 8) (call $timelock (i32.const 16) (i64.const 0)) (i32.const 0))
    (call $expect (i32.const 9) (call $unlock (i32.const 16)) (i32.const 0))
    (call $expect (i32.const 10) (call $timelock (i32.const 16) (i64.const -1)) (i32.const 28)) ;; EINVAL
    (call $expect (i32.const 11) (call $lock (i32.const 32)) (i32.const 0))
    (call $expect (i32.const 12) (call $lock (i32.const 32)) (i32.const 0))
    (call $expect (i32.const 13) (i32.load (i32.const 44)) (i32.const 2))  ;; count
    (call $expect (i32.const 14) (call $unlock (i32.const 32)) (i32.const 0))
    (call $expect (i32.const 15) (call $unlock (i32.const 32)) (i32.const 0))
    (call $expect (i32.const 16) (call $acquire (i32.const 48)) (i32.const 0))
    (call $expect (i32.const 17) (call $timeacquire (i32.const 48) (i64.const 0)) (i32.const 73)) ;; ETIMEDOUT
    (call $expect (i32.const 18) (call $release (i32.const 48)) (i32.const 0))
    (call $expect (i32.const 19) (i32.load (i32.const 52)) (i32.const 1))
    (call $expect (i32.const 20) (call $lock (i32.const 17)) (i32.const 21)) ;; EFAULT
    (call $expect (i32.const 21) (call $lock (i32.const 65528)) (i32.const 21))
    (call $expect (i32.const 22) (call $lock (i32.const 48)) (i32.const 28)) ;; a semaphore
    (call $expect (i32.const 23) (call $acquire (i32.const 16)) (i32.const 28)) ;; a mutex
    (call $exit (i32.const 0)))
)
