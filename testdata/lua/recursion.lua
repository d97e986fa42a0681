-- Recursive mutexes nest; the others refuse a relock instead of hanging.
local r = thread.mutex(thread.MUTEX_RECURSIVE)
print("recursive:", r.recursive)
for depth = 1, 3 do
  r:lock()
  print("locked at depth", depth, "owner", r.owner)
end

-- Another thread cannot take it until every level is unlocked.
local function probe(m) return trylockmutex(m) end
print("other thread, depth 3:", thread.join(thread.spawn(probe, r)))
r:unlock()
r:unlock()
print("other thread, depth 1:", thread.join(thread.spawn(probe, r)))
r:unlock()
print("owner after 3 unlocks:", r.owner)
print(pcall(r.unlock, r))

-- A function that calls itself under the lock.
local function countdown(m, n)
  m:lock()
  if n > 0 then countdown(m, n - 1) end
  m:unlock()
  return n
end
print("countdown:", countdown(r, 10), r.owner)

-- Phoenix-style recursive object.
local p = setmetatable({recursive = true}, {__name = "mutex"})
print(lockmutex(p), lockmutex(p), p.owner)
unlockmutex(p) unlockmutex(p)

-- MUTEX_NORMAL and MUTEX_ERRORCHECK both refuse a relock.
for _, type in ipairs({thread.MUTEX_NORMAL, thread.MUTEX_ERRORCHECK}) do
  local m = thread.mutex(type)
  m:lock()
  print(type, m.recursive, pcall(m.lock, m))
  m:unlock()
end
