-- Phoenix-style objects: plain tables with a __name, built by the script.
-- The first syscall binds each to an engine object; its fields then read
-- the engine live, in every thread that sees it.
local mt = {__name = "mutex"}
local m = setmetatable({recursive = false}, mt)
local r = setmetatable({recursive = true}, mt) -- one metatable, two mutexes
local s = setmetatable({count = 2}, {__name = "semaphore"})

print("before use:", m.owner, m.recursive, s.count)
print("lock:", lockmutex(m))
print("owner:", m.owner, "recursive:", m.recursive, tostring(m))
print("r unbound:", rawget(r, "recursive"), r.owner)
print("trylock r:", trylockmutex(r), r.owner, r.recursive)
unlockmutex(r)

-- Another thread sees the same object: it finds m owned by thread 1.
local t = thread.spawn(function(mx, sem)
  acquiresemaphore(sem)
  return mx.owner, trylockmutex(mx), sem.count, thread.id()
end, m, s)
print("thread saw:", thread.join(t))
print("count after the thread took one:", s.count)
unlockmutex(m)
print("owner after unlock:", m.owner)

-- Methods work on script-built objects too, once their metatable is patched.
print("m:trylock():", m:trylock())
m:unlock()
s:release()
print("s.count:", s.count)

-- Live fields are read-only; other fields are the table's own.
print(pcall(function() m.owner = 5 end))
m.label = "guards the log"
print("label:", m.label)

-- A metatable's own __index still serves other keys.
local base = {describe = function(self) return "mutex owned by " .. tostring(self.owner) end}
local d = setmetatable({}, {__name = "mutex", __index = base})
lockmutex(d)
print(d:describe())
unlockmutex(d)

-- Phoenix documents releasesemaphore as the atomic form of
-- sem.count = sem.count + 1, so the assignment is legal: a store of the
-- new count that wakes a thread waiting for a unit.
local gate = setmetatable({count = 0}, {__name = "semaphore"})
local waiter = thread.spawn(function(g) acquiresemaphore(g) return "got a unit" end, gate)
while gate.waiters == 0 do thread.sleep(0.001) end
gate.count = gate.count + 1
print("count assigned:", thread.join(waiter), gate.count)
gate.count = 5
print("count stored:", gate.count)
print(pcall(function() gate.count = -1 end))
print(pcall(function() gate.count = 2.5 end))
print(pcall(function() gate.waiters = 0 end))
