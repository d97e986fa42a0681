-- A bounded buffer in shared data: producers and consumers across
-- threads, slots and items counted by semaphores, the buffer by a mutex.
local N, PRODUCERS, PER = 4, 3, 50
local slots, items = thread.semaphore(N), thread.semaphore(0)
local lock = thread.mutex()
shared.buf = {}
shared.head, shared.tail = 0, 0

local function producer(id, per, slots, items, lock)
  for i = 1, per do
    slots:acquire()
    lock:lock()
    shared.buf[shared.tail % 4] = id * 1000 + i
    shared.tail = shared.tail + 1
    lock:unlock()
    items:release()
  end
end

local ps = {}
for id = 1, PRODUCERS do
  ps[id] = thread.spawn(producer, id, PER, slots, items, lock)
end

local sum, count, last = 0, 0, {}
for _ = 1, PRODUCERS * PER do
  items:acquire()
  lock:lock()
  local v = shared.buf[shared.head % N]
  shared.head = shared.head + 1
  lock:unlock()
  slots:release()
  local id, i = math.floor(v / 1000), v % 1000
  -- Each producer's items arrive in its own order.
  assert(i == (last[id] or 0) + 1, "out of order")
  last[id] = i
  sum, count = sum + v, count + 1
end
for _, p in ipairs(ps) do p:join() end
print("consumed", count, "sum", sum, "free slots", slots.count, "items", items.count)
