// The floor under every JS host hand-off: a token passed around a ring of
// workers with Atomics.wait/notify and no spinning, so each hop is one
// sleeping OS thread woken by another. A contended host mutex that hands
// over to a sleeping waiter pays at least this per hand-off, and the
// thread that wakes a sleeper is held in Atomics.notify meanwhile (the
// median of worker 0's notify calls is reported too; BENCHMARKS.md,
// jshost, "Issue 10 on an idle machine"). Run from the repository root:
//
//	node jshost/bench/wake.js [workers=8] [hops=20000]
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

const STRIDE = 16; // Int32 words per worker's word: one cache line each

if (isMainThread) {
  const n = Number(process.argv[2] || 8), asked = Number(process.argv[3] || 20000);
  if (!(n >= 2 && asked > 0)) throw new Error('usage: node jshost/bench/wake.js [workers >= 2] [hops > 0]');
  // Whole laps, so the token ends where it started: at worker 0.
  const hops = Math.ceil(asked / n) * n;
  const sab = new SharedArrayBuffer(4 * STRIDE * (n + 1));
  const workers = [];
  for (let i = 0; i < n; i++) workers.push(new Worker(new URL(import.meta.url), { workerData: { sab, i, n, hops } }));
  const [{ ms, notify }] = await Promise.all([
    new Promise((resolve, reject) => workers[0].once('message', resolve).once('error', reject)),
    ...workers.map((w) => new Promise((resolve) => w.once('exit', resolve))),
  ]);
  console.log(`ring of ${n} workers, ${hops} hops: ${(ms / hops * 1000).toFixed(1)} µs per hop; ` +
    `Atomics.notify held the waker ${(notify * 1000).toFixed(1)} µs (median)`);
} else {
  const { sab, i, n, hops } = workerData;
  const a = new Int32Array(sab), me = STRIDE * i, next = STRIDE * ((i + 1) % n), gate = STRIDE * n;
  // Every worker is up before the clock starts.
  Atomics.add(a, gate, 1);
  Atomics.notify(a, gate);
  for (let g; (g = Atomics.load(a, gate)) < n;) Atomics.wait(a, gate, g);
  const notified = [];
  const pass = () => {
    Atomics.store(a, next, 1);
    const t = performance.now();
    Atomics.notify(a, next);
    notified.push(performance.now() - t);
  };
  const take = () => { while (Atomics.load(a, me) === 0) Atomics.wait(a, me, 0); Atomics.store(a, me, 0); };
  const t0 = performance.now();
  // Hop h goes from worker h % n to the next; worker 0 makes hop 0 and
  // takes the token back after the last one.
  for (let h = i; h < hops; h += n) {
    if (h > 0) take();
    pass();
  }
  if (i === 0) {
    take();
    const ms = performance.now() - t0;
    notified.sort((x, y) => x - y);
    parentPort.postMessage({ ms, notify: notified[notified.length >> 1] });
  }
}
