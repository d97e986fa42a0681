// The supervisor: compiles guests and runs them, one Worker per guest
// thread, never blocking itself. See README.md for the API.
import { Funcs, FastPath, Version, DefaultPriority, Exit } from './abi.js';
import { State, H, End, newState, defaultSlots } from './state.js';
import { newRing, drainRing, newStdin, StdinFeeder } from './stdio.js';
import { moduleInfo, compiledInfo, exportMemory } from './modinfo.js';
import { blockedText } from './report.js';
import { Names } from './names.js';
import { applyEngineWorkarounds, enableTypeReflection } from './v8.js';
import { instrument } from './rewrite.js';
import { checkRuntimeOptions, checkRunOptions, checkDirs, bytesOf } from './options.js';
import { isNode } from './platform.js';

const workerURL = new URL('./worker.js', import.meta.url);

// stackWait bounds how long an all-blocked run waits for its threads to
// say where they blocked before it reports without them.
const stackWait = 2000;

export class Runtime {
  // opts: { instrument: true } (serve wait32/notify from the host's
  // queues; see RATIONALE.md).
  constructor(opts = {}) {
    checkRuntimeOptions(opts);
    this.opts = { instrument: true, ...opts };
  }

  // compile checks and compiles a guest from its bytes, or takes one
  // compiled already (see compileModule).
  async compile(src) {
    if (isCompiled(src)) return this.compileModule(src);
    let bytes = bytesOf(src);
    // Compiled first: V8 says precisely what is wrong with bad bytes,
    // which moduleInfo's reader, meeting them first, could only call
    // truncated.
    const compiled = new WebAssembly.Module(bytes);
    const info = moduleInfo(bytes, compiled);
    checkImports(compiled, info.globals);
    // An instrumented guest has no wait32 left for Liftoff to miscompile
    // around, and the rewriter compiles much faster with Liftoff.
    if (this.opts.instrument) bytes = await instrument(bytes);
    else await applyEngineWorkarounds();
    let ownMemory = info.own ? info.own.exported : null;
    if (info.own && !ownMemory) ({ bytes, name: ownMemory } = exportMemory(bytes));
    const module = await WebAssembly.compile(bytes);
    return new Module(module, info, ownMemory);
  }

  // compileModule takes a guest compiled already. The rewriter works on
  // bytes, so a compiled guest runs as it is, which only a runtime made
  // with { instrument: false } promises: its wait32 would otherwise wait
  // inside V8, out of the all-blocked report's sight, and a run whose
  // threads all wait forever would hang where the Go host reports it.
  async compileModule(module) {
    if (this.opts.instrument) {
      throw new Error('wasync: a compiled WebAssembly.Module cannot be rewritten to serve memory.atomic.wait32/notify ' +
        'from the host\'s queues (the rewriter works on bytes): pass the module\'s bytes, or make the runtime with ' +
        '{ instrument: false } to run it as compiled (its waits then wait inside V8, unseen by the all-blocked report)');
    }
    await applyEngineWorkarounds();
    await enableTypeReflection();
    const info = compiledInfo(module); // the imported globals' types too, for checkImports
    checkImports(module, info.globals);
    return new Module(module, info, info.own ? info.own.exported : null);
  }
}

// isCompiled tells a WebAssembly.Module, also one of another realm.
function isCompiled(src) {
  return src instanceof WebAssembly.Module || Object.prototype.toString.call(src) === '[object WebAssembly.Module]';
}

// checkImports refuses what this host cannot serve, with a clear message.
// globals: the module's imported globals' types (modinfo.js).
function checkImports(module, globals) {
  for (const imp of WebAssembly.Module.imports(module)) {
    const what = `${imp.module}.${imp.name}`;
    if (imp.module === 'wasync') {
      checkWasyncImport(imp, globals);
      continue;
    }
    const ok = imp.kind === 'memory' ||
      (imp.module === 'wasi' && imp.name === 'thread-spawn') ||
      (imp.module === 'wasi_snapshot_preview1' && imp.kind === 'function');
    if (!ok) throw new Error(`wasync: the guest imports ${what} (${imp.kind}), which this host does not provide`);
  }
}

// checkWasyncImport accepts the calls of the ABI this host serves as
// functions and "fastpath" as an immutable i32 global (anything else
// would fail to link later, with a less helpful message).
function checkWasyncImport(imp, globals) {
  const what = `wasync.${imp.name}`;
  if (imp.name === FastPath) {
    const g = globals.find((x) => x.module === imp.module && x.name === imp.name);
    if (imp.kind !== 'global' || !g || g.type !== 'i32' || g.mutable) {
      throw new Error(`wasync: the guest imports ${what} as ${g ? `a ${g.mutable ? 'mutable ' : ''}${g.type} global` : `a ${imp.kind}`}; the ABI has it an immutable i32 global`);
    }
    return;
  }
  if (!Funcs.includes(imp.name)) {
    throw new Error(`wasync: the guest imports ${what} (${imp.kind}), which is not a call of the wasync ABI ${Version} this host serves (ABI.md lists the calls by version)`);
  }
  if (imp.kind !== 'function') throw new Error(`wasync: the guest imports ${what} as a ${imp.kind}; it is a function`);
}

export class Module {
  constructor(module, info, ownMemory) {
    this.module = module;
    this.info = info;
    this.ownMemory = ownMemory;
  }

  // run runs _start as thread 1 and resolves to {code, cause, report,
  // error} once every worker is gone. Bad options reject it, naming the
  // option.
  async run(opts = {}) {
    checkRunOptions(opts);
    await checkDirs(opts.dirs);
    return new Supervisor(this, opts).run();
  }
}

const causes = { [End.Exit]: 'exit', [End.Trap]: 'trap', [End.AllBlocked]: 'allblocked',
  [End.TimeLimit]: 'timelimit', [End.Canceled]: 'canceled', [End.HostError]: 'error' };

class Supervisor {
  constructor(mod, opts) {
    this.mod = mod;
    this.opts = opts;
    const maxTid = opts.maxThreads > 0 ? opts.maxThreads : defaultSlots; // at most maxSlots (options.js)
    this.st = new State(newState(maxTid));
    this.workers = new Map();
    this.ring = newRing();
    this.stdinSab = newStdin();
    this.feeder = new StdinFeeder(this.stdinSab, stdinSource(opts.stdin));
    this.stacks = new Map();
    this.names = new Names();
    this.blocked = null;
    this.error = null;
    this.timers = [];
    const imp = mod.info.imported;
    this.shared = imp ? imp.shared : !!(mod.info.own && mod.info.own.shared);
    this.memory = imp && imp.shared ? new WebAssembly.Memory({ initial: imp.min, maximum: imp.max, shared: true }) : null;
    this.out = [sink(opts.stdout), sink(opts.stderr)];
  }

  run() {
    if (!globalThis.crossOriginIsolated && !isNode) {
      throw new Error('wasync: shared memory needs a cross-origin isolated page: serve it with the headers ' +
        '"Cross-Origin-Opener-Policy: same-origin" and "Cross-Origin-Embedder-Policy: require-corp"');
    }
    return new Promise((resolve) => {
      this.resolve = resolve;
      const s = this.st.s;
      s[H.SHARED] = this.shared ? 1 : 0;
      s[H.LAST_TID] = 1;
      s[H.LIVE] = 1;
      this.st.start(1, DefaultPriority);
      if (this.opts.timeLimit > 0) {
        this.timers.push(setTimeout(() => this.stop(End.TimeLimit, Exit.TimeLimit), this.opts.timeLimit));
      }
      const sig = this.opts.signal;
      if (sig) {
        this.onAbort = () => this.stop(End.Canceled, Exit.Canceled);
        if (sig.aborted) return this.onAbort();
        sig.addEventListener('abort', this.onAbort, { once: true });
      }
      this.startThread(1, 0);
    });
  }

  // startThread gives thread tid a worker: the spare one, booted while
  // the run went on, when there is one. Booting a worker is the slow part
  // of a spawn (tens of ms, far more on a loaded machine), and a spawned
  // thread's guest may count on starting soon (the wasi-threads suite's
  // exit_nonmain cases give it 1 s).
  async startThread(tid, arg) {
    if (this.finished) return;
    this.names.spawned(tid, arg);
    const w = this.spare || await this.newWorker();
    this.spare = null;
    if (this.finished) return w.terminate();
    this.workers.set(tid, w);
    const imp = this.mod.info.imported;
    w.postMessage({
      module: this.mod.module, memory: this.memory, state: this.st.sab, ring: this.ring, stdin: this.stdinSab,
      tid, arg, args: this.opts.args || [], env: envList(this.opts.env), dirs: this.opts.dirs || [],
      confineTraps: !!this.opts.confineTraps, moduleName: this.mod.info.name, shared: this.shared, ownMemory: this.mod.ownMemory,
      memoryDesc: imp && !imp.shared ? { initial: imp.min, maximum: imp.max } : null,
    });
    if (this.shared && !this.spare) {
      const spare = await this.newWorker();
      if (this.finished || this.spare) spare.terminate();
      else this.spare = spare;
    }
  }

  async newWorker() {
    let w;
    if (isNode) {
      const { Worker } = await import('node:worker_threads');
      w = new Worker(workerURL);
      w.on('message', (m) => this.onMessage(m));
      w.on('error', (e) => this.onMessage({ t: 'fatal', text: String(e && e.stack || e) }));
    } else {
      w = new Worker(workerURL, { type: 'module' });
      w.onmessage = (ev) => this.onMessage(ev.data);
      w.onerror = (ev) => this.onMessage({ t: 'fatal', text: String(ev.message) });
    }
    return w;
  }

  onMessage(m) {
    switch (m.t) {
      case 'spawn': return this.startThread(m.tid, m.arg);
      case 'out': return this.drain();
      case 'stdin': return this.feeder.serve();
      case 'names': return this.names.learnt(m);
      case 'trap': this.error = m.text; return;
      case 'end': return this.finish();
      case 'blocked':
        this.blocked = m.threads;
        this.timers.push(setTimeout(() => this.finish(), stackWait));
        return this.checkStacks();
      case 'stack':
        this.stacks.set(m.tid, m.frames);
        return this.checkStacks();
      case 'fatal':
        this.error ||= m.text;
        return this.stop(End.HostError, Exit.HostError);
    }
  }

  checkStacks() {
    if (this.blocked && this.blocked.every((bt) => this.stacks.has(bt.tid))) this.finish();
  }

  drain() { drainRing(this.ring, (fd, b) => this.write(fd, b)); }

  // write hands bytes to the caller's stdout (fd 1) or stderr (2). A
  // callback that throws ends the run as a host error, whatever ended it
  // first, rather than throwing in an event handler, where nothing of the
  // caller's could catch it.
  write(fd, b) {
    try {
      this.out[fd - 1](b);
    } catch (e) {
      this.outputFailed ||= `wasync: the ${fd === 1 ? 'stdout' : 'stderr'} callback threw: ${e && e.message || e}`;
      this.stop(End.HostError, Exit.HostError);
    }
  }

  // stop ends the run from the supervisor: it never takes the state's lock
  // (its threads are terminated, not woken).
  stop(cause, code) {
    const s = this.st.s;
    if (Atomics.compareExchange(s, H.END, 0, cause) === 0) Atomics.store(s, H.END_CODE, code);
    this.finish();
  }

  async finish() {
    if (this.finished) return;
    this.finished = true;
    for (const t of this.timers) clearTimeout(t);
    if (this.opts.signal && this.onAbort) this.opts.signal.removeEventListener('abort', this.onAbort);
    const all = [...this.workers.values()];
    if (this.spare) all.push(this.spare);
    await Promise.all(all.map((w) => w.terminate()));
    this.drain();
    this.feeder.close();
    const s = this.st.s, cause = Atomics.load(s, H.END);
    const res = { code: Atomics.load(s, H.END_CODE), cause: causes[cause] || 'error' };
    if (cause === End.AllBlocked && this.blocked) {
      res.report = blockedText(this.blocked, this.stacks, this.names);
      this.write(2, new TextEncoder().encode(`${res.report}\n`)); // as the Go host words it
    }
    if (this.error) res.error = this.error;
    if (cause === End.TimeLimit) res.error = `time limit reached after ${this.opts.timeLimit} ms`;
    if (cause === End.Canceled) res.error = 'run cancelled';
    if (this.outputFailed) Object.assign(res, { code: Exit.HostError, cause: 'error', error: this.outputFailed });
    this.resolve(res);
  }
}

function sink(out) {
  if (!out) return () => {};
  if (typeof out === 'function') return out;
  return (b) => out.write(b);
}

function envList(env) {
  if (!env) return [];
  if (Array.isArray(env)) return env;
  return Object.entries(env).map(([k, v]) => `${k}=${v}`);
}

// stdinSource makes stdin (a string, bytes, or an async iterable of
// chunks) an async iterable.
function stdinSource(stdin) {
  if (stdin === undefined || stdin === null) return null;
  if (typeof stdin === 'string' || stdin instanceof Uint8Array || stdin instanceof ArrayBuffer) {
    return (async function* () { yield stdin; })();
  }
  return stdin;
}
