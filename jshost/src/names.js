// How reports name objects, as the Go host does (wasmhost/symbols.go,
// wasmhost/joinlabel.go): by the guest's exported data symbols ("0x10
// (queue_lock)"), and the guest SDK's join semaphores by the thread whose
// end they mark ("thread 1 waits to join thread 2").

// joinOffsetName is the SDK's export (guest/thread.c): where, in the block
// a thread is spawned with, its join semaphore is.
const joinOffsetName = '__wasync_join_offset';

// learnNames reads, from thread 1's instance before _start runs, the
// guest's data symbols ([address, name] pairs) and its join offset (null
// without the SDK's export). A data symbol is an exported immutable i32
// global (wasm-ld --export=NAME); names the linker gives its own globals
// (__heap_base, __data_end, ...) name no object, and the first name of an
// address wins.
export function learnNames(module, exports) {
  const syms = [], seen = new Set();
  for (const e of WebAssembly.Module.exports(module)) {
    if (e.kind !== 'global' || e.name.startsWith('__') || !isAddress(e, exports[e.name])) continue;
    const addr = exports[e.name].value >>> 0;
    if (!seen.has(addr)) {
      seen.add(addr);
      syms.push([addr, e.name]);
    }
  }
  return { syms, joinOffset: joinOffset(exports[joinOffsetName]) };
}

// joinOffset calls the SDK's export; one that traps or is not () -> i32
// labels nothing, as under the Go host.
function joinOffset(f) {
  if (typeof f !== 'function' || f.length !== 0) return null;
  try {
    const off = f();
    return Number.isInteger(off) ? off >>> 0 : null;
  } catch {
    return null;
  }
}

// isAddress tells an immutable i32 global: from its type where the engine
// reflects types, else from its value (an integer) and a write that an
// immutable global refuses (writing its own value changes nothing).
function isAddress(desc, g) {
  if (desc.type) return desc.type.value === 'i32' && !desc.type.mutable;
  if (typeof g.value !== 'number' || !Number.isInteger(g.value)) return false;
  try {
    g.value = g.value;
    return false;
  } catch {
    return true;
  }
}

// Names is the supervisor's view: what thread 1 learnt, and each spawned
// thread's start argument.
export class Names {
  constructor() {
    this.syms = new Map();
    this.joinOffset = null;
    this.args = new Map(); // tid -> thread-spawn's start argument
  }

  learnt({ syms, joinOffset }) {
    this.syms = new Map(syms);
    this.joinOffset = joinOffset;
  }

  spawned(tid, arg) { this.args.set(tid, arg >>> 0); }

  // joins is the thread whose join semaphore is at addr, 0 if none.
  joins(addr) {
    if (this.joinOffset === null) return 0;
    for (const [tid, arg] of this.args) {
      if (((arg + this.joinOffset) >>> 0) === addr >>> 0) return tid;
    }
    return 0;
  }

  // describe names the object or word at addr.
  describe(addr) {
    const at = '0x' + (addr >>> 0).toString(16);
    const sym = this.syms.get(addr >>> 0);
    if (sym !== undefined) return `${at} (${sym})`;
    const tid = this.joins(addr);
    return tid ? `${at} (end of thread ${tid}, joined)` : at;
  }
}
