// The engine's rules, as syncrt (../../syncrt/*.go) has them, over the
// shared host state (state.js) and the guest's memory. Each function here
// mirrors the syncrt function of the same name; read those for the why.
// Every update of a guest word is atomic, so the guest's fast path may run
// beside it.
import { E, MutexName, SemaphoreName, OwnerTidMask, OwnerReserved, OwnerWaiters, MaxCount,
  MinPriority, MaxPriority, DefaultPriority } from './abi.js';
import { H, T, Kind, End, now } from './state.js';
import { Spin } from './spin.js';

// STOPPED is what a call returns when the run ended while it was blocked:
// the binding ends the thread instead of returning to the guest.
export const STOPPED = -1;
// Timeouts in ms; these two sentinels are the internal lock paths'.
export const FOREVER = -1;
export const TRY = -2;

const STARVATION_MS = 1; // the ABI's fairness threshold
const SPIN_ROUNDS = 4 * 64; // owner-word reads before the slow path, at most (spin.js)

const woken = 0, expired = 1, stopped = 2;

export class Engine {
  // st: the State; tid: the calling thread; memory: the guest's
  // WebAssembly.Memory (or a getter of its buffer for a guest's own).
  constructor(st, tid, buffer) {
    this.st = st;
    this.s = st.s;
    this.tid = tid;
    this.buffer = buffer;
    this.refresh();
    // queueOf's results, to spare an allocation per scan.
    this.qHead = 0;
    this.qN = 0;
    this.qClash = false;
    this.spin = true;
    this.objSpin = new Spin(SPIN_ROUNDS);
  }

  refresh() {
    const b = this.buffer();
    this.m = new Uint32Array(b, 0, b.byteLength >>> 2);
    this.len = b.byteLength;
  }

  // objectAt is the word index of the object at ptr, or -EFAULT. The
  // memory may have grown since the last call.
  objectAt(ptr) {
    ptr >>>= 0;
    if (ptr % 4 !== 0) return -E.FAULT;
    if (ptr + 16 > this.len) {
      this.refresh();
      if (ptr + 16 > this.len) return -E.FAULT;
    }
    return ptr >>> 2;
  }

  // ---- object checks (object.go)

  checkMutex(i) {
    const m = this.m;
    if (Atomics.load(m, i) !== MutexName || Atomics.load(m, i + 2) > 1 ||
        (Atomics.load(m, i + 1) & OwnerReserved) !== 0) return E.INVAL;
    return 0;
  }

  checkSemaphore(i) {
    const m = this.m;
    if (Atomics.load(m, i) !== SemaphoreName || Atomics.load(m, i + 1) > MaxCount) return E.INVAL;
    return 0;
  }

  // ---- queues (queue.go). A queue is implicit: the queued threads (one
  // list through their slots, whatever their keys: State.link) whose slot
  // names the key, so finding it costs the threads queued now, not every
  // tid the run has issued. A mutex's or semaphore's queue is in order of
  // effective priority, highest first, then of enqueue number (FIFO among
  // equals); a bare word's is FIFO. Objects and bare words are separate
  // tables; a queue of the other object kind on a key is a clash.

  queueOf(key, kind) {
    const st = this.st;
    const byPrio = kind !== Kind.Wait;
    let head = 0, headSeq = 0, headEff = 0, n = 0, clash = false;
    for (let t = this.s[H.QHEAD]; t !== 0; t = st.get(t, T.QNEXT)) {
      if (st.get(t, T.QKEY) !== key) continue;
      const k = st.get(t, T.QKIND);
      if ((k === Kind.Wait) !== (kind === Kind.Wait)) continue;
      if (k !== kind) { clash = true; continue; }
      n++;
      const seq = st.get(t, T.QSEQ), eff = byPrio ? st.get(t, T.EFF) : 0;
      if (head === 0 || eff > headEff || (eff === headEff && ((seq - headSeq) | 0) < 0)) {
        head = t; headSeq = seq; headEff = eff;
      }
    }
    this.qHead = clash ? 0 : head;
    this.qN = clash ? 0 : n;
    this.qClash = clash;
    return this.qHead;
  }

  queued(t) { return this.st.get(t, T.QKIND) !== 0; }

  enqueue(t, key, kind, timed) {
    const st = this.st;
    st.set(t, T.QKEY, key);
    st.set(t, T.QSEQ, ++this.s[H.SEQ]);
    st.set(t, T.TIMED, timed ? 1 : 0);
    st.since[t] = now();
    st.set(t, T.QKIND, kind);
    st.link(t);
    this.syncWaiters(key, kind);
    if (kind === Kind.Mutex) this.settle(this.ownerOf(key));
  }

  dequeue(t) {
    const st = this.st;
    const key = st.get(t, T.QKEY), kind = st.get(t, T.QKIND);
    st.set(t, T.QKIND, 0);
    st.unlink(t);
    this.syncWaiters(key, kind);
    if (kind === Kind.Mutex) this.settle(this.ownerOf(key));
  }

  // ownerOf is the tid in the owner word of the mutex at key, which
  // another thread may have queued on after growing the memory.
  ownerOf(key) {
    const i = (key >>> 2) + 1;
    if (i >= this.m.length) this.refresh();
    return Atomics.load(this.m, i) & OwnerTidMask;
  }

  // waitsFor is the owner of the mutex t waits for, 0 if t waits for none:
  // the next link of a chain, for the cycle check and for inheritance.
  waitsFor(t) {
    return this.st.get(t, T.QKIND) === Kind.Mutex ? this.ownerOf(this.st.get(t, T.QKEY)) : 0;
  }

  syncWaiters(key, kind) {
    if (kind === Kind.Wait) return;
    this.queueOf(key, kind);
    const i = key >>> 2, m = this.m;
    if (kind === Kind.Semaphore) { Atomics.store(m, i + 2, this.qN); return; }
    while (this.qN === 0) {
      const w = Atomics.load(m, i + 1);
      if ((w & OwnerWaiters) === 0 || Atomics.compareExchange(m, i + 1, w, (w & ~OwnerWaiters) >>> 0) === w) return;
    }
  }

  // mayBarge reports whether the caller may take an object ahead of the
  // head of queueOf's last answer: it is the head, or its effective
  // priority is at least the head's (the 1.0 rule when no one set one).
  mayBarge() {
    const head = this.qHead;
    return head === 0 || head === this.tid || this.st.get(this.tid, T.EFF) >= this.st.get(head, T.EFF);
  }

  // bargeFree reports whether a lock-free take may skip the queue's
  // check: priorities are all equal, or no thread waits (n: the object's
  // waiter count, or whether WAITERS is set).
  bargeFree(n) { return n === 0 || Atomics.load(this.s, H.PRIO) === 0; }

  starving(head) { return head !== 0 && now() - this.st.since[head] >= STARVATION_MS; }

  wakeUp(t) {
    const st = this.st;
    if (st.get(t, T.PARKED)) {
      st.set(t, T.PARKED, 0);
      if (!st.get(t, T.TIMED)) this.s[H.BLOCKED]--;
    }
    st.wakeLater(t);
  }

  grant(t, result) {
    this.dequeue(t);
    this.st.set(t, T.GRANTED, 1);
    this.st.set(t, T.RESULT, result);
    this.wakeUp(t);
  }

  leave(t) {
    const st = this.st;
    const key = st.get(t, T.QKEY), kind = st.get(t, T.QKIND);
    this.dequeue(t);
    if (kind === Kind.Wait) return;
    const head = this.queueOf(key, kind);
    if (head === 0) return;
    const i = key >>> 2;
    if ((kind === Kind.Mutex && (Atomics.load(this.m, i + 1) & OwnerTidMask) === 0) ||
        (kind === Kind.Semaphore && Atomics.load(this.m, i + 1) > 0)) this.wakeUp(head);
  }

  // park blocks the caller, queued, until woken, its deadline or the end
  // of the run. Called and returns with the lock held.
  park(deadline) {
    const st = this.st, s = this.s, t = this.tid;
    const timed = st.get(t, T.TIMED) !== 0;
    const wi = st.slot(t, T.WAKE);
    Atomics.store(s, wi, 0);
    st.set(t, T.PARKED, 1);
    if (!timed) {
      s[H.BLOCKED]++;
      this.checkAllBlocked();
    }
    st.unlock();
    let reason = st.sleep(wi, deadline) ? woken : expired;
    st.lock();
    if (st.ended()) reason = stopped;
    if (st.get(t, T.PARKED)) {
      st.set(t, T.PARKED, 0);
      if (!timed) s[H.BLOCKED]--;
    }
    return reason;
  }

  // waitTurn parks after a failed attempt; it returns [errno, done]. c
  // holds the call's deadline.
  waitTurn(timeout, c) {
    const st = this.st, t = this.tid;
    if (timeout >= 0 && c.deadline === undefined) c.deadline = now() + timeout;
    if (st.ended()) { this.leave(t); return [STOPPED, true]; }
    const reason = this.park(c.deadline);
    if (st.get(t, T.GRANTED)) {
      st.set(t, T.GRANTED, 0);
      return [st.get(t, T.RESULT), true];
    }
    if (reason === expired) { this.leave(t); return [E.TIMEDOUT, true]; }
    if (reason === stopped) { this.leave(t); return [STOPPED, true]; }
    return [0, false];
  }

  // ---- mutexes (mutex.go)

  lockMutex(ptr) { return this.lockAt(ptr, FOREVER); }
  tryLockMutex(ptr) { return this.lockAt(ptr, TRY); }

  timeLockMutex(ptr, ns) {
    const i = this.objectAt(ptr);
    if (i < 0) return -i;
    if (ns < 0n) return this.checkMutex(i) || E.INVAL;
    return this.lock(i, nsToMs(ns));
  }

  lockAt(ptr, timeout) {
    const i = this.objectAt(ptr);
    return i < 0 ? -i : this.lock(i, timeout);
  }

  lock(i, timeout) {
    const e = this.checkMutex(i);
    if (e) return e;
    const m = this.m, tid = this.tid;
    const w = Atomics.load(m, i + 1);
    if (w === 0 && Atomics.compareExchange(m, i + 1, 0, tid) === 0) {
      Atomics.store(m, i + 3, 1);
      return 0;
    }
    if ((w & OwnerTidMask) === tid) return this.relock(i);
    if (timeout !== TRY && timeout !== 0 && this.spin && this.spinLock(i)) return 0;
    return this.lockSlow(i, timeout);
  }

  spinLock(i) {
    const m = this.m, spin = this.objSpin;
    for (let k = spin.budget(); k > 0; k--) {
      const w = Atomics.load(m, i + 1);
      if ((w & ~OwnerWaiters) !== 0) continue;
      if (!this.bargeFree(w)) return false; // the queue decides who may take it
      if (Atomics.compareExchange(m, i + 1, w, (this.tid | w) >>> 0) === w) {
        Atomics.store(m, i + 3, 1);
        spin.won();
        return true;
      }
    }
    spin.lost();
    return false;
  }

  relock(i) {
    if (Atomics.load(this.m, i + 2) !== 1) return E.DEADLK;
    const c = Atomics.load(this.m, i + 3);
    if (c >= MaxCount) return E.AGAIN;
    Atomics.store(this.m, i + 3, c + 1);
    return 0;
  }

  lockSlow(i, timeout) {
    const st = this.st, tid = this.tid, key = i << 2;
    st.lock();
    try {
      const c = {};
      for (;;) {
        const w = Atomics.load(this.m, i + 1);
        if ((w & OwnerReserved) !== 0) {
          if (this.queued(tid)) this.leave(tid);
          return E.INVAL;
        }
        const owner = w & OwnerTidMask;
        this.queueOf(key, Kind.Mutex);
        if (this.qClash) return E.INVAL;
        if (owner === tid) {
          if (this.queued(tid)) this.leave(tid);
          return this.relock(i);
        }
        const dead = owner !== 0 && this.dead(owner);
        if ((owner !== 0 && !dead) || !this.mayBarge()) {
          // Owned; or free (or dead-owned) while a thread of higher
          // priority waits: that one takes it (woken here too, in case
          // the wake-up of the unlock went to the caller before the
          // queue's order changed), and the caller queues.
          if (owner === 0 || dead) this.wakeUp(this.qHead);
          const [e, done] = this.waitMutex(i, w, timeout, c);
          if (done) return e;
          continue;
        }
        if (this.take(i, w)) return dead ? E.OWNERDEAD : 0;
      }
    } finally {
      st.unlock();
    }
  }

  dead(tid) {
    return tid > this.s[H.LAST_TID] || this.st.get(tid, T.STATE) !== 1;
  }

  // take makes the caller the owner if the owner word still reads w; the
  // queue is queueOf's last answer for the mutex.
  take(i, w) {
    const tid = this.tid;
    let nw = tid;
    if (this.qHead !== 0 && (this.qN > 1 || this.qHead !== tid)) nw = (nw | OwnerWaiters) >>> 0;
    if (Atomics.compareExchange(this.m, i + 1, w, nw) !== w) return false;
    Atomics.store(this.m, i + 3, 1);
    if (this.queued(tid)) this.leave(tid);
    this.settle(tid); // the waiters left behind now give their priority to the caller
    return true;
  }

  waitMutex(i, w, timeout, c) {
    const tid = this.tid;
    if (timeout === TRY) return [E.BUSY, true];
    if (timeout === 0) return [E.TIMEDOUT, true];
    const owner = w & OwnerTidMask;
    if (owner !== 0 && this.closesCycle(owner)) {
      if (this.queued(tid)) this.leave(tid);
      return [E.DEADLK, true];
    }
    if ((w & OwnerWaiters) === 0 && Atomics.compareExchange(this.m, i + 1, w, (w | OwnerWaiters) >>> 0) !== w) {
      return [0, false];
    }
    if (!this.queued(tid)) this.enqueue(tid, i << 2, Kind.Mutex, timeout !== FOREVER);
    return this.waitTurn(timeout, c);
  }

  // closesCycle (deadlock.go): would the caller waiting for owner close a
  // cycle of threads each waiting for a mutex the next one owns?
  closesCycle(owner) {
    const live = this.s[H.LIVE];
    for (let k = 0; k <= live; k++) {
      if (owner === this.tid) return true;
      if (owner === 0 || this.dead(owner)) return false;
      owner = this.waitsFor(owner);
    }
    return false;
  }

  // ---- priorities (1.1): inheritance along the same chains

  // settle recomputes t's effective priority: its base, raised to the
  // highest effective priority of the threads waiting for a mutex whose
  // owner word names t (a fast-path owner too). When that changed, t
  // moves to its new place in the queue it waits in (behind its new
  // equals) and the change goes on to the owner of the mutex it waits
  // for, and so on; a chain longer than the live threads is a cycle that
  // garbage in owner words made. Nothing to do while no thread has set a
  // priority: they are all equal then. Under the lock.
  settle(t) {
    if (this.s[H.PRIO] === 0) return;
    const st = this.st, live = this.s[H.LIVE];
    for (let k = 0; k <= live && t !== 0 && !this.dead(t); k++) {
      const eff = Math.max(st.get(t, T.BASE), this.inherited(t));
      if (eff === st.get(t, T.EFF)) return;
      st.set(t, T.EFF, eff);
      const kind = st.get(t, T.QKIND);
      if (kind === Kind.Mutex || kind === Kind.Semaphore) st.set(t, T.QSEQ, ++this.s[H.SEQ]);
      t = this.waitsFor(t);
    }
  }

  // inherited is the highest effective priority of the threads waiting
  // for a mutex t owns, 0 if none wait.
  inherited(t) {
    const st = this.st;
    let p = 0;
    for (let u = this.s[H.QHEAD]; u !== 0; u = st.get(u, T.QNEXT)) {
      if (st.get(u, T.QKIND) === Kind.Mutex && this.ownerOf(st.get(u, T.QKEY)) === t) p = Math.max(p, st.get(u, T.EFF));
    }
    return p;
  }

  // setPriority sets the caller's base priority; its effective one stays
  // at least what its mutexes' waiters give it.
  setPriority(p) {
    if (p < MinPriority || p > MaxPriority) return E.INVAL;
    const st = this.st;
    st.lock();
    if (p !== DefaultPriority) Atomics.store(this.s, H.PRIO, 1);
    st.set(this.tid, T.BASE, p);
    this.settle(this.tid);
    st.unlock();
    return 0;
  }

  getPriority() { return Atomics.load(this.s, this.st.slot(this.tid, T.EFF)); }

  unlockMutex(ptr) {
    const i = this.objectAt(ptr);
    if (i < 0) return -i;
    const e = this.checkMutex(i);
    if (e) return e;
    const m = this.m;
    const w = Atomics.load(m, i + 1);
    if ((w & OwnerTidMask) !== this.tid) return E.PERM;
    const c = Atomics.load(m, i + 3);
    if (c > 1) { Atomics.store(m, i + 3, c - 1); return 0; }
    if ((w & OwnerWaiters) === 0 && this.release(i, w)) return 0;
    return this.unlockSlow(i);
  }

  release(i, w) {
    Atomics.store(this.m, i + 3, 0);
    if (Atomics.compareExchange(this.m, i + 1, w, 0) === w) return true;
    Atomics.store(this.m, i + 3, 1);
    return false;
  }

  unlockSlow(i) {
    const st = this.st, m = this.m;
    st.lock();
    try {
      for (;;) {
        const w = Atomics.load(m, i + 1);
        const head = this.queueOf(i << 2, Kind.Mutex);
        if (this.qClash) return E.INVAL;
        if (head === 0) {
          if (this.release(i, w)) return 0;
        } else if (this.starving(head)) {
          if (this.handOff(i, w, 0)) return 0;
        } else {
          Atomics.store(m, i + 3, 0);
          if (Atomics.compareExchange(m, i + 1, w, OwnerWaiters) === w) {
            this.wakeUp(head);
            return 0;
          }
          Atomics.store(m, i + 3, 1);
        }
      }
    } finally {
      this.settle(this.tid); // it keeps what its other mutexes' waiters give
      st.unlock();
    }
  }

  // handOff makes the head of queueOf's last answer the owner (count 1,
  // owner set before it wakes) if the owner word still reads w.
  handOff(i, w, result) {
    const head = this.qHead;
    let nw = head;
    if (this.qN > 1) nw = (nw | OwnerWaiters) >>> 0;
    Atomics.store(this.m, i + 3, 1);
    if (Atomics.compareExchange(this.m, i + 1, w, nw) !== w) return false;
    this.grant(head, result);
    return true;
  }

  // ---- semaphores (semaphore.go)

  acquireSemaphore(ptr) {
    const i = this.objectAt(ptr);
    return i < 0 ? -i : this.acquire(i, FOREVER);
  }

  timeAcquireSemaphore(ptr, ns) {
    const i = this.objectAt(ptr);
    if (i < 0) return -i;
    if (ns < 0n) return this.checkSemaphore(i) || E.INVAL;
    return this.acquire(i, nsToMs(ns));
  }

  // acquire takes a unit without the lock while the queue need not be
  // asked (bargeFree); else acquireSlow decides.
  acquire(i, timeout) {
    const e = this.checkSemaphore(i);
    if (e) return e;
    if (this.bargeFree(Atomics.load(this.m, i + 2))) {
      if (this.takeUnit(i)) return 0;
      if (timeout === 0) return E.TIMEDOUT;
      if (this.spin && this.spinUnit(i)) return 0;
    }
    return this.acquireSlow(i, timeout);
  }

  // spinUnit polls for a unit while a lock-free take may still skip the
  // queue (bargeFree: a waiter of higher priority may queue meanwhile).
  spinUnit(i) {
    const m = this.m, spin = this.objSpin;
    for (let k = spin.budget(); k > 0 && this.bargeFree(Atomics.load(m, i + 2)); k--) {
      if (this.takeUnit(i)) { spin.won(); return true; }
    }
    spin.lost();
    return false;
  }

  takeUnit(i) {
    const m = this.m;
    for (;;) {
      const n = Atomics.load(m, i + 1);
      if (n === 0 || n > MaxCount) return false;
      if (Atomics.compareExchange(m, i + 1, n, n - 1) === n) return true;
    }
  }

  // acquireSlow queues the caller before it tries, so a release in
  // between wakes it, then takes a unit when one is there and it may
  // (mayBarge, asked of the queue as the caller found it); a unit it may
  // not take is the head's, which it wakes in case the releaser's wake-up
  // went to it before the queue's order changed. Timeout 0 never queues.
  acquireSlow(i, timeout) {
    const st = this.st, tid = this.tid, key = i << 2;
    st.lock();
    try {
      const c = {};
      for (;;) {
        const head = this.queueOf(key, Kind.Semaphore);
        if (this.qClash) return E.INVAL;
        const may = this.mayBarge();
        if (!this.queued(tid) && timeout !== 0) this.enqueue(tid, key, Kind.Semaphore, timeout !== FOREVER);
        if (!may) {
          if (Atomics.load(this.m, i + 1) > 0) this.wakeUp(head);
        } else if (this.takeUnit(i)) {
          if (this.queued(tid)) this.leave(tid);
          return 0;
        }
        if (this.checkSemaphore(i) !== 0) {
          if (this.queued(tid)) this.leave(tid);
          return E.INVAL;
        }
        if (timeout === 0) return E.TIMEDOUT;
        const [e, done] = this.waitTurn(timeout, c);
        if (done) return e;
      }
    } finally {
      st.unlock();
    }
  }

  releaseSemaphore(ptr) {
    const i = this.objectAt(ptr);
    if (i < 0) return -i;
    const e = this.checkSemaphore(i);
    if (e) return e;
    if (Atomics.load(this.m, i + 2) !== 0) return this.releaseSlow(i);
    if (!this.addUnit(i)) return E.OVERFLOW;
    if (Atomics.load(this.m, i + 2) !== 0) {
      this.st.lock();
      const head = this.queueOf(i << 2, Kind.Semaphore);
      if (head !== 0) this.wakeUp(head);
      this.st.unlock();
    }
    return 0;
  }

  addUnit(i) {
    const m = this.m;
    for (;;) {
      const n = Atomics.load(m, i + 1);
      if (n >= MaxCount) return false;
      if (Atomics.compareExchange(m, i + 1, n, n + 1) === n) return true;
    }
  }

  releaseSlow(i) {
    const st = this.st, key = i << 2;
    st.lock();
    try {
      const head = this.queueOf(key, Kind.Semaphore);
      if (this.qClash) return E.INVAL;
      if (head !== 0 && this.starving(head)) {
        this.grant(head, 0);
        const next = this.queueOf(key, Kind.Semaphore);
        if (next !== 0 && Atomics.load(this.m, i + 1) > 0) this.wakeUp(next);
        return 0;
      }
      if (!this.addUnit(i)) return E.OVERFLOW;
      if (head !== 0) this.wakeUp(head);
      return 0;
    } finally {
      st.unlock();
    }
  }

  // ---- destroy (1.1)

  destroyMutex(ptr) {
    const i = this.objectAt(ptr);
    if (i < 0) return -i;
    return this.checkMutex(i) || this.destroy(i, Kind.Mutex, MutexName);
  }

  destroySemaphore(ptr) {
    const i = this.objectAt(ptr);
    if (i < 0) return -i;
    return this.checkSemaphore(i) || this.destroy(i, Kind.Semaphore, SemaphoreName);
  }

  // destroy zeroes the name word of a checked object, unless threads wait
  // for it or a live thread owns it (EBUSY). A dead thread's mutex may
  // go. The name moves by compare-exchange: a guest that rewrote it
  // meanwhile gets EINVAL, as it would a moment later.
  destroy(i, kind, name) {
    const st = this.st;
    st.lock();
    try {
      this.queueOf(i << 2, kind);
      if (this.qClash) return E.INVAL;
      if (this.qN > 0) return E.BUSY;
      if (kind === Kind.Mutex) {
        const owner = this.ownerOf(i << 2);
        if (owner !== 0 && !this.dead(owner)) return E.BUSY;
      }
      return Atomics.compareExchange(this.m, i, name, 0) === name ? 0 : E.INVAL;
    } finally {
      st.unlock();
    }
  }

  // ---- bare words (futex.go): memory.atomic.wait32/64 and notify served
  // from the engine's queues. equal reads the word; timeout in ns, negative
  // for none. Returns 0 woken, 1 not equal, 2 timed out, or STOPPED.
  wait(addr, equal, ns) {
    const st = this.st, s = this.s, tid = this.tid;
    st.lock();
    Atomics.add(s, H.WAITING, 1);
    try {
      if (!equal()) return 1;
      if (ns === 0n) return 2;
      const timeout = ns < 0n ? FOREVER : nsToMs(ns);
      const c = {};
      this.enqueue(tid, addr, Kind.Wait, timeout !== FOREVER);
      for (;;) {
        const [e, done] = this.waitTurn(timeout, c);
        if (!done) continue;
        if (e === 0) return 0;
        if (e === E.TIMEDOUT) return 2;
        return STOPPED;
      }
    } finally {
      Atomics.sub(s, H.WAITING, 1);
      st.unlock();
    }
  }

  notify(addr, count) {
    if (Atomics.load(this.s, H.WAITING) === 0) return 0;
    const st = this.st;
    st.lock();
    let n = 0;
    for (; n < count; n++) {
      const head = this.queueOf(addr, Kind.Wait);
      if (head === 0) break;
      this.grant(head, 0);
    }
    st.unlock();
    return n;
  }

  // ---- threads (thread.go, run.go)

  // spawn registers a new live thread, at the caller's base priority, and
  // returns its tid, or -1 (no shared memory, out of tids, run ending).
  // Caller tid 0 is an embedder (the tests): its threads start at thread
  // 1's priority.
  spawn() {
    const st = this.st, s = this.s;
    st.lock();
    try {
      if (st.ended() || !s[H.SHARED] || s[H.LAST_TID] >= s[H.MAX_TID]) return -1;
      const tid = ++s[H.LAST_TID];
      st.start(tid, this.tid > 0 ? st.get(this.tid, T.BASE) : DefaultPriority);
      s[H.LIVE]++;
      return tid;
    } finally {
      st.unlock();
    }
  }

  // exit ends the caller: its mutexes become dead-owned, and each one's
  // longest waiter gets it with EOWNERDEAD.
  exit() {
    const st = this.st, s = this.s, tid = this.tid;
    st.lock();
    try {
      if (st.get(tid, T.STATE) !== 1) return;
      st.set(tid, T.STATE, 2);
      s[H.LIVE]--;
      if (st.ended()) return;
      const keys = new Set();
      for (let t = s[H.QHEAD]; t !== 0; t = st.get(t, T.QNEXT)) if (st.get(t, T.QKIND) === Kind.Mutex) keys.add(st.get(t, T.QKEY));
      for (const key of keys) this.reviveDeadOwned(key >>> 2, tid);
      this.checkAllBlocked();
    } finally {
      st.unlock();
    }
  }

  reviveDeadOwned(i, tid) {
    for (;;) {
      const w = Atomics.load(this.m, i + 1);
      if ((w & OwnerTidMask) !== tid) return;
      if (this.queueOf(i << 2, Kind.Mutex) === 0) return;
      if (this.handOff(i, w, E.OWNERDEAD)) return;
    }
  }

  // checkAllBlocked ends the run when every live thread is parked with no
  // timeout, recording the report's threads for onAllBlocked.
  checkAllBlocked() {
    const st = this.st, s = this.s;
    if (s[H.BLOCKED] === 0 || s[H.BLOCKED] < s[H.LIVE] || st.ended()) return;
    const threads = [];
    for (let t = 1; t <= s[H.LAST_TID]; t++) {
      if (st.get(t, T.STATE) !== 1) continue;
      const kind = st.get(t, T.QKIND), key = st.get(t, T.QKEY) >>> 0;
      const bt = { tid: t, kind, addr: key, owner: 0 };
      if (kind === Kind.Mutex) bt.owner = this.ownerOf(key);
      threads.push(bt);
    }
    st.end(End.AllBlocked, 86);
    if (this.onAllBlocked) this.onAllBlocked(threads);
  }
}

function nsToMs(ns) { return Number(ns) / 1e6; }
