-- Metamethods called while other values are live in registers: in argument
-- lists, constructors and multiple returns, after concatenations.
local log = {}
local V = {}
V.__index = function(t, k) log[#log + 1] = "index " .. k; return k .. "!" end
V.__newindex = function(t, k, v) rawset(t, k, v * 2) end
V.__add = function(a, b) return "add" end
V.__concat = function(a, b) return "cat" end
V.__eq = function(a, b) return true end
V.__lt = function(a, b) return true end
V.__le = function(a, b) return false end
V.__unm = function(a) return "unm" end
V.__len = function(a) return 42 end
V.__call = function(self, ...) return select('#', ...), ... end
V.__tostring = function() return "V" end
local a, b = setmetatable({}, V), setmetatable({}, V)

local function show(...)
  local out = {}
  for i = 1, select('#', ...) do out[i] = tostring((select(i, ...))) end
  print(select('#', ...), table.concat(out, " "))
end

local s = "x" .. 1
show(s, a.p, a.q, s .. "y", a + 1, a .. b, -a, #a, a == b, a < b, a <= b)
local t = {a.k1, "c" .. 2, a.k2, n = a.k3, a(1, nil, 3)}
show(#t, t[1], t[2], t[3], t.n, t[4], t[5], t[6], t[7])
local function two() return a.r1, a.r2 end
show(two())
show(two(), "end")
show((two()))
show(#{two()}, #{two(), two()})
local u = "u" .. "v"
show(a(u, a.z, u .. u))
a.w = 21
show(rawget(a, "w"), a.w)
show(tostring(a), tostring(b) .. "!")
print(table.concat(log, ","))

-- a chain of concatenations with a metamethod in the middle
local c = "1" .. a .. "2"
show(c, a.after, "z" .. "w", a.last)

-- __index tables, several levels deep
local base = {greet = function(self) return "hi " .. self.name end}
local mid = setmetatable({}, {__index = base})
local obj = setmetatable({name = "obj"}, {__index = mid})
local x = "k" .. "l"
show(x, obj:greet(), obj.name, obj.missing, x)

-- metamethods inside loops with concatenation
local acc = ""
for i = 1, 5 do acc = acc .. a["i" .. i] .. ";" end
print(acc)
