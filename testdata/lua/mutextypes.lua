-- Momentum's three mutex types: what a relock and an unlock by a thread
-- that does not own the mutex do for each (go doc ./luabind documents it).
local names = {
  [thread.MUTEX_NORMAL] = "MUTEX_NORMAL",
  [thread.MUTEX_RECURSIVE] = "MUTEX_RECURSIVE",
  [thread.MUTEX_ERRORCHECK] = "MUTEX_ERRORCHECK",
}
for type = thread.MUTEX_NORMAL, thread.MUTEX_ERRORCHECK do
  local m = thread.mutex(type)
  m:lock()
  print(names[type], "relock:", pcall(m.lock, m))
  print(names[type], "trylock by owner:", pcall(m.trylock, m))
  local foreign = thread.spawn(function(mx) return pcall(mx.unlock, mx) end, m)
  print(names[type], "foreign unlock:", thread.join(foreign))
  print(names[type], "still owned by:", m.owner)
  while m.owner do m:unlock() end
  print(names[type], "unlock when free:", pcall(m.unlock, m))
end
