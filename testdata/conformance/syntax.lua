-- Syntax errors, as load reports them.
local chunks = {
  "x = = 1", "x = 1 1", "local function f( end", "if x then", 'x = "abc',
  "x = [[abc", "for i = 1 do end", "local 1 = 2", "x = y z", "return return",
  "f(", "x = 1 .. ", 'print("a" "b")', "local t = {1, 2", "a.b:c = 1",
  "goto", "x = 3 @ 4", "while true do", "x = }", "local x <const> = 1",
  "x = 1\n\n  y = = 2", "for k, v in pairs(t) end",
}
for _, src in ipairs(chunks) do
  print(load(src, "=chunk"))
end
print(load("x = = 1"))
print(load("x = = 1", "@file.lua"))
print(load("return 1 +", "=(long name)"))
