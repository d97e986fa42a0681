// ABI 1.1's destroymutex and destroysemaphore in the engine, in every state
// of the object: 1.0's checks first, EBUSY while owned by a live thread or
// waited on, else the name word becomes 0 and later calls are EINVAL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TestRun } from './engine-harness.js';
import { E, MutexName, SemaphoreName, OwnerWaiters } from '../src/abi.js';

test('destroymutex in every state', async () => {
  const run = new TestRun();
  const main = run.thread(), other = run.thread();
  const free = run.mutex(0), mine = run.mutex(16), theirs = run.mutex(32), dead = run.mutex(48);
  const waited = run.mutex(64), recursive = run.mutex(80, 1), deadWaited = run.mutex(96);
  main.lockMutex(mine);
  other.lockMutex(theirs);
  main.lockMutex(recursive);
  main.lockMutex(recursive);
  assert.deepEqual(await run.spawn('lockAndExit', { mtx: dead }).done, 0);
  main.lockMutex(waited);
  const w = run.spawn('lock', { mtx: waited });
  await run.queued(w.tid);
  run.u32.set([MutexName, 50, 0, 1], 112 / 4); // owned by a tid never issued: dead
  const cases = [
    ['misaligned', 2, E.FAULT],
    ['past the end', 1 << 16, E.FAULT],
    ['zeroed', 128, E.INVAL],
    ['a semaphore', run.semaphore(144, 0), E.INVAL],
    ['recursive = 2', run.mutex(160, 2), E.INVAL],
    ['owned by the caller', mine, E.BUSY],
    ['owned by the caller, recursively', recursive, E.BUSY],
    ['owned by another live thread', theirs, E.BUSY],
    ['owned by the caller, waited for', waited, E.BUSY],
    ['unlocked', free, 0],
    ['owned by a dead thread, no waiters', dead, 0],
    ['owned by a tid never issued', 112, 0],
    ['destroyed already', free, E.INVAL],
  ];
  const before = (p) => [0, 1, 2, 3].map((k) => run.word(p, k));
  for (const [what, p, want] of cases) {
    const words = p % 4 === 0 && p < (1 << 16) ? before(p) : null;
    assert.equal(main.destroyMutex(p), want, what);
    if (want === 0) assert.deepEqual(before(p), [0, ...words.slice(1)], `${what}: only the name word changes`);
    else if (words) assert.deepEqual(before(p), words, `${what}: unchanged`);
  }
  assert.equal(main.lockMutex(free), E.INVAL, 'a destroyed mutex is EINVAL');
  assert.equal(main.unlockMutex(dead), E.INVAL);
  run.mutex(free);
  assert.equal(main.lockMutex(free), 0, 'laid out again, it works');

  // A dead owner's mutex with a waiter went to the waiter: EBUSY.
  const holder = run.thread();
  holder.lockMutex(deadWaited);
  const w2 = run.spawn('ops', { ops: [['lock', deadWaited]] });
  await run.queued(w2.tid);
  holder.exit();
  assert.deepEqual(await w2.done, [E.OWNERDEAD]);
  assert.equal(main.destroyMutex(deadWaited), E.BUSY, 'the waiter owns it now');

  // Free, with a waiter not yet woken (an unlock's state before the head
  // runs): the test writes the owner word.
  const freeWaited = run.mutex(176);
  run.thread().lockMutex(freeWaited);
  const w3 = run.spawn('lock', { mtx: freeWaited });
  await run.queued(w3.tid);
  run.u32[176 / 4 + 3] = 0;
  Atomics.store(run.u32, 176 / 4 + 1, OwnerWaiters);
  assert.equal(main.destroyMutex(freeWaited), E.BUSY, 'free, but waited for');
  await run.close();
});

test('destroysemaphore in every state', async () => {
  const run = new TestRun();
  const main = run.thread();
  const empty = run.semaphore(0, 0), units = run.semaphore(16, 3), waited = run.semaphore(32, 0);
  const w = run.spawn('acquire', { sem: waited });
  await run.queued(w.tid);
  const cases = [
    ['misaligned', 1, E.FAULT],
    ['across the end', (1 << 16) - 8, E.FAULT],
    ['zeroed', 48, E.INVAL],
    ['a mutex', run.mutex(64), E.INVAL],
    ['count past the maximum', 80, E.INVAL],
    ['waited on', waited, E.BUSY],
    ['no units', empty, 0],
    ['with units', units, 0],
    ['destroyed already', units, E.INVAL],
  ];
  run.u32.set([SemaphoreName, 0x80000000, 0, 0], 80 / 4);
  for (const [what, p, want] of cases) assert.equal(main.destroySemaphore(p), want, what);
  assert.deepEqual([0, 1, 2, 3].map((k) => run.word(units, k)), [0, 3, 0, 0], 'only the name word changes');
  assert.equal(main.releaseSemaphore(units), E.INVAL, 'a destroyed semaphore is EINVAL');
  assert.equal(main.timeAcquireSemaphore(empty, 0n), E.INVAL);
  assert.equal(main.releaseSemaphore(waited), 0);
  assert.equal(await w.done, 0);
  assert.equal(main.destroySemaphore(waited), 0, 'once no one waits');
  await run.close();
});
