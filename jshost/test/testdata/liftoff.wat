;; V8 < 12's Liftoff bug (../../../../shared/notes/js-host.md): a local
;; live across memory.atomic.wait32 is clobbered. The loop adds 200 wait
;; results of 1 ("not-equal": the word holds 0, not 1); a miscompiled
;; loop returns 1. test/liftoff.test.js runs it with and without the
;; host's workaround.
(module
  (memory 1 1 shared)
  (func (export "sum") (result i32)
    (local $sum i32) (local $i i32)
    (loop $again
      (local.set $sum
        (i32.add (local.get $sum)
          (memory.atomic.wait32 (i32.const 0) (i32.const 1) (i64.const 0))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $again (i32.lt_u (local.get $i) (i32.const 200))))
    (local.get $sum)))
