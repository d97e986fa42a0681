;; abi11: a guest of ABI 1.1 (it imports setpriority), which this host
;; refuses with a clear message until the engine has priorities.
(module
  (import "wasync" "setpriority" (func $setpriority (param i32) (result i32)))
  (memory 1)
  (func (export "_start") (drop (call $setpriority (i32.const 20)))))
