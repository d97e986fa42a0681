-- shared: one host table for every thread.
print("same table:", shared == thread.shared, type(shared), tostring(shared))

-- Plain tables stored in it become shared tables, nested ones too.
shared.config = {name = "demo", limits = {lo = 1, hi = 9}, list = {"a", "b", "c"}}
print("nested:", shared.config.name, shared.config.limits.hi, #shared.config.list)
print("stable identity:", shared.config == shared.config)

-- Another thread reads and writes the same tables.
thread.join(thread.spawn(function()
  shared.config.limits.hi = 99
  shared.config.list[4] = "d"
  shared.from_thread = thread.id()
end))
print("seen from main:", shared.config.limits.hi, #shared.config.list, shared.from_thread)

-- pairs in a fixed order: numbers, then strings, then booleans.
shared.mixed = {[true] = "t", zeta = 1, alpha = 2, [3] = "three", [1] = "one"}
for k, v in pairs(shared.mixed) do print("pair", k, v) end
local seen = ""
for i, v in ipairs(shared.config.list) do seen = seen .. i .. v end
print("ipairs:", seen)

-- Assigning nil removes a key.
shared.config.list[4] = nil
print("after removal:", #shared.config.list)

-- Sync objects stored in it are the same objects everywhere.
shared.lock = thread.mutex()
local other = thread.join(thread.spawn(function()
  shared.lock:lock()
  return shared.lock.owner
end))
print("locked by", other, "dead owner seen by main:", shared.lock.owner, shared.lock:lock())

-- A list grown with #: the border of a plain list.
shared.list = {}
for i = 1, 100 do shared.list[#shared.list + 1] = i * i end
shared.list.name = "squares" -- a non-integer key: # still finds the border
print("list:", #shared.list, shared.list[100], shared.list.name)
