-- What crosses to a spawned thread and back.
-- Arguments and results are copied: plain tables deeply, cycles kept.
local cfg = {name = "job", sizes = {1, 2, 3}}
cfg.self = cfg
local t = thread.spawn(function(c)
  c.sizes[1] = 100 -- changes the thread's copy only
  return c.self == c, #c.sizes, c.name, {ok = true}
end, cfg)
local same, n, name, res = t:join()
print("copied:", same, n, name, res.ok, cfg.sizes[1])

-- Sync objects and shared tables keep their identity, as arguments, as
-- upvalues and as results.
local m = thread.mutex()
local box = (function() shared.box = {} return shared.box end)()
local r = thread.join(thread.spawn(function(mm)
  box.seen = (mm == m)
  return m, box
end, m))
local m2, box2 = thread.join(thread.spawn(function() return m, box end))
print("identity:", box.seen, m2 == m, box2 == box, box == shared.box)

-- Functions are copied with their upvalues when those are Lua functions,
-- so a recursive local function can be spawned.
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print("fib:", thread.join(thread.spawn(fib, 20)))

-- A function passed as an argument is copied too.
local function apply(f, x) return f(x) end
print("apply:", thread.join(thread.spawn(apply, function(x) return x * 2 end, 21)))

-- Library and global Go functions cross by name: every thread has them.
local insert, rep = table.insert, string.rep
print("builtins:", thread.join(thread.spawn(function(t, f) insert(t, f("ab", 2)) return t[1] end, {}, rep)))
thread.join(thread.spawn(print, "printed by a thread"))

-- The thread module may be captured (require gives the same table).
local th = require("thread")
print("module:", th == thread, thread.join(thread.spawn(function() return th.id() end)))

-- Thread ids, and join returning false and the thread's error (which is
-- also written to stderr when it happens).
print("main is", thread.id())
local bad = thread.spawn(function() error("boom") end)
print(thread.join(bad))
print(bad:join())
local ids = {}
for i = 1, 3 do ids[i] = thread.spawn(function() return thread.id() end) end
for i = 1, 3 do ids[i] = ids[i]:join() end
print("ids:", ids[1] < ids[2], ids[2] < ids[3], ids[1] > 1)
print("handle:", type(t), t.id, tostring(t))

-- A chunk of source text runs as a thread too, with the arguments as ...;
-- its errors name it by its thread id.
print("chunk:", thread.join(thread.spawn("local a, b = ... return a * b, thread.id() > 1", 6, 7)))
print(thread.join(thread.spawn("error('from a chunk')")))
print(thread.join(thread.spawn("syntax error here")))
