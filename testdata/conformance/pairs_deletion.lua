-- Clearing fields while traversing them with pairs is allowed (manual 6.1,
-- next): every key is still visited once.
local function sorted_keys(t)
  local ks = {}
  for k in pairs(t) do ks[#ks + 1] = tostring(k) end
  table.sort(ks)
  return table.concat(ks, " ")
end

local t = {}
for i = 1, 50 do t["k" .. i] = i end
for i = 1, 10 do t[i] = i * 10 end
t[1.5], t[true] = "f", "b"
local visited, sum = 0, 0
for k, v in pairs(t) do
  visited = visited + 1
  if type(v) == "number" then sum = sum + v end
  t[k] = nil
end
print(visited, sum, next(t))

-- clear every other key during the traversal
local u = {}
for i = 1, 40 do u["x" .. i] = i end
local seen = {}
for k, v in pairs(u) do
  seen[#seen + 1] = k
  if v % 2 == 0 then u[k] = nil end
end
print(#seen, sorted_keys(u))

-- change values (not keys) during the traversal
local w = {a = 1, b = 2, c = 3}
for k, v in pairs(w) do w[k] = v * 100 end
print(w.a, w.b, w.c)

-- next by hand, deleting the current key
local n = {p = 1, q = 2, r = 3, s = 4}
local k = next(n)
local count = 0
while k do
  local nk = next(n, k)
  n[k] = nil
  count = count + 1
  k = nk
end
print(count, next(n))

-- errors
print(pcall(next, {}, "nokey"))
print(pcall(next, {a = 1}, "b"))

-- ipairs stops at the first nil
local arr = {1, 2, nil, 4}
local c = 0
for i, v in ipairs(arr) do c = c + 1 end
print(c)

-- a big traversal
local big = {}
for i = 1, 20000 do big["key" .. i] = i end
local total = 0
for k, v in pairs(big) do total = total + v; big[k] = nil end
print(total, next(big))
