// A run's standard streams across workers. Output goes through a shared
// ring that the supervisor drains, so nothing a thread wrote is lost when
// the run ends and its worker is terminated (a Node worker's process.stdout
// is asynchronous and drops what is in flight), and writes from all threads
// keep one order. Stdin is read by the supervisor on a worker's request, so
// a worker waiting for input waits on a shared word that termination ends.
import { lockWord, unlockWord } from './lock.js';

const R = { LOCK: 0, WPOS: 1, RPOS: 2 };
const RING = 1 << 20;
const REC = 8; // record header: fd, length

export function newRing() { return new SharedArrayBuffer(16 + RING); }

// RingWriter is a worker's end. write returns false once the run has ended.
export class RingWriter {
  constructor(sab, ended, poke) {
    this.h = new Int32Array(sab, 0, 4);
    this.d = new Uint8Array(sab, 16, RING);
    this.ended = ended;
    this.poke = poke; // tells the supervisor there is output
  }

  write(fd, bytes) {
    for (let off = 0; off < bytes.length || off === 0; ) {
      const n = Math.min(bytes.length - off, RING / 4);
      if (!this.record(fd, bytes.subarray(off, off + n))) return false;
      off += n;
      if (n === 0) break;
    }
    return true;
  }

  record(fd, bytes) {
    const h = this.h;
    lockWord(h, R.LOCK);
    try {
      for (;;) {
        if (this.ended()) return false;
        const w = h[R.WPOS], r = Atomics.load(h, R.RPOS);
        if (RING - ((w - r) >>> 0) >= REC + bytes.length) break;
        this.poke();
        Atomics.wait(h, R.RPOS, r, 50);
      }
      const w = h[R.WPOS], wasEmpty = w === Atomics.load(h, R.RPOS);
      const hdr = new Uint8Array(REC);
      const dv = new DataView(hdr.buffer);
      dv.setUint32(0, fd, true);
      dv.setUint32(4, bytes.length, true);
      this.copyIn(w, hdr);
      this.copyIn(w + REC, bytes);
      Atomics.store(h, R.WPOS, (w + REC + bytes.length) >>> 0);
      if (wasEmpty) this.poke();
      return true;
    } finally {
      unlockWord(h, R.LOCK);
    }
  }

  copyIn(pos, bytes) {
    const at = pos % RING, first = Math.min(bytes.length, RING - at);
    this.d.set(bytes.subarray(0, first), at);
    if (first < bytes.length) this.d.set(bytes.subarray(first), 0);
  }
}

// drainRing hands every complete record to out(fd, bytes); the supervisor
// calls it, never blocking.
export function drainRing(sab, out) {
  const h = new Int32Array(sab, 0, 4), d = new Uint8Array(sab, 16, RING);
  const copyOut = (pos, n) => {
    const b = new Uint8Array(n), at = pos % RING, first = Math.min(n, RING - at);
    b.set(d.subarray(at, at + first));
    if (first < n) b.set(d.subarray(0, n - first), first);
    return b;
  };
  let r = Atomics.load(h, R.RPOS);
  const w = Atomics.load(h, R.WPOS);
  while (r !== w) {
    const dv = new DataView(copyOut(r, REC).buffer);
    const fd = dv.getUint32(0, true), n = dv.getUint32(4, true);
    out(fd, copyOut(r + REC, n));
    r = (r + REC + n) >>> 0;
  }
  Atomics.store(h, R.RPOS, r);
  Atomics.notify(h, R.RPOS);
}

// Stdin hand-off: STATE 0 idle, 1 requested, 2 data, 3 end of input.
const S = { LOCK: 0, STATE: 1, LEN: 2, OFF: 3 };
const CHUNK = 64 << 10;

export function newStdin() { return new SharedArrayBuffer(16 + CHUNK); }

// readStdin copies up to max bytes of stdin into a new Uint8Array, waiting
// for the supervisor while there are none; null once the run has ended.
export function readStdin(sab, max, ended, request) {
  const h = new Int32Array(sab, 0, 4), d = new Uint8Array(sab, 16, CHUNK);
  lockWord(h, S.LOCK);
  try {
    for (;;) {
      if (ended()) return null;
      const st = Atomics.load(h, S.STATE);
      if (st === 3) return new Uint8Array(0);
      if (st === 2) {
        const off = h[S.OFF], n = Math.min(max, h[S.LEN] - off);
        const b = d.slice(off, off + n);
        h[S.OFF] = off + n;
        if (h[S.OFF] === h[S.LEN]) Atomics.store(h, S.STATE, 0);
        return b;
      }
      if (st === 0) {
        Atomics.store(h, S.STATE, 1);
        request();
      }
      Atomics.wait(h, S.STATE, 1, 100);
    }
  } finally {
    unlockWord(h, S.LOCK);
  }
}

// pollStdin waits up to ms (Infinity: no limit) for stdin to have data or
// to reach its end, asking the supervisor for input as a read would, and
// returns { ready, nbytes, eof }; null once the run has ended. It takes no
// lock: a read in progress may hold it while it waits for the supervisor.
export function pollStdin(sab, ms, ended, request) {
  const h = new Int32Array(sab, 0, 4), deadline = performance.now() + ms;
  for (;;) {
    if (ended()) return null;
    const st = Atomics.load(h, S.STATE);
    if (st === 2) return { ready: true, nbytes: Atomics.load(h, S.LEN) - Atomics.load(h, S.OFF), eof: false };
    if (st === 3) return { ready: true, nbytes: 0, eof: true };
    if (st === 0 && Atomics.compareExchange(h, S.STATE, 0, 1) === 0) request();
    const left = deadline - performance.now();
    if (left <= 0) return { ready: false, nbytes: 0, eof: false };
    Atomics.wait(h, S.STATE, 1, Math.min(left, 100)); // wakes to see the run's end
  }
}

// StdinFeeder is the supervisor's end: it answers requests from source, an
// async iterator of Uint8Array chunks (or undefined for no input).
export class StdinFeeder {
  constructor(sab, source) {
    this.h = new Int32Array(sab, 0, 4);
    this.d = new Uint8Array(sab, 16, CHUNK);
    this.it = source ? source[Symbol.asyncIterator]() : null;
    this.rest = null;
    this.busy = false;
  }

  async serve() {
    if (this.busy || Atomics.load(this.h, S.STATE) !== 1) return;
    this.busy = true;
    try {
      let chunk = this.rest;
      this.rest = null;
      while (!chunk) {
        let r = { done: true };
        try {
          if (this.it) r = await this.it.next();
        } catch {
          // A failed or destroyed input ends like an exhausted one.
        }
        if (r.done) {
          Atomics.store(this.h, S.STATE, 3);
          Atomics.notify(this.h, S.STATE);
          return;
        }
        chunk = typeof r.value === 'string' ? new TextEncoder().encode(r.value) : new Uint8Array(r.value);
        if (chunk.length === 0) chunk = null;
      }
      const n = Math.min(chunk.length, CHUNK);
      this.d.set(chunk.subarray(0, n));
      if (n < chunk.length) this.rest = chunk.subarray(n);
      this.h[S.LEN] = n;
      this.h[S.OFF] = 0;
      Atomics.store(this.h, S.STATE, 2);
      Atomics.notify(this.h, S.STATE);
    } finally {
      this.busy = false;
    }
  }

  close() {
    if (this.it && this.it.return) this.it.return().catch(() => {});
  }
}
