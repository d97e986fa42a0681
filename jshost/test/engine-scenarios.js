// What the engine tests' worker threads do; each returns a result for the
// test to check.
export const scenarios = {
  // count: n lock/increment/unlock rounds on a plain word, at priority
  // prio if given; with outer, each round holds that mutex around it, so
  // waiters for it boost the holder while it waits for mtx.
  count(eng, { mtx, word, n, sem, prio, outer }, u32) {
    const errs = new Set();
    if (prio && eng.setPriority(prio)) errs.add('setpriority');
    for (let k = 0; k < n; k++) {
      if (outer && eng.lockMutex(outer)) errs.add('outer');
      const e = sem ? eng.acquireSemaphore(mtx) : eng.lockMutex(mtx);
      if (e) errs.add(e);
      u32[word / 4] = u32[word / 4] + 1; // not atomic: the lock must serialise it
      const u = sem ? eng.releaseSemaphore(mtx) : eng.unlockMutex(mtx);
      if (u) errs.add(u);
      if (outer && eng.unlockMutex(outer)) errs.add('outer unlock');
    }
    if (eng.getPriority() !== (prio || 10)) errs.add('a boost outlived the locks');
    eng.exit();
    return [...errs];
  },
  // lockOnce: lock, note the order taken, unlock.
  lockOnce(eng, { mtx, order }, u32) {
    const e = eng.lockMutex(mtx);
    const slot = Atomics.add(u32, order / 4, 1);
    Atomics.store(u32, order / 4 + 1 + slot, eng.tid);
    eng.unlockMutex(mtx);
    eng.exit();
    return e;
  },
  lock(eng, { mtx }) { return eng.lockMutex(mtx); },
  // lockAndExit: take the mutex and end, owning it.
  lockAndExit(eng, { mtx }) {
    const e = eng.lockMutex(mtx);
    eng.exit();
    return e;
  },
  // holdThenLock: own a, then wait for b.
  holdThenLock(eng, { a, b }) {
    eng.lockMutex(a);
    return eng.lockMutex(b);
  },
  acquire(eng, { sem }) { return eng.acquireSemaphore(sem); },
  timeLock(eng, { mtx, ns, gate }, u32) { opened(u32, gate); return eng.timeLockMutex(mtx, BigInt(ns)); },
  timeAcquire(eng, { sem, ns, gate }, u32) { opened(u32, gate); return eng.timeAcquireSemaphore(sem, BigInt(ns)); },
  gatedLock(eng, { mtx, gate }, u32) { opened(u32, gate); return eng.lockMutex(mtx); },
  gatedAcquire(eng, { sem, gate }, u32) { opened(u32, gate); return eng.acquireSemaphore(sem); },
  // ops runs a list of [op, arg] and returns each op's result: prio
  // (setPriority), eff (getPriority), lock, timeLock ([mtx, ns]), unlock,
  // acquire, release, note (append the tid to the order list at arg:
  // a count word, then the tids), exit.
  ops(eng, { ops }, u32) {
    const run = {
      prio: (p) => eng.setPriority(p),
      eff: () => eng.getPriority(),
      lock: (m) => eng.lockMutex(m),
      timeLock: ([m, ns]) => eng.timeLockMutex(m, BigInt(ns)),
      unlock: (m) => eng.unlockMutex(m),
      acquire: (sm) => eng.acquireSemaphore(sm),
      release: (sm) => eng.releaseSemaphore(sm),
      note: (order) => {
        const k = Atomics.add(u32, order / 4, 1);
        Atomics.store(u32, order / 4 + 1 + k, eng.tid);
        return 0;
      },
      exit: () => eng.exit(),
    };
    return ops.map(([op, arg]) => run[op](arg));
  },
};

// opened waits until the test opens the gate word at byte address gate:
// the workers start before the clock of a timed call does.
function opened(u32, gate) {
  const i32 = new Int32Array(u32.buffer);
  while (Atomics.load(i32, gate / 4) === 0) Atomics.wait(i32, gate / 4, 0);
}
