// The cost of finding a queue's head (the engine's queueOf) in a run that
// has issued many tids, one thread queued: it walks the queued threads, so
// it should not grow with the tids (BENCHMARKS.md, jshost). Run from the
// repository root:
//
//	node jshost/bench/queues.js
import { State, H, Kind, newState } from '../src/state.js';
import { Engine } from '../src/engine.js';
import { MutexName } from '../src/abi.js';

const key = 64;
for (const tids of [10, 4096, 100000]) {
  const st = new State(newState(tids + 1));
  st.s[H.SHARED] = 1;
  const mem = new SharedArrayBuffer(1 << 16);
  new Uint32Array(mem).set([MutexName, 0, 0, 0], key / 4);
  const issuer = new Engine(st, 0, () => mem);
  for (let k = 0; k < tids; k++) issuer.spawn();
  const eng = new Engine(st, 1, () => mem);
  st.lock();
  eng.enqueue(tids, key, Kind.Mutex, false);
  st.unlock();
  const reps = 200000;
  let found = 0;
  for (let k = 0; k < reps / 10; k++) found += eng.queueOf(key, Kind.Mutex) === tids; // warm up
  const t0 = performance.now();
  for (let k = 0; k < reps; k++) found += eng.queueOf(key, Kind.Mutex) === tids;
  const ns = (performance.now() - t0) / reps * 1e6;
  if (found !== reps + reps / 10) throw new Error('queueOf lost the waiter');
  console.log(`${tids} tids issued, 1 queued: queueOf ${ns.toFixed(0)} ns`);
}
