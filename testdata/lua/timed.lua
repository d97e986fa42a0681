-- Timed calls: seconds, fractions allowed; 0 does not wait; math.huge
-- waits forever. They succeed at once when the object is free.
local m = thread.mutex()
local s = thread.semaphore(0)
print("free, timeout 0:", timelockmutex(m, 0), m.owner)
unlockmutex(m)
-- Just under and just over the largest timeout in int64 nanoseconds.
print("free, 9223372036.854775 s:", timelockmutex(m, 9223372036.854775))
unlockmutex(m)
print("free, 9223372036.854776 s:", timelockmutex(m, 9223372036.854776))
unlockmutex(m)

-- Held by another thread: timed locks give up.
local held, done = thread.semaphore(0), thread.semaphore(0)
local t = thread.spawn(function()
  m:lock() held:release() done:acquire() m:unlock()
end)
held:acquire()
print("held, timeout 0:", timelockmutex(m, 0))
print("held, timeout 0.02:", timelockmutex(m, 0.02))
print("held, method:", m:timedlock(0.01))
print("trylock:", trylockmutex(m))
done:release()
print("waits forever until it is free:", timelockmutex(m, math.huge), m.owner)
unlockmutex(m)
t:join()

-- Semaphores.
print("empty, timeout 0:", timeacquiresemaphore(s, 0))
print("empty, timeout 0.01:", s:timedacquire(0.01))
releasesemaphore(s)
print("one unit, timeout 0:", timeacquiresemaphore(s, 0), s.count)

-- A release from another thread ends a long wait early.
local r = thread.spawn(function() thread.sleep(0.01) s:release() end)
print("released while waiting:", timeacquiresemaphore(s, 60))
r:join()
print("math.huge waits:", thread.join(thread.spawn(function()
  local go = thread.semaphore(0)
  local w = thread.spawn(function(g) thread.sleep(0.01) g:release() end, go)
  local ok = timeacquiresemaphore(go, math.huge)
  w:join()
  return ok
end)))
