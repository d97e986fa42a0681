-- A join counts as a blocked call: main joins a thread that waits for a
-- mutex main holds, and the run ends with the all-blocked report.
local m = thread.mutex()
m:lock()
local t = thread.spawn(function(m) m:lock() end, m)
t:join()
