// One guest thread: a Worker that the supervisor created, running one
// instance of the module over the run's memory. Host calls run here,
// synchronously, on the shared state (engine.js).
import { E, Funcs, FastPath } from './abi.js';
import { State, H, T, End, now } from './state.js';
import { Engine, STOPPED } from './engine.js';
import { wasiImports } from './wasi.js';
import { RingWriter, readStdin, pollStdin } from './stdio.js';
import { parseFrames } from './report.js';
import { learnNames } from './names.js';
import { isNode } from './platform.js';

let post;
if (isNode) {
  const { parentPort } = await import('node:worker_threads');
  post = (m) => parentPort.postMessage(m);
  parentPort.once('message', (m) => start(m).catch(fatal));
} else {
  post = (m) => self.postMessage(m);
  self.onmessage = (ev) => start(ev.data).catch(fatal);
}

function fatal(err) { post({ t: 'fatal', text: String(err && err.stack || err) }); }

// Stop unwinds a thread whose run has ended; it is not a trap.
class Stop extends Error {}

async function start(init) {
  Error.stackTraceLimit = 200;
  const fs = init.dirs && init.dirs.length && isNode ? await import('node:fs') : null;
  new GuestThread(init, fs).run();
}

// A GuestThread is the worker's thread: its engine, its imports, its end.
class GuestThread {
  constructor(init, fs) {
    this.init = init;
    this.tid = init.tid;
    // A memory without a maximum is not shared: only thread 1 runs, on a
    // memory of its own worker.
    this.memory = init.memory || (init.memoryDesc && new WebAssembly.Memory(init.memoryDesc));
    this.st = new State(init.state);
    this.inst = null;
    this.buffer = this.memory ? () => this.memory.buffer
      : () => (this.inst ? this.inst.exports[init.ownMemory].buffer : new ArrayBuffer(0));
    this.eng = new Engine(this.st, this.tid, this.buffer);
    this.eng.onAllBlocked = (threads) => post({ t: 'blocked', threads });
    this.ring = new RingWriter(init.ring, () => this.st.ended(), () => post({ t: 'out' }));
    this.fs = fs;
  }

  // stop ends the thread in a call the run's end stopped; when every
  // thread was blocked, it first tells where (the all-blocked report).
  stop() {
    if (Atomics.load(this.st.s, H.END) === End.AllBlocked) {
      post({ t: 'stack', tid: this.tid, frames: parseFrames(new Error().stack, this.init.moduleName) });
    }
    throw new Stop();
  }

  // endRun ends the run with cause, unless it has ended; true if it did.
  endRun(cause, code) {
    const st = this.st;
    st.lock();
    const won = st.end(cause, code);
    st.unlock();
    if (won && cause !== End.Trap) post({ t: 'end' });
    return won;
  }

  // wasiContext is what wasi.js needs of the run.
  wasiContext() {
    const { init, st, tid } = this;
    return {
      buffer: this.buffer,
      args: init.args,
      env: init.env,
      dirs: init.dirs,
      fs: this.fs,
      write: (fd, bytes) => { if (!this.ring.write(fd, bytes)) throw new Stop(); },
      read: (max) => {
        const b = readStdin(init.stdin, max, () => st.ended(), () => post({ t: 'stdin' }));
        if (b === null) throw new Stop();
        return b;
      },
      pollStdin: (ms) => {
        const r = pollStdin(init.stdin, ms, () => st.ended(), () => post({ t: 'stdin' }));
        if (r === null) throw new Stop();
        return r;
      },
      sleep: (ms) => {
        const wi = st.slot(tid, T.WAKE), deadline = now() + ms;
        do {
          Atomics.store(st.s, wi, 0);
          if (st.ended()) throw new Stop();
        } while (st.sleep(wi, deadline));
      },
      exit: (code) => {
        this.endRun(End.Exit, code);
        throw new Stop();
      },
      raise: () => E.NOSYS,
    };
  }

  // imports resolves every import of the module.
  imports() {
    const { eng, tid } = this;
    const r = (v) => (v === STOPPED ? this.stop() : v);
    const wasync = {
      lockmutex: (p) => r(eng.lockMutex(p)),
      trylockmutex: (p) => r(eng.tryLockMutex(p)),
      timelockmutex: (p, ns) => r(eng.timeLockMutex(p, ns)),
      unlockmutex: (p) => eng.unlockMutex(p),
      acquiresemaphore: (p) => r(eng.acquireSemaphore(p)),
      timeacquiresemaphore: (p, ns) => r(eng.timeAcquireSemaphore(p, ns)),
      releasesemaphore: (p) => eng.releaseSemaphore(p),
      gettid: () => tid,
      setpriority: (p) => eng.setPriority(p),
      getpriority: () => eng.getPriority(),
      destroymutex: (p) => eng.destroyMutex(p),
      destroysemaphore: (p) => eng.destroySemaphore(p),
    };
    const spawn = (arg) => {
      const t = eng.spawn();
      if (t > 0) post({ t: 'spawn', tid: t, arg });
      return t;
    };
    const instr = instrumentImports(this.st, eng, this.buffer, this.init.shared, r);
    const wasi = wasiImports(this.wasiContext());
    const imports = {};
    for (const imp of WebAssembly.Module.imports(this.init.module)) {
      const ns = (imports[imp.module] ||= {});
      if (imp.kind === 'memory') ns[imp.name] = this.memory;
      else if (imp.module === 'wasync' && Funcs.includes(imp.name)) ns[imp.name] = wasync[imp.name];
      else if (imp.module === 'wasync' && imp.name === FastPath) ns[imp.name] = fastPath;
      else if (imp.module === 'wasi' && imp.name === 'thread-spawn') ns[imp.name] = spawn;
      else if (imp.module === 'wasi_snapshot_preview1') ns[imp.name] = wasi[imp.name] || (() => E.NOSYS);
      else if (imp.module in instr) ns[imp.name] = instr[imp.module][imp.name];
    }
    return imports;
  }

  // run instantiates the module and runs _start (thread 1) or
  // wasi_thread_start, then decides what the thread's end means.
  run() {
    const { init, eng, tid } = this;
    try {
      this.inst = new WebAssembly.Instance(init.module, this.imports());
      eng.refresh();
      if (tid === 1) {
        post({ t: 'names', ...learnNames(init.module, this.inst.exports) });
        this.inst.exports._start();
        this.endRun(End.Exit, 0);
      } else {
        this.inst.exports.wasi_thread_start(tid, init.arg);
        eng.exit();
      }
    } catch (err) {
      if (!(err instanceof Stop)) this.trapped(err);
    }
    post({ t: 'done', tid });
  }

  // trapped ends the run with 134, or only this thread when traps are
  // confined (its mutexes become dead-owned).
  trapped(err) {
    const text = trapText(this.tid, err, this.init.moduleName);
    if (this.init.confineTraps && this.tid !== 1 && !this.st.ended()) {
      this.ring.write(2, new TextEncoder().encode(`wasync: ${text} (confined to the thread)\n`));
      this.eng.exit();
    } else if (this.endRun(End.Trap, 134)) {
      post({ t: 'trap', text });
      post({ t: 'end' });
    }
  }
}

// trapText names the thread, the trap and the wasm frames it trapped in.
function trapText(tid, err, moduleName) {
  const frames = parseFrames(err && err.stack, moduleName);
  const msg = err instanceof Error ? `${err.constructor.name}: ${err.message}` : String(err);
  return `thread ${tid} trapped: ${msg}` + (frames.length ? '\nwasm stack trace:\n\t' + frames.join('\n\t') : '');
}

// fastPath is the "wasync" "fastpath" global: 1, the fast path allowed.
// This host has no lock-order checking or per-call tracing, the reasons a
// host would ask a guest to call it for every acquisition.
const fastPath = new WebAssembly.Global({ value: 'i32', mutable: false }, 1);

// The wasm stack a thread may use, in the pass's estimated bytes: the Go
// host's default (wasmhost.DefaultStackLimit).
const STACK_LIMIT = 1 << 20;
// The traps of the pass's stack checks, worded as the Go host's.
const STACK_OVERFLOW = 'stack overflow: the thread used up its stack ' +
  '(the guest SDK gives each thread 16 KiB; wasync_thread_spawn_on takes a bigger one)';
const STACK_LIMIT_EXCEEDED = "the thread's wasm stack passed the run's limit";

// instrumentImports serves what the instrumenting pass (rewrite.js) makes a
// guest import: its waits and notifies, from the engine's queues, and the
// safepoint, which ends the thread once the run is over. They trap as the
// instructions would: bounds, then alignment, then a non-shared memory.
function instrumentImports(st, eng, buffer, shared, r) {
  const word = (addr, offset, size) => {
    const ea = (addr >>> 0) + (offset >>> 0), b = buffer();
    if (ea + size > b.byteLength) throw new WebAssembly.RuntimeError('memory access out of bounds');
    if (ea % size !== 0) throw new WebAssembly.RuntimeError('operation does not support unaligned accesses');
    return ea;
  };
  const waitWord = (addr, offset, size) => {
    const ea = word(addr, offset, size);
    if (!shared) throw new WebAssembly.RuntimeError('atomics wait on non-shared memory');
    return ea;
  };
  return {
    'wasync:instrument': {
      safepoint: () => { if (st.ended()) r(STOPPED); },
      notify: (addr, count, offset) => eng.notify(word(addr, offset, 4) | 0, count >>> 0),
      wait32: (addr, expected, timeout, offset) => {
        const ea = waitWord(addr, offset, 4), a = new Int32Array(buffer());
        return r(eng.wait(ea | 0, () => Atomics.load(a, ea >>> 2) === expected, timeout));
      },
      wait64: (addr, expected, timeout, offset) => {
        const ea = waitWord(addr, offset, 8), a = new BigInt64Array(buffer());
        return r(eng.wait(ea | 0, () => Atomics.load(a, ea >>> 3) === expected, timeout));
      },
      stack_overflow: () => { throw new WebAssembly.RuntimeError(STACK_OVERFLOW); },
      stack_limit_exceeded: () => { throw new WebAssembly.RuntimeError(STACK_LIMIT_EXCEEDED); },
    },
    'wasync:instrument/run': {
      stop: new WebAssembly.Global({ value: 'i32', mutable: true }, 0),
      stack_limit: new WebAssembly.Global({ value: 'i32', mutable: true }, STACK_LIMIT),
    },
  };
}
