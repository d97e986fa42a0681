-- The string library on bytes: Lua strings are byte strings, not UTF-8.
local s = "héllo\xff\0x"
print(#s, s:reverse() == "x\0\xff" .. "oll\xa9\xc3h", s:upper() == "HéLLO\xff\0X", s:lower() == s)
print(("MiXeD 123"):upper(), ("MiXeD 123"):lower(), ("abc"):reverse(), (""):reverse())
print(s:byte(1, -1))
print(string.char(104, 195, 169) == "hé", #string.char())
print(s:sub(2, 3) == "\xc3\xa9", s:sub(-2), #s:sub(3, 2), s:len())
print(("x"):rep(3), ("ab"):rep(2, ", "), ("é"):rep(2) == "éé")
print(string.format("%5s|%-5s|%.2s|%q", "ab", "cd", "xyz", "a\nb\"c\0d"))
print(string.format("%d %5.1f %x %X %o %e %g %g %c", 42, 3.14159, 255, 255, 8, 12345.678, 0.1, 1e20, 65))
print(string.format("%3d|%-3d|%03d|%+d", 7, 7, 7, 7))
print(tostring(1e15), tostring(1e16), tostring(0.1), tostring(-0.0), tostring(1/3), 2^63, -2^63)
print(("%d items"):format(3), ("a,b,c"):find(",", 1, true), ("abc"):find("b", 1, true))
