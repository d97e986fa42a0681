-- An uncaught error ends the run: "uncaught.lua:LINE: message", status 1.
local m = thread.mutex()
m:lock()
print("locked once")
m:lock()
print("not reached")
