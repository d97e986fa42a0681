import { lockWord, unlockWord } from './lock.js';
import { Spin } from './spin.js';

// The run's host state: one SharedArrayBuffer that every worker maps, under
// its own lock word, so a host call runs to completion in the calling
// worker (see ../../shared/notes/js-host.md and RATIONALE.md).
//
// Int32 words: a header, then one slot of SLOT words per tid (tid 0 unused);
// a Float64 area after the slots holds each thread's queueing time.

export const H = Object.freeze({
  LOCK: 0, // 0 free, 1 held, 2 held with sleepers
  LAST_TID: 1,
  LIVE: 2,
  BLOCKED: 3, // live threads parked with no timeout, not yet woken
  END: 4, // 0 while the run goes on, then an End cause
  END_CODE: 5,
  WAITING: 6, // threads inside wait32/wait64, read without the lock by notify
  SEQ: 7, // enqueue counter: queue order
  MAX_TID: 8,
  SHARED: 9, // 1 when the guest's memory is shared (threads allowed)
  STDIN: 10, // stdin hand-off: see stdio.js
  PRIO: 11, // 1 once a thread has set a priority other than 10: they may differ
  QHEAD: 12, // the first of the queued threads, linked through QNEXT/QPREV (0: none)
});
const HEADER = 16;

// Slot fields.
export const T = Object.freeze({
  STATE: 0, // 0 never issued, 1 live, 2 exited
  WAKE: 1, // 1: look again
  QKIND: 2, // 0 not queued, else a Kind
  QKEY: 3, // the object's or word's guest address
  QSEQ: 4,
  TIMED: 5,
  PARKED: 6,
  GRANTED: 7,
  RESULT: 8,
  BASE: 9, // the thread's base priority
  EFF: 10, // its effective priority: BASE raised by inheritance (engine.js settle)
  QNEXT: 11, // the next and the previous queued thread, any key (0: none),
  QPREV: 12, // so that a queue's scan costs the queued threads, not every tid ever issued
});
const SLOT = 14;

const SLEEPING = 2;
// parkSpin: wake-word reads before sleeping, about 2 µs at most (an
// adaptive budget, spin.js). Longer spins were slower on the 2 shared
// cores measured (BENCHMARKS.md).
const parkSpin = 1000;

export const Kind = Object.freeze({ Mutex: 1, Semaphore: 2, Wait: 3 });

export const End = Object.freeze({ Exit: 1, Trap: 2, AllBlocked: 3, TimeLimit: 4, Canceled: 5, HostError: 6 });

// defaultSlots bounds the tids of a run without maxThreads: every thread is
// an OS thread (a Worker), so far fewer than the ABI's range can run.
export const defaultSlots = 4096;

export function newState(maxTid) {
  const slots = maxTid + 1;
  const ints = HEADER + slots * SLOT;
  const sab = new SharedArrayBuffer(ints * 4 + slots * 8);
  const s = new Int32Array(sab, 0, ints);
  s[H.MAX_TID] = maxTid;
  return sab;
}

// State is one worker's (or the supervisor's) view of the shared state.
export class State {
  constructor(sab) {
    this.sab = sab;
    this.s = new Int32Array(sab);
    const maxTid = this.s[H.MAX_TID];
    const ints = HEADER + (maxTid + 1) * SLOT;
    this.s = new Int32Array(sab, 0, ints);
    this.since = new Float64Array(sab, ints * 4, maxTid + 1);
    this.pending = []; // tids to wake once the lock is released
    this.parkSpin = new Spin(parkSpin);
  }

  slot(tid, field) { return HEADER + tid * SLOT + field; }
  get(tid, field) { return this.s[HEADER + tid * SLOT + field]; }
  set(tid, field, v) { this.s[HEADER + tid * SLOT + field] = v; }

  // start makes tid a live thread of base priority base.
  start(tid, base) {
    this.set(tid, T.BASE, base);
    this.set(tid, T.EFF, base);
    this.set(tid, T.STATE, 1);
  }

  // link and unlink put tid on and take it off the list of queued
  // threads, in O(1); under the lock.
  link(tid) {
    const next = this.s[H.QHEAD];
    this.set(tid, T.QPREV, 0);
    this.set(tid, T.QNEXT, next);
    if (next !== 0) this.set(next, T.QPREV, tid);
    this.s[H.QHEAD] = tid;
  }

  unlink(tid) {
    const prev = this.get(tid, T.QPREV), next = this.get(tid, T.QNEXT);
    if (prev !== 0) this.set(prev, T.QNEXT, next);
    else this.s[H.QHEAD] = next;
    if (next !== 0) this.set(next, T.QPREV, prev);
  }

  lock() { lockWord(this.s, H.LOCK); }

  // unlock releases the lock, then wakes the threads wakeLater named
  // under it: woken while the lock is still held, a thread would at once
  // sleep again on the lock word.
  unlock() {
    unlockWord(this.s, H.LOCK);
    const p = this.pending;
    while (p.length > 0) this.wake(p.pop());
  }

  wakeLater(tid) { this.pending.push(tid); }

  ended() { return Atomics.load(this.s, H.END) !== 0; }

  // wake tells tid to look again. The wake word is 0 while its thread
  // spins, SLEEPING once it sleeps in Atomics.wait, 1 when woken: only a
  // sleeper costs a notify, which takes V8's global waiter lock.
  wake(tid) {
    const i = this.slot(tid, T.WAKE);
    if (Atomics.exchange(this.s, i, 1) === SLEEPING) Atomics.notify(this.s, i);
  }

  // sleep waits on wake word i until it is set or the deadline (ms on
  // the run's clock; undefined for none) passes, spinning first: a wake-up
  // often comes sooner than a futex round trip. It reports whether it was
  // woken.
  sleep(i, deadline) {
    const s = this.s, spin = this.parkSpin;
    for (let k = spin.budget(); k > 0; k--) {
      if (Atomics.load(s, i) === 1) { spin.won(); return true; }
    }
    if (Atomics.compareExchange(s, i, 0, SLEEPING) === 1) { spin.won(); return true; }
    spin.lost();
    for (;;) {
      let ms = Infinity;
      if (deadline !== undefined) {
        ms = deadline - now();
        if (ms <= 0) break;
      }
      Atomics.wait(s, i, SLEEPING, ms);
      if (Atomics.load(s, i) === 1) return true;
    }
    // Timed out: stop sleeping, unless a wake came meanwhile.
    return Atomics.compareExchange(s, i, SLEEPING, 0) === 1;
  }

  // end records why the run ended, first cause wins, and wakes every
  // thread so that blocked calls see it. Under the lock.
  end(cause, code) {
    if (this.s[H.END] !== 0) return false;
    this.s[H.END_CODE] = code;
    Atomics.store(this.s, H.END, cause);
    for (let t = 1; t <= this.s[H.LAST_TID]; t++) this.wake(t);
    Atomics.notify(this.s, H.STDIN);
    return true;
  }
}

// now is the run's clock in ms, the same in every worker. The performance
// object and its time origin are read once: in Node, performance is an
// accessor of the global object, which optimized code looks up on every
// call (a LoadGlobalIC in the park path's profile, BENCHMARKS.md).
const perf = globalThis.performance;
const origin = perf.timeOrigin;
export const now = () => origin + perf.now();
