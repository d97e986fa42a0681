-- The script's arguments: ... and the global arg (arg[0] is its path).
print("count:", select("#", ...), ...)
print("arg:", #arg, arg[1], arg[2])
