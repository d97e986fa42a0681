-- A counter in shared data, incremented by 8 threads. With the lock the
-- count is exact.
local THREADS, PER = 8, 2000
local lock = thread.mutex()
shared.n = 0

local function locked(lock, per)
  for _ = 1, per do
    lock:lock()
    shared.n = shared.n + 1
    lock:unlock()
  end
end

local ts = {}
for i = 1, THREADS do ts[i] = thread.spawn(locked, lock, PER) end
for i = 1, THREADS do ts[i]:join() end
print("with the lock:", shared.n, "of", THREADS * PER)

-- Without it, a read and a write are two steps: here two threads both
-- read before either writes, in an order forced by semaphores, and one
-- increment is lost.
shared.n = 0
local read1, read2 = thread.semaphore(0), thread.semaphore(0)
local function racer(mine, theirs)
  local v = shared.n
  mine:release()
  theirs:acquire()
  shared.n = v + 1
end
local a = thread.spawn(racer, read1, read2)
local b = thread.spawn(racer, read2, read1)
a:join() b:join()
print("without it:", shared.n, "of", 2)
