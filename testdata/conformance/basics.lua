-- Closures, goto, numeric for, arithmetic and coercion, the table library.
local function counter()
  local n = 0
  return function() n = n + 1; return n end
end
local c1, c2 = counter(), counter()
print(c1(), c1(), c2())
local fs = {}
for i = 1, 3 do fs[i] = function() return i end end
print(fs[1](), fs[2](), fs[3]())
local out = {}
for i = 1, 3 do
  for j = 1, 3 do
    if j == 2 then goto continue end
    out[#out + 1] = i .. j
    ::continue::
  end
end
print(table.concat(out, " "))
out = {}
for x = 1, 2, 0.5 do out[#out + 1] = x end
for x = 3, 1, -1 do out[#out + 1] = x end
print(table.concat(out, " "))
print(7 % 3, -7 % 3, 7 % -3, 7.5 % 2, math.fmod(-7, 3), 2^10, 10 / 4, -0.0 == 0.0)
print("10" + 5, "3" * "4", 10 .. "", "0x10" + 0, tonumber("  12  "), tonumber("1e2"), tonumber("abc"), tonumber("10", 2), tonumber("ff", 16), tonumber("z", 36))
print(math.floor(-3.5), math.ceil(-3.5), math.abs(-2), math.max(1, 5, 3), math.huge > 1e308, -math.huge < -1e308)
print(math.pi)
local t = {5, 2, 8, 1, 9, 3}
table.sort(t) print(table.concat(t, " "))
table.sort(t, function(a, b) return a > b end) print(table.concat(t, " "))
table.insert(t, 1, 0) table.insert(t, 100) print(table.concat(t, " "), #t)
print(table.remove(t, 1), table.remove(t), #t)
local words = {"banana", "Apple", "cherry"}
table.sort(words) print(table.concat(words, " "))
print(select(-2, "a", "b", "c"))
print(type(print), type(nil), type({}), type("x"), type(2), type(true))
print(rawequal("a", "a"), rawlen({1, 2}), rawlen("abc"), rawget({x = 1}, "x"))
print(#"abc", #{1, 2, 3, nil}, #{n = 1})
local mt = {__index = function(t, k) return k * 2 end}
local d = setmetatable({}, mt)
print(d[21], getmetatable(d) == mt, getmetatable("x").__index == string)
print(tostring(nil), tostring(true), tostring(12), tostring(12.5))
print(string.format("%s %s", 1, 1.5), 1 == 1.0, "1" == 1)
