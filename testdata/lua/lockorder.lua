-- The classic lock-order inversion that does not deadlock this time: a
-- thread takes a then b and lets both go; only then does the main chunk
-- take b then a. No thread ever waits, yet the orders form a cycle: under
-- wasync lua --lock-order it is reported on stderr with each order's
-- stack; under --lock-order=strict the main chunk's lock of a raises.
-- Both take c first, always in the same order: no report for it.
local a = thread.mutex()
local b = thread.mutex()
local c = thread.mutex()

local function take_in_order(first, second)
  c:lock()
  first:lock()
  local ok, err = pcall(second.lock, second)
  if ok then second:unlock() end
  first:unlock()
  c:unlock()
  return ok, err
end

local function a_then_b()
  local ok, err = take_in_order(a, b)
  return ok, err
end

print("thread: a then b:", thread.spawn(a_then_b):join())
print("main: b then a:", take_in_order(b, a))
