// The engine's rules (src/engine.js, ported from syncrt), driven by
// worker_threads over shared state and a shared "guest memory".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TestRun } from './engine-harness.js';
import { E, OwnerWaiters } from '../src/abi.js';
import { H, T, End, Kind } from '../src/state.js';
import { STOPPED } from '../src/engine.js';

test('checks come in order: EFAULT, then EINVAL, then state', () => {
  const run = new TestRun();
  const t = run.thread();
  const cases = [
    ['misaligned', () => t.lockMutex(2), E.FAULT],
    ['past the end', () => t.lockMutex(1 << 16), E.FAULT],
    ['across the end', () => t.unlockMutex((1 << 16) - 8), E.FAULT],
    ['wrapping', () => t.releaseSemaphore(0xfffffffc), E.FAULT],
    ['zeroed', () => t.lockMutex(64), E.INVAL],
    ['semaphore as mutex', () => t.lockMutex(run.semaphore(80, 1)), E.INVAL],
    ['recursive = 2', () => t.lockMutex(run.mutex(96, 2)), E.INVAL],
    ['negative timeout, free mutex', () => t.timeLockMutex(run.mutex(112), -1n), E.INVAL],
    ['negative timeout, zeroed', () => t.timeLockMutex(128, -1n), E.INVAL],
    ['negative timeout, misaligned', () => t.timeAcquireSemaphore(129, -1n), E.FAULT],
    ['unlock unlocked', () => t.unlockMutex(run.mutex(144)), E.PERM],
    ['relock', () => (t.lockMutex(run.mutex(160)), t.lockMutex(160)), E.DEADLK],
    ['trylock own', () => t.tryLockMutex(160), E.DEADLK],
    ['timed 0 on a free mutex', () => t.timeLockMutex(run.mutex(176), 0n), 0],
    ['timed 0 without units', () => t.timeAcquireSemaphore(run.semaphore(192, 0), 0n), E.TIMEDOUT],
    ['overflow', () => t.releaseSemaphore(run.semaphore(208, 0x7fffffff)), E.OVERFLOW],
  ];
  for (const [what, call, want] of cases) assert.equal(call(), want, what);
  assert.equal(run.word(208, 1), 0x7fffffff, 'an overflowing release leaves the count');
  run.mutex(224);
  run.u32[224 / 4 + 1] = 0x20000000; // owner bit 29
  assert.equal(t.unlockMutex(224), E.INVAL);
  assert.equal(run.word(224, 1), 0x20000000, 'EINVAL leaves the mutex unchanged');
});

test('many threads count exactly under a mutex and under a semaphore', async () => {
  for (const sem of [false, true]) {
    const run = new TestRun();
    const mtx = sem ? run.semaphore(0, 1) : run.mutex(0);
    const ts = Array.from({ length: 6 }, () => run.spawn('count', { mtx, word: 64, n: 3000, sem }));
    const errs = await Promise.all(ts.map((t) => t.done));
    assert.deepEqual(errs.flat(), []);
    assert.equal(run.word(64, 0), 18000, sem ? 'semaphore' : 'mutex');
    assert.equal(run.word(0, 1), sem ? 1 : 0, 'left free');
    await run.close();
  }
});

test('waiters take the mutex in FIFO order; WAITERS is set while they wait', async () => {
  const run = new TestRun();
  const main = run.thread();
  const mtx = run.mutex(0);
  assert.equal(main.lockMutex(mtx), 0);
  const ts = [];
  for (let k = 0; k < 4; k++) {
    const t = run.spawn('lockOnce', { mtx, order: 64 });
    await run.queued(t.tid);
    ts.push(t);
  }
  assert.equal(run.word(0, 1), (main.tid | OwnerWaiters) >>> 0, 'owner word with WAITERS');
  assert.equal(main.unlockMutex(mtx), 0);
  assert.deepEqual(await Promise.all(ts.map((t) => t.done)), [0, 0, 0, 0]);
  assert.deepEqual([1, 2, 3, 4].map((k) => run.word(64, k)), ts.map((t) => t.tid));
  assert.equal(run.word(0, 1), 0, 'free, WAITERS cleared');
  await run.close();
});

test('an unlock hands the mutex to a waiter queued 1 ms or more', async () => {
  const run = new TestRun();
  const main = run.thread();
  const mtx = run.mutex(0);
  main.lockMutex(mtx);
  const t = run.spawn('lock', { mtx });
  await run.queued(t.tid);
  await new Promise((r) => setTimeout(r, 2)); // past the 1 ms threshold
  assert.equal(main.unlockMutex(mtx), 0);
  assert.equal(run.word(0, 1), t.tid, 'owner set before the waiter runs');
  assert.equal(run.word(0, 3), 1, 'count 1');
  assert.equal(main.tryLockMutex(mtx), E.BUSY, 'a newcomer cannot take it');
  await run.close();
});

test('a dead owner\'s mutex goes with EOWNERDEAD to its waiter, then to the next locker', async () => {
  const run = new TestRun();
  const main = run.thread();
  const a = run.mutex(0), b = run.mutex(16);
  assert.equal(await run.spawn('lockAndExit', { mtx: a }).done, 0);
  assert.equal(main.lockMutex(a), E.OWNERDEAD, 'next locker');
  assert.equal(run.word(0, 3), 1);
  // A queued waiter is woken at once by the owner's death.
  const holder = run.thread();
  holder.lockMutex(b);
  const w = run.spawn('lock', { mtx: b });
  await run.queued(w.tid);
  holder.exit();
  assert.equal(await w.done, E.OWNERDEAD, 'queued waiter');
  // A tid that was never issued counts as dead.
  run.u32[(0 + 4) / 4] = 50;
  main.unlockMutex(a); // EPERM: not ours any more; the words say tid 50
  assert.equal(main.lockMutex(a), E.OWNERDEAD, 'never-issued owner');
  await run.close();
});

test('a lock that would close a cycle is EDEADLK', async () => {
  const run = new TestRun();
  const main = run.thread();
  const a = run.mutex(0), b = run.mutex(16);
  main.lockMutex(a);
  const t = run.spawn('holdThenLock', { a: b, b: a });
  await run.queued(t.tid);
  assert.equal(main.lockMutex(b), E.DEADLK);
  assert.equal(main.timeLockMutex(b, 10_000_000_000n), E.DEADLK);
  await run.close();
});

test('a run whose threads all wait with no timeout ends with the report', async () => {
  const run = new TestRun();
  const sem = run.semaphore(0, 0), mtx = run.mutex(16);
  const main = run.thread();
  main.lockMutex(mtx);
  const t2 = run.spawn('acquire', { sem });
  await run.queued(t2.tid);
  const t3 = run.spawn('lock', { mtx });
  await run.queued(t3.tid);
  let report = null;
  main.onAllBlocked = (threads) => { report = threads; };
  assert.equal(main.acquireSemaphore(sem), STOPPED);
  assert.equal(run.st.s[H.END], End.AllBlocked);
  assert.deepEqual(report.map((b) => [b.tid, b.kind, b.addr, b.owner]),
    [[main.tid, 2, 0, 0], [t2.tid, 2, 0, 0], [t3.tid, 1, 16, main.tid]]);
  assert.deepEqual([await t2.done, await t3.done], [STOPPED, STOPPED]);
  await run.close();
});

test('a timed wait is not blocked: the run goes on', async () => {
  const run = new TestRun();
  const sem = run.semaphore(0, 0);
  const main = run.thread();
  assert.equal(main.timeAcquireSemaphore(sem, 20_000_000n), E.TIMEDOUT);
  assert.equal(run.st.s[H.END], 0);
  assert.equal(run.word(0, 2), 0, 'waiters field back to 0');
});

// A wake-up that went to a waiter which then times out must not be lost:
// the waiter leaving a free mutex (or a semaphore with units) wakes the
// next one. The test frees the object by writing its words, as a release
// whose wake went to the timed waiter would leave them. Workers start
// gated, so the timed waiter's second runs from its queueing.
test('a timed-out waiter passes a freed mutex or unit on', async () => {
  const run = new TestRun();
  const main = run.thread();
  const mtx = run.mutex(0), sem = run.semaphore(16, 0);
  const open = async (t, gate) => {
    Atomics.store(run.u32, gate / 4, 1);
    Atomics.notify(new Int32Array(run.mem), gate / 4);
    await run.queued(t.tid);
  };
  main.lockMutex(mtx);
  const t2 = run.spawn('timeLock', { mtx, ns: 1e9, gate: 100 });
  const t3 = run.spawn('gatedLock', { mtx, gate: 104 });
  await open(t2, 100);
  await open(t3, 104);
  run.u32[3] = 0; // count
  Atomics.store(run.u32, 1, OwnerWaiters); // free, waiters queued, no one woken
  assert.equal(await t2.done, E.TIMEDOUT);
  assert.equal(await t3.done, 0, 'the next waiter got the freed mutex');
  assert.equal(run.word(0, 1) & 0x1fffffff, t3.tid);

  const t4 = run.spawn('timeAcquire', { sem, ns: 1e9, gate: 108 });
  const t5 = run.spawn('gatedAcquire', { sem, gate: 112 });
  await open(t4, 108);
  await open(t5, 112);
  Atomics.store(run.u32, 16 / 4 + 1, 1); // a unit, no one woken
  assert.equal(await t4.done, E.TIMEDOUT);
  assert.equal(await t5.done, 0, 'the next waiter got the unit');
  assert.equal(run.word(16, 1), 0);
  await run.close();
});

test('a queue is found through the queued threads, not every tid issued', () => {
  // 10,000 tids issued, one of them queued. The others' slots are made to
  // look queued on the same mutex without being on the queued list: a scan
  // of every slot would count them (and its cost would grow with every
  // thread the run ever started); the list walk sees the one waiter.
  const run = new TestRun(10010);
  const eng = run.thread(), mtx = run.mutex(0);
  const waiter = run.thread();
  for (let k = 0; k < 10000; k++) run.thread();
  run.st.lock();
  eng.enqueue(waiter.tid, mtx, Kind.Mutex, false);
  for (let t = waiter.tid + 1; t <= run.st.s[H.LAST_TID]; t++) {
    run.st.set(t, T.QKEY, mtx);
    run.st.set(t, T.QKIND, Kind.Mutex);
  }
  assert.equal(eng.queueOf(mtx, Kind.Mutex), waiter.tid);
  assert.equal(eng.qN, 1);
  // Three more on a semaphore; the middle one leaves, then the rest.
  const sem = run.semaphore(16, 0), sw = [2, 3, 4].map((k) => waiter.tid + k);
  for (const t of sw) eng.enqueue(t, sem, Kind.Semaphore, false);
  eng.dequeue(sw[1]);
  assert.equal(eng.queueOf(sem, Kind.Semaphore), sw[0]);
  assert.equal(eng.qN, 2);
  for (const t of [sw[0], waiter.tid, sw[2]]) eng.dequeue(t);
  assert.equal(eng.queueOf(mtx, Kind.Mutex), 0, 'dequeue unlinks');
  assert.equal(eng.queueOf(sem, Kind.Semaphore), 0);
  assert.equal(run.st.s[H.QHEAD], 0);
  run.st.unlock();
});
