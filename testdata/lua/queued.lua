-- Queued waiters. They are woken in the order they queued, for a mutex
-- and for a semaphore (the WASM suite's fifo.c, with the same outcome:
-- one engine decides both); and a waiter queued when the owner ends gets
-- the mutex with "owner died".
local WAITERS = 3
local m = thread.mutex()
local sem, ready, ack = thread.semaphore(0), thread.semaphore(0), thread.semaphore(0)
local rec = thread.mutex()
shared.order = {}

local function record(rec)
  rec:lock()
  shared.order[#shared.order + 1] = thread.id()
  rec:unlock()
end

-- A thread queued for a mutex main owns, while owning one of its own:
-- main's timed lock of that one closes a cycle and fails with "deadlock"
-- exactly when the thread is queued. That is how main sees the queue.
local function waitQueued(mine)
  while true do
    local ok, got = pcall(timelockmutex, mine, 0.001)
    if not ok then assert(got == "deadlock", got) return end
    assert(got == false, "took a waiter's mutex")
  end
end

-- While main's probe waits, the waiter's own lock would close the cycle
-- from its side: it tries again.
local function lockProbed(m)
  while true do
    local ok, locked, why = pcall(lockmutex, m)
    if ok then return locked, why end
    assert(locked == "deadlock", locked)
  end
end

local function mutexWaiter(mine, m, ready, rec)
  mine:lock()
  ready:release()
  lockProbed(m)
  record(rec)
  m:unlock()
  mine:unlock()
end

m:lock()
local ts = {}
for i = 1, WAITERS do
  local mine = thread.mutex()
  ts[i] = thread.spawn(mutexWaiter, mine, m, ready, rec)
  ready:acquire()
  waitQueued(mine)
end
m:unlock()
for i = 1, WAITERS do ts[i]:join() end
print("mutex wake order:", shared.order[1], shared.order[2], shared.order[3])

local function semWaiter(sem, ack, rec)
  sem:acquire()
  record(rec)
  ack:release()
end
for i = 1, WAITERS do
  ts[i] = thread.spawn(semWaiter, sem, ack, rec)
  while sem.waiters < i do thread.sleep(0.001) end
end
-- One unit at a time: only the thread woken for it can take it.
for _ = 1, WAITERS do
  sem:release()
  ack:acquire()
end
for i = 1, WAITERS do ts[i]:join() end
print("semaphore wake order:", shared.order[4], shared.order[5], shared.order[6])

-- The owner waits until the waiter is queued behind it, then ends holding
-- the mutex: the waiter is woken with it, and told.
local function waiter(mine, m, ready)
  mine:lock()
  ready:release()
  local locked, why = lockProbed(m)
  m:unlock()
  mine:unlock()
  return locked, why
end
local function owner(m, ready)
  m:lock()
  local mine = thread.mutex()
  local w = thread.spawn(waiter, mine, m, ready)
  ready:acquire()
  waitQueued(mine)
  return w
end
local w = thread.join(thread.spawn(owner, m, ready))
print("queued waiter when the owner ended:", w:join())
