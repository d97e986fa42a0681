-- String concatenation and table.concat.
print("a" .. "b" .. "c", 1 .. 2, 1.5 .. "x", "x" .. 2^53, 10 / 2 .. "")
print(-0.5 .. "", 1e15 .. "", 1e16 .. "", 123456789012 .. "")
local parts = {}
for i = 1, 10 do parts[#parts + 1] = i end
print(table.concat(parts), table.concat(parts, ", "), table.concat(parts, "-", 3, 6))
print(table.concat({}, "x"), table.concat({"only"}, "x"), table.concat({1, 2, 3}, "", 3, 2))
print(pcall(table.concat, {1, {}, 3}))
print(pcall(table.concat, {1, 2}, ",", 1, 3))
print(select('#', table.concat({"a"})))
local s = ""
for i = 1, 100 do s = s .. i % 10 end
print(#s, s:sub(1, 15))
local big = {}
for i = 1, 50000 do big[i] = "p" .. i end
local r = table.concat(big, ",")
print(#r, r:sub(1, 12), r:sub(-12))
print(pcall(function() return "x" .. nil end))
print(pcall(function() return "x" .. {} end))
print(pcall(function() local t = {} return t .. "x" end))
-- concatenation results used right away in calls and constructors
local function id(...) return ... end
local t = {id("a" .. "b", "c" .. "d"), "e" .. "f"}
print(#t, t[1], t[2], t[3])
print(id("1" .. "2", "3" .. "4", "5" .. "6"))
print(("x"):rep(3, "-"), ("ab"):rep(0), ("ab"):rep(1, ","))
