-- The table library, next and the raw functions act on a shared table's
-- data, as on a local table (the first part prints what lua5.2 prints for
-- a plain table), and every thread sees the result.
shared.T = {}
local t = shared.T
table.insert(t, "a") table.insert(t, "b") table.insert(t, 1, "z")
print(#t, table.concat(t, ","), rawlen(t))
print(table.remove(t), table.remove(t, 1), #t, t[1])
print(pcall(table.insert, t, 5, "x"))
print(pcall(table.insert, t, 1, 2, 3))
for i = 1, 5 do t[#t + 1] = i * 3 % 7 end
print(table.concat(t, " ", 2, 4), table.unpack(t, 2))
print(select("#", table.unpack(t, 3, 2)))
table.remove(t, 1)
table.sort(t) print(table.concat(t, " "))
table.sort(t, function(a, b) return a > b end) print(table.concat(t, " "))
shared.bad = {1, {}, 3}
print(pcall(table.concat, shared.bad))
t.k = "v"
print(rawget(t, "k"), rawget(t, 1), rawset(t, "r", 9) == t, t.r)
local keys = {}
local k, v = next(t)
while k do keys[#keys + 1] = tostring(k) .. "=" .. tostring(v) k, v = next(t, k) end
table.sort(keys) print(table.concat(keys, " "))
for k in pairs(t) do t[k] = nil end
print(next(t), #t)
print(pcall(table.remove, t, 3))
print(table.remove(t), #t)

-- Threads appending at once: every insert lands, none overwrites another.
shared.list = {}
local workers = {}
for w = 1, 8 do
  workers[w] = thread.spawn(function(w)
    for i = 1, 200 do table.insert(shared.list, w * 1000 + i) end
  end, w)
end
for _, t in ipairs(workers) do t:join() end
local seen, dups = {}, 0
for _, v in ipairs(shared.list) do
  if seen[v] then dups = dups + 1 end
  seen[v] = true
end
print("inserted by 8 threads:", #shared.list, "duplicates:", dups)

-- One thread's changes through the table library and rawset are another's.
thread.join(thread.spawn(function()
  local l = shared.list
  table.sort(l)
  while #l > 3 do table.remove(l) end
  table.sort(l, function(a, b) return a > b end)
  rawset(shared, "raw", "set raw")
end))
print("after another thread removed and sorted:", table.concat(shared.list, " "))
print("rawset seen:", shared.raw, rawget(shared, "raw"))
shared.raw = "changed"
print("then assigned:", rawget(shared, "raw"))

-- next lets a loop clear each field as it goes, as Lua allows.
shared.d = {a = 1, b = 2, c = 3, 10, 20}
local k = next(shared.d)
while k do shared.d[k] = nil k = next(shared.d, k) end
print("cleared with next:", next(shared.d), #shared.d)
