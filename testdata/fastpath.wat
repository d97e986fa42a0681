;; fastpath: exits with the value of the fast-path switch the host gives
;; ("wasync" "fastpath", ABI 1.1): 1, or 0 when the run checks lock order
;; or observes every call.
(module
  (import "wasync" "fastpath" (global $fastpath i32))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (call $proc_exit (global.get $fastpath))))
