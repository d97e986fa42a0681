// A futex mutex over one word of an Int32Array (Drepper, "Futexes are
// tricky"): 0 free, 1 held, 2 held with sleepers. Workers only: a
// browser's main thread may not Atomics.wait.
export function lockWord(a, i) {
  if (Atomics.compareExchange(a, i, 0, 1) === 0) return;
  for (let k = 0; k < 100; k++) {
    if (Atomics.load(a, i) === 0 && Atomics.compareExchange(a, i, 0, 1) === 0) return;
  }
  while (Atomics.exchange(a, i, 2) !== 0) Atomics.wait(a, i, 2);
}

export function unlockWord(a, i) {
  if (Atomics.sub(a, i, 1) !== 1) {
    Atomics.store(a, i, 0);
    Atomics.notify(a, i, 1);
  }
}
