-- ABI 1.1's priorities from Lua: Phoenix-style setpriority/getpriority
-- globals and Momentum-style thread.setpriority/thread.getpriority.
-- A spawned thread starts at its spawner's base priority; a mutex's
-- waiters get it highest first (FIFO among equals), a semaphore's too;
-- the owner of a contended mutex inherits its waiters' priority through
-- a chain, and keeps only what its remaining mutexes' waiters give it.
-- Queued threads are made certain with the deadlock probe of queued.lua.
local function try(f, ...)
  local ok, err = pcall(f, ...)
  print(ok, err)
end

print("main:", getpriority(), thread.getpriority())
try(setpriority, 0)
try(thread.setpriority, 256)
try(setpriority, 1.5)
try(setpriority, "high")
try(setpriority, math.huge)
print("still:", getpriority())
thread.setpriority(30)
print("child starts at:", thread.spawn(function() return getpriority() end):join())
setpriority(10)

-- A thread queued for a mutex main owns, while owning one of its own:
-- main's timed lock of that one fails with "deadlock" exactly when the
-- thread is queued (through a chain of owners too).
local function waitQueued(mine)
  while true do
    local ok, got = pcall(timelockmutex, mine, 0.001)
    if not ok then assert(got == "deadlock", got) return end
    assert(got == false, "took a waiter's mutex")
  end
end

local function lockProbed(m)
  while true do
    local ok, locked = pcall(lockmutex, m)
    if ok then return locked end
    assert(locked == "deadlock", locked)
  end
end

local ready = thread.semaphore(0)
local rec = thread.mutex()
shared.order = {}
local function record()
  rec:lock()
  shared.order[#shared.order + 1] = thread.id()
  rec:unlock()
end

-- spawnAt starts f(...) at priority p: the spawner's base at the spawn.
local function spawnAt(p, f, ...)
  setpriority(p)
  local t = thread.spawn(f, ...)
  setpriority(10)
  return t
end

local function waiter(mine, m, ready, record)
  mine:lock()
  ready:release()
  lockProbed(m)
  record()
  m:unlock()
  mine:unlock()
end

local m = thread.mutex()
m:lock()
local ts = {}
for i, p in ipairs({5, 20, 15, 20}) do
  local mine = thread.mutex()
  ts[i] = spawnAt(p, waiter, mine, m, ready, record)
  ready:acquire()
  waitQueued(mine)
end
print("main while waiters of 5, 20, 15 and 20 queue:", getpriority())
m:unlock()
print("main once it unlocked:", getpriority())
for i = 1, #ts do ts[i]:join() end
print("mutex order:", ts[2].id == shared.order[1], ts[4].id == shared.order[2],
  ts[3].id == shared.order[3], ts[1].id == shared.order[4])

-- A semaphore orders its waiters too, and gives no priority to anyone.
shared.order = {}
local sem, ack = thread.semaphore(0), thread.semaphore(0)
for i, p in ipairs({5, 25, 15}) do
  ts[i] = spawnAt(p, function(sem, ack, record) sem:acquire() record() ack:release() end, sem, ack, record)
  while sem.waiters < i do thread.sleep(0.001) end
end
print("main while a semaphore's waiters wait:", getpriority())
for _ = 1, 3 do
  sem:release()
  ack:acquire()
end
for i = 1, 3 do ts[i]:join() end
print("semaphore order:", ts[2].id == shared.order[1], ts[3].id == shared.order[2], ts[1].id == shared.order[3])

-- The chain: main owns m3; mid (10) owns m2 and waits for m3, w (15)
-- waits for m3, hi (40) waits for m2. mid inherits 40 and passes w in
-- m3's queue; main inherits 40 through mid.
shared.order = {}
local m2, m3 = thread.mutex(), thread.mutex()
m3:lock()
local mid = spawnAt(10, function(m2, m3, ready, record, lockProbed)
  m2:lock()
  ready:release()
  lockProbed(m3)
  record()
  local both = getpriority()
  m3:unlock()
  local justM2 = getpriority()
  m2:unlock()
  return both, justM2, getpriority()
end, m2, m3, ready, record, lockProbed)
ready:acquire()
waitQueued(m2)
local wmine = thread.mutex()
local w = spawnAt(15, waiter, wmine, m3, ready, record)
ready:acquire()
waitQueued(wmine)
print("main with mid (10) and w (15) waiting:", getpriority())
local himine = thread.mutex()
local hi = spawnAt(40, function(mine, m2, ready, lockProbed)
  mine:lock()
  ready:release()
  lockProbed(m2)
  m2:unlock()
  mine:unlock()
end, himine, m2, ready, lockProbed)
ready:acquire()
waitQueued(himine)
print("main once hi (40) waits for mid's m2:", getpriority())
m3:unlock()
print("main once it unlocked:", getpriority())
print("mid owning both, m2 only, neither:", mid:join())
w:join()
hi:join()
print("m3 order, mid first:", shared.order[1] == mid.id, shared.order[2] == w.id)

-- Two contended mutexes: unlocking one keeps what the other's waiter gives.
local a, b = thread.mutex(), thread.mutex()
a:lock()
b:lock()
local amine, bmine = thread.mutex(), thread.mutex()
local ta = spawnAt(30, waiter, amine, a, ready, function() end)
ready:acquire()
waitQueued(amine)
local tb = spawnAt(20, waiter, bmine, b, ready, function() end)
ready:acquire()
waitQueued(bmine)
print("main owning a (waiter 30) and b (waiter 20):", getpriority())
a:unlock()
print("main owning b:", getpriority())
b:unlock()
print("main owning neither:", getpriority())
ta:join()
tb:join()
