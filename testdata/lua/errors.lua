-- Every error text of the sync API, caught with pcall. A wrapping function
-- gives each message its "errors.lua:LINE:" prefix, as in an uncaught error.
local function try(f, ...)
  local ok, err = pcall(f, ...)
  print(ok, err)
end

local m = thread.mutex()
local s = thread.semaphore(1)

lockmutex(m)
try(function() lockmutex(m) end)
try(function() m:lock() end)
try(function() trylockmutex(m) end)
unlockmutex(m)
try(function() unlockmutex(m) end)
try(function() m:unlock() end)

-- Unlocking a mutex another thread holds.
local held, go = thread.semaphore(0), thread.semaphore(0)
local t = thread.spawn(function() m:lock() held:release() go:acquire() m:unlock() end)
held:acquire()
try(function() unlockmutex(m) end)
go:release()
t:join()

-- Wrong arguments.
try(function() lockmutex({}) end)
try(function() lockmutex(s) end)
try(function() lockmutex() end)
try(function() lockmutex(42) end)
try(function() acquiresemaphore(m) end)
try(function() releasesemaphore("s") end)
try(function() timelockmutex(m, -1) end)
try(function() timelockmutex(m, 0/0) end)
try(function() timelockmutex(m, "soon") end)
try(function() timeacquiresemaphore(s, -0.5) end)
try(function() thread.mutex(7) end)
try(function() thread.semaphore(-1) end)
try(function() thread.semaphore(1.5) end)
try(function() lockmutex(setmetatable({count = "x"}, {__name = "semaphore"})) end)
try(function() acquiresemaphore(setmetatable({count = "x"}, {__name = "semaphore"})) end)
try(function() thread.join(m) end)

-- Overflow, counts out of range and read-only fields.
local full = thread.semaphore(2147483647)
try(function() releasesemaphore(full) end)
try(function() s.count = 2^31 end)
try(function() s.waiters = 3 end)
try(function() m.owner = 3 end)

-- What cannot cross to another thread.
local n = 5
try(function() thread.spawn(function() return n end) end)
local iterator = pairs(shared) -- a Go function only this thread has
try(function() thread.spawn(function() end, iterator) end)
try(function() thread.spawn(42) end)
try(function() shared.f = print end)
try(function() shared[{}] = 1 end)

-- A spawned function calling a global function of the main chunk's: a
-- thread starts with fresh globals (its error also goes to stderr).
function main_only() return "main's" end
print(thread.join(thread.spawn(function() return main_only() end)))
