// ABI 1.1's priorities in the engine (src/engine.js): queue order,
// hand-offs, barging, inheritance, and setpriority/getpriority; destroy is
// in destroy.test.js. Threads are worker_threads over shared state
// (engine-harness.js); a test waits for a thread to be queued by polling
// the state, never by sleeping blindly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TestRun } from './engine-harness.js';
import { E, OwnerWaiters } from '../src/abi.js';
import { T } from '../src/state.js';

const ORDER = 1024; // the order list's address: a count word, then tids

// queue spawns one thread per ops list, each queued before the next
// starts, so the enqueue order is the list's.
async function queue(run, opsList) {
  const ts = [];
  for (const ops of opsList) {
    const t = run.spawn('ops', { ops });
    await run.queued(t.tid);
    ts.push(t);
  }
  return ts;
}

function order(run) {
  const n = run.word(ORDER, 0);
  return Array.from({ length: n }, (_, k) => run.word(ORDER, 1 + k));
}

const eff = (run, tid) => run.st.get(tid, T.EFF);

const lockOnce = (prio, mtx) => [['prio', prio], ['lock', mtx], ['note', ORDER], ['unlock', mtx], ['exit']];

test('setpriority takes 1..255; getpriority starts at 10; a spawned thread starts at its spawner\'s base', () => {
  const run = new TestRun();
  const t = run.thread();
  assert.equal(t.getPriority(), 10, 'thread 1 (and the harness\'s threads) start at 10');
  for (const p of [0, -1, 256, 0x7fffffff]) assert.equal(t.setPriority(p), E.INVAL, `setpriority(${p})`);
  assert.equal(t.getPriority(), 10, 'EINVAL changes nothing');
  for (const p of [1, 255, 40]) {
    assert.equal(t.setPriority(p), 0);
    assert.equal(t.getPriority(), p);
  }
  const child = t.spawn();
  assert.equal(run.st.get(child, T.BASE), 40, 'base from the spawner');
  assert.equal(eff(run, child), 40);
});

test('waiters take a mutex by priority, highest first, FIFO among equals', async () => {
  const run = new TestRun();
  const main = run.thread();
  const mtx = run.mutex(0);
  assert.equal(main.lockMutex(mtx), 0);
  const prios = [5, 20, 10, 20, 5, 10];
  const ts = await queue(run, prios.map((p) => lockOnce(p, mtx)));
  assert.equal(main.unlockMutex(mtx), 0);
  for (const t of ts) assert.deepEqual(await t.done, [0, 0, 0, 0, undefined]);
  const byTid = (k) => ts[k].tid;
  assert.deepEqual(order(run), [1, 3, 2, 5, 0, 4].map(byTid), 'by priority, then enqueue order');
  await run.close();
});

test('waiters take semaphore units by priority, FIFO among equals', async () => {
  const run = new TestRun();
  const main = run.thread();
  const sem = run.semaphore(0, 0);
  const prios = [5, 20, 10, 20, 5];
  // Each takes the one unit, notes its turn and passes the unit on.
  const ts = await queue(run, prios.map((p) => [['prio', p], ['acquire', sem], ['note', ORDER], ['release', sem], ['exit']]));
  assert.equal(main.releaseSemaphore(sem), 0);
  for (const t of ts) assert.deepEqual(await t.done, [0, 0, 0, 0, undefined]);
  assert.deepEqual(order(run), [1, 3, 2, 0, 4].map((k) => ts[k].tid));
  await run.close();
});

test('the 1 ms hand-off and EOWNERDEAD go to the highest-priority waiter, not the longest', async () => {
  const run = new TestRun();
  const main = run.thread();
  const mtx = run.mutex(0);
  main.lockMutex(mtx);
  const [low, high] = await queue(run, [[['prio', 5], ['lock', mtx]], [['prio', 20], ['lock', mtx]]]);
  await new Promise((r) => setTimeout(r, 2)); // both past the 1 ms threshold
  assert.equal(main.unlockMutex(mtx), 0);
  assert.equal(run.word(0, 1), (high.tid | OwnerWaiters) >>> 0, 'handed to the high one, WAITERS kept for the low one');
  assert.deepEqual(await high.done, [0, 0]);

  // A queued waiter of the highest priority gets a dead owner's mutex.
  const m2 = run.mutex(16);
  const holder = run.thread();
  holder.lockMutex(m2);
  const [l2, h2] = await queue(run, [[['prio', 5], ['lock', m2]], [['prio', 20], ['lock', m2]]]);
  holder.exit();
  assert.deepEqual(await h2.done, [0, E.OWNERDEAD], 'the highest waiter gets the dead owner\'s mutex');
  assert.equal(run.st.get(l2.tid, T.QKIND), 1, 'the other keeps waiting');
  await run.close();
});

// The test frees the mutex by writing its owner word (WAITERS, no owner),
// as an unlock whose wake-up has not reached the head yet leaves it: the
// caller's try then races nobody. The owner is another thread than the
// caller, which would keep its (stale) boost.
test('barging below 1 ms is refused to a lower priority, allowed to an equal or higher one', async () => {
  const run = new TestRun();
  const main = run.thread(), holder = run.thread();
  const mtx = run.mutex(0);
  const freeWithWaiters = () => { run.u32[3] = 0; Atomics.store(run.u32, 1, OwnerWaiters); };

  // One refused try per queued head: the refusal wakes the head, which
  // may take the mutex and go before a second try would run.
  for (const [what, tryIt, refused] of [
    ['trylock', () => main.tryLockMutex(mtx), E.BUSY],
    ['timed lock with timeout 0', () => main.timeLockMutex(mtx, 0n), E.TIMEDOUT],
  ]) {
    holder.lockMutex(mtx);
    const [head] = await queue(run, [[['prio', 20], ['lock', mtx], ['unlock', mtx], ['exit']]]);
    freeWithWaiters();
    assert.equal(tryIt(), refused, `priority 10 behind a waiter of 20: ${what}`);
    assert.deepEqual(await head.done, [0, 0, 0, undefined], 'the refused try woke the head, which took it');
    assert.equal(run.word(0, 1), 0);
  }

  holder.lockMutex(mtx);
  const [eq] = await queue(run, [[['prio', 20], ['lock', mtx], ['unlock', mtx], ['exit']]]);
  freeWithWaiters();
  assert.equal(main.setPriority(20), 0);
  assert.equal(main.tryLockMutex(mtx), 0, 'an equal priority may barge');
  assert.equal(main.unlockMutex(mtx), 0);
  assert.deepEqual(await eq.done, [0, 0, 0, undefined]);

  const sem = run.semaphore(16, 0);
  assert.equal(main.setPriority(10), 0);
  const [sh] = await queue(run, [[['prio', 20], ['acquire', sem], ['exit']]]);
  Atomics.store(run.u32, 16 / 4 + 1, 1); // a unit, no one woken
  assert.equal(main.timeAcquireSemaphore(sem, 0n), E.TIMEDOUT, 'a semaphore\'s unit: refused too');
  assert.deepEqual(await sh.done, [0, 0, undefined], 'and the head woken for it');
  assert.equal(run.word(16, 1), 0);
  await run.close();
});

// C (the test's thread) owns m2; D (20) waits for m2; B owns m1 and waits
// for m2, behind D; A (30) waits for m1. B inherits 30 and passes it on
// to C, and moves ahead of D in m2's queue.
test('inheritance runs through a chain of three and re-orders a boosted waiter', async () => {
  const run = new TestRun();
  const c = run.thread();
  const m1 = run.mutex(0), m2 = run.mutex(16);
  c.lockMutex(m2);
  const [d] = await queue(run, [[['prio', 20], ['lock', m2], ['note', ORDER], ['unlock', m2], ['exit']]]);
  assert.equal(c.getPriority(), 20, 'C inherits D\'s 20');
  const b = run.spawn('ops', { ops: [['lock', m1], ['lock', m2], ['note', ORDER], ['eff'], ['unlock', m2], ['unlock', m1], ['eff'], ['exit']] });
  await run.queued(b.tid);
  assert.equal(eff(run, b.tid), 10);
  const [a] = await queue(run, [[['prio', 30], ['lock', m1], ['note', ORDER], ['unlock', m1], ['exit']]]);
  assert.equal(eff(run, b.tid), 30, 'B inherits A\'s 30');
  assert.equal(c.getPriority(), 30, 'and passes it to C');
  assert.equal(c.unlockMutex(m2), 0);
  assert.equal(c.getPriority(), 10, 'C keeps only its base once it owns nothing');
  const got = await b.done;
  assert.deepEqual(got, [0, 0, 0, 30, 0, 0, 10, undefined], 'B holds 30 while A waits for m1, its base after');
  await d.done;
  await a.done;
  const o = order(run);
  assert.equal(o[0], b.tid, 'B, boosted past D, took m2 first');
  assert.deepEqual(o.slice(1).sort(), [a.tid, d.tid].sort());
  await run.close();
});

test('a boost ends with the waiter\'s timeout and with the unlock of the mutex it waits for', async () => {
  const run = new TestRun();
  const main = run.thread();
  const m1 = run.mutex(0), m2 = run.mutex(16);
  main.lockMutex(m1);
  main.lockMutex(m2);
  const [timed] = await queue(run, [[['prio', 40], ['timeLock', [m1, 50e6]], ['exit']]]);
  assert.equal(main.getPriority(), 40);
  assert.deepEqual(await timed.done, [0, E.TIMEDOUT, undefined]);
  assert.equal(main.getPriority(), 10, 'the timed-out waiter stopped giving its priority');

  const [w1, w2] = await queue(run, [
    [['prio', 30], ['lock', m1], ['unlock', m1], ['exit']],
    [['prio', 20], ['lock', m2], ['unlock', m2], ['exit']],
  ]);
  assert.equal(main.getPriority(), 30);
  assert.equal(main.setPriority(5), 0);
  assert.equal(main.getPriority(), 30, 'a lower base does not undo a boost');
  assert.equal(main.unlockMutex(m1), 0);
  assert.equal(main.getPriority(), 20, 'what m2\'s waiter gives is kept');
  assert.equal(main.unlockMutex(m2), 0);
  assert.equal(main.getPriority(), 5, 'the new base once nothing is owned');
  await w1.done;
  await w2.done;
  await run.close();
});

test('a mutex taken through the fast path gives its owner (the tid in the word) the waiters\' priority', async () => {
  const run = new TestRun();
  const main = run.thread();
  const mtx = run.mutex(0);
  Atomics.store(run.u32, 1, main.tid); // the guest's compare-exchange
  run.u32[3] = 1;
  const [w] = await queue(run, [[['prio', 50], ['lock', mtx], ['exit']]]);
  assert.equal(main.getPriority(), 50);
  assert.equal(main.unlockMutex(mtx), 0);
  assert.equal(main.getPriority(), 10);
  assert.deepEqual(await w.done, [0, 0, undefined]);
  await run.close();
});

// X (10) waits for m behind nobody of its priority; Y (20) queues behind
// it; Z (20) waits for n, which X owns, so X rises to 20: it moves behind
// Y, its new equal that queued first.
test('a waiter whose priority rises goes behind its new equals', async () => {
  const run = new TestRun();
  const main = run.thread();
  const m = run.mutex(0), n = run.mutex(16);
  main.lockMutex(m);
  const x = run.spawn('ops', { ops: [['lock', n], ['lock', m], ['note', ORDER], ['unlock', m], ['unlock', n], ['exit']] });
  await run.queued(x.tid);
  const [y, z] = await queue(run, [lockOnce(20, m), [['prio', 20], ['lock', n], ['unlock', n], ['exit']]]);
  assert.equal(eff(run, x.tid), 20);
  assert.equal(main.unlockMutex(m), 0);
  await Promise.all([x.done, y.done, z.done]);
  assert.deepEqual(order(run), [y.tid, x.tid]);
  await run.close();
});

// Threads of six priorities, half of them taking an outer mutex around
// each round (so boosts pass through chains and waiters move in their
// queues all the time): every count must be exact, and every thread must
// end at its own base priority.
test('threads of many priorities count exactly, with inheritance through nested locks', async () => {
  for (const sem of [false, true]) {
    const run = new TestRun();
    const mtx = sem ? run.semaphore(0, 1) : run.mutex(0);
    const outer = run.mutex(16);
    const ts = [5, 10, 20, 40, 80, 160].map((prio, k) =>
      run.spawn('count', { mtx, word: 64, n: 2000, sem, prio, outer: k % 2 ? outer : 0 }));
    const errs = await Promise.all(ts.map((t) => t.done));
    assert.deepEqual(errs.flat(), [], sem ? 'semaphore' : 'mutex');
    assert.equal(run.word(64, 0), 12000, sem ? 'semaphore' : 'mutex');
    assert.equal(run.word(0, 1), sem ? 1 : 0, 'left free');
    assert.equal(run.word(16, 1), 0, 'outer left free');
    await run.close();
  }
});

// A thread's view of the memory is as long as it was at its last call; a
// mutex another thread queued on past that end must not break it.
test('inheritance reads owner words past the end of a thread\'s view of a grown memory', async () => {
  const run = new TestRun(64, 1 << 17);
  const main = run.thread();
  main.lockMutex(run.mutex(0)); // main's view: 64 KiB
  run.grow(1 << 17);
  const holder = run.thread();
  const far = run.mutex(0x18000);
  assert.equal(holder.lockMutex(far), 0);
  const [w] = await queue(run, [[['prio', 20], ['lock', far], ['exit']]]);
  assert.equal(main.setPriority(30), 0, 'main\'s scan of the queues reaches the far mutex');
  assert.equal(main.getPriority(), 30);
  assert.equal(holder.getPriority(), 20);
  assert.equal(holder.unlockMutex(far), 0);
  assert.deepEqual(await w.done, [0, 0, undefined]);
  await run.close();
});
