// One guest thread: a Worker that the supervisor created, running one
// instance of the module over the run's memory. Host calls run here,
// synchronously, on the shared state (engine.js).
import { E, Funcs10 } from './abi.js';
import { State, H, T, End, now } from './state.js';
import { Engine, STOPPED } from './engine.js';
import { wasiImports } from './wasi.js';
import { RingWriter, readStdin } from './stdio.js';
import { parseFrames } from './report.js';

const isNode = typeof process !== 'undefined' && !!process.versions?.node;
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
  const { module, tid } = init;
  // A memory without a maximum is not shared: only thread 1 runs, on a
  // memory of its own worker.
  const memory = init.memory || (init.memoryDesc && new WebAssembly.Memory(init.memoryDesc));
  const st = new State(init.state);
  let inst = null;
  const buffer = memory ? () => memory.buffer
    : () => (inst ? inst.exports[init.ownMemory].buffer : new ArrayBuffer(0));
  const eng = new Engine(st, tid, buffer);
  eng.onAllBlocked = (threads) => post({ t: 'blocked', threads });
  const ring = new RingWriter(init.ring, () => st.ended(), () => post({ t: 'out' }));
  const fs = init.dirs && init.dirs.length && isNode ? await import('node:fs') : null;

  // stop ends the thread in a call the run's end stopped; when every
  // thread was blocked, it first tells where (the all-blocked report).
  const stop = () => {
    if (Atomics.load(st.s, H.END) === End.AllBlocked) post({ t: 'stack', tid, frames: parseFrames(new Error().stack, init.moduleName) });
    throw new Stop();
  };
  const endRun = (cause, code) => {
    st.lock();
    const won = st.end(cause, code);
    st.unlock();
    return won;
  };
  const ctx = {
    buffer,
    args: init.args,
    env: init.env,
    dirs: init.dirs,
    fs,
    write: (fd, bytes) => { if (!ring.write(fd, bytes)) throw new Stop(); },
    read: (max) => {
      const b = readStdin(init.stdin, max, () => st.ended(), () => post({ t: 'stdin' }));
      if (b === null) throw new Stop();
      return b;
    },
    sleep: (ms) => {
      const wi = st.slot(tid, T.WAKE), deadline = now() + ms;
      do {
        Atomics.store(st.s, wi, 0);
        if (st.ended()) throw new Stop();
      } while (st.sleep(wi, deadline));
    },
    exit: (code) => {
      if (endRun(End.Exit, code)) post({ t: 'end' });
      throw new Stop();
    },
    raise: () => E.NOSYS,
  };

  const r = (v) => (v === STOPPED ? stop() : v);
  const wasync = {
    lockmutex: (p) => r(eng.lockMutex(p)),
    trylockmutex: (p) => r(eng.tryLockMutex(p)),
    timelockmutex: (p, ns) => r(eng.timeLockMutex(p, ns)),
    unlockmutex: (p) => eng.unlockMutex(p),
    acquiresemaphore: (p) => r(eng.acquireSemaphore(p)),
    timeacquiresemaphore: (p, ns) => r(eng.timeAcquireSemaphore(p, ns)),
    releasesemaphore: (p) => eng.releaseSemaphore(p),
    gettid: () => tid,
  };
  const spawn = (arg) => {
    const t = eng.spawn();
    if (t > 0) post({ t: 'spawn', tid: t, arg });
    return t;
  };
  const instr = instrumentImports(st, eng, buffer, init.shared, r);
  const wasi = wasiImports(ctx);
  const imports = {};
  for (const imp of WebAssembly.Module.imports(module)) {
    const ns = (imports[imp.module] ||= {});
    if (imp.kind === 'memory') ns[imp.name] = memory;
    else if (imp.module === 'wasync' && Funcs10.includes(imp.name)) ns[imp.name] = wasync[imp.name];
    else if (imp.module === 'wasi' && imp.name === 'thread-spawn') ns[imp.name] = spawn;
    else if (imp.module === 'wasi_snapshot_preview1') ns[imp.name] = wasi[imp.name] || (() => E.NOSYS);
    else if (imp.module in instr) ns[imp.name] = instr[imp.module][imp.name];
  }

  try {
    inst = new WebAssembly.Instance(module, imports);
    eng.refresh();
    if (tid === 1) {
      inst.exports._start();
      if (endRun(End.Exit, 0)) post({ t: 'end' });
    } else {
      inst.exports.wasi_thread_start(tid, init.arg);
      eng.exit();
    }
  } catch (err) {
    if (err instanceof Stop) return post({ t: 'done', tid });
    const text = trapText(tid, err, init.moduleName);
    if (init.confineTraps && tid !== 1 && !st.ended()) {
      ring.write(2, new TextEncoder().encode(`wasync: ${text} (confined to the thread)\n`));
      eng.exit();
    } else if (endRun(End.Trap, 134)) {
      post({ t: 'trap', text });
      post({ t: 'end' });
    }
  }
  post({ t: 'done', tid });
}

// trapText names the thread, the trap and the wasm frames it trapped in.
function trapText(tid, err, moduleName) {
  const frames = parseFrames(err && err.stack, moduleName);
  const msg = err instanceof Error ? `${err.constructor.name}: ${err.message}` : String(err);
  return `thread ${tid} trapped: ${msg}` + (frames.length ? '\nwasm stack trace:\n\t' + frames.join('\n\t') : '');
}

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
    },
    'wasync:instrument/run': { stop: new WebAssembly.Global({ value: 'i32', mutable: true }, 0) },
  };
}
