-- A thread that ends holding a mutex leaves it dead-owned: the next
-- locker gets it, with "owner died".
local m = thread.mutex()

-- Ends normally while holding it.
thread.join(thread.spawn(function(m) m:lock() end, m))
print("dead owner:", m.owner)
print("lock:", lockmutex(m))
print("now ours:", m.owner)
unlockmutex(m)
print("then an ordinary mutex:", lockmutex(m))
unlockmutex(m)

-- Ends with an error while holding it; join returns false and the error.
local t = thread.spawn(function(m) m:lock() error("crashed while holding it") end, m)
print("join:", thread.join(t))
print("trylock:", trylockmutex(m))
unlockmutex(m)

-- Phoenix-style objects too.
local p = setmetatable({}, {__name = "mutex"})
thread.join(thread.spawn(function(p) lockmutex(p) end, p))
print("phoenix:", lockmutex(p))
