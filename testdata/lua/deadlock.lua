-- Two threads each hold one mutex and want the other's: the lock that
-- would close the cycle fails with "deadlock" instead of blocking. Which
-- thread gets there second depends on timing; both run the same code.
local a, b = thread.mutex(), thread.mutex()
local ready, go = thread.semaphore(0), thread.semaphore(0)

local function grab(first, second, ready, go)
  first:lock()
  ready:release()
  go:acquire() -- until both hold their first mutex
  local ok, err = pcall(function() second:lock() end)
  if ok then
    second:unlock()
  else
    shared.err = err
  end
  first:unlock()
  return ok
end

local t1 = thread.spawn(grab, a, b, ready, go)
local t2 = thread.spawn(grab, b, a, ready, go)
ready:acquire() ready:acquire()
go:release() go:release()
local ok1, ok2 = t1:join(), t2:join()
print("one of them got the error:", ok1 ~= ok2)
print(shared.err)

-- A thread relocking its own non-recursive mutex is its own cycle: the
-- error names it.
a:lock()
print(pcall(function() a:lock() end))
a:unlock()
