-- Variable arguments and multiple results.
local function count(...) return select('#', ...) end
local function pass(...) return ... end
print(count(), count(nil), count(nil, nil), count(pass(1, nil, 3)))
print(pass(1, 2, 3), pass(4, 5))
print((pass(1, 2, 3)))
print(select(2, "a", "b", "c"), select(-1, "a", "b", "c"))
print(pcall(function() return select(0, "a") end))
local t = {pass(1, 2, 3), pass(4, 5)}
print(#t, t[1], t[2], t[3])
local packed = table.pack(1, nil, 3)
print(packed.n, packed[1], packed[2], packed[3])
print(table.unpack({1, 2, 3}), table.unpack({1, 2, 3}, 2), table.unpack({1, 2, 3}, 2, 3))
print(table.unpack({}, 1, 3))
local function vararg_table(...)
  local t = {...}
  return #t, ...
end
print(vararg_table("x", "y"))
local function tail(...) return count(...) end
print(tail(1, 2, 3, nil))
local function fixed(a, b, ...) return a, b, count(...) end
print(fixed(1), fixed(1, 2, 3, 4))
local function many() return 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 end
print(many())
print(count(many()), count(many(), many()))
local function rec(n, ...) if n == 0 then return count(...) end return rec(n - 1, n, ...) end
print(rec(100))
print(string.format("%d %s %5.2f %-3s|", 42, "s", 3.14159, "ab"))
print(math.max(pass(3, 9, 2)), math.min(pass(3, 9, 2)))
