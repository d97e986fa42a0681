;; tight: the smallest loop there is, one add per iteration, for the cost
;; of a loop header's instrumentation (BENCHMARKS.md, P8): tight(n) runs n
;; iterations and returns n + (n-1) + ... + 1 (mod 2^32), so one call times
;; n of them. wasmhost's BenchmarkLoops and bench's P8 rows call it.
(module (func (export "tight") (param $n i32) (result i32) (local $s i32)
  (loop $l
    (local.set $s (i32.add (local.get $s) (local.get $n)))
    (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
  (local.get $s)))
