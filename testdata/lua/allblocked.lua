-- Every thread blocked for good: the run ends with a report of who waits
-- for what, and who owns it.
local m = thread.mutex()
local never = thread.semaphore(0)
m:lock()
local t = thread.spawn(function(m) m:lock() end, m)
never:acquire()
