// The instrumenting pass of the Go host (wasmhost/internal/instrument),
// built for GOOS=wasip1 into lib/rewrite.wasm (`make jshost/lib/rewrite.wasm`)
// and run here on this host's own WASI: one rewriter, two hosts (see
// RATIONALE.md). It turns memory.atomic.wait32, wait64 and notify into
// calls of "wasync:instrument" functions, which worker.js serves from the
// engine's queues, so that a thread waiting forever in wait32 counts as
// blocked for the all-blocked report, as under the Go host.
import { wasiImports } from './wasi.js';
import { isNode } from './platform.js';

// WASYNC_JS_REWRITER names another build (cmd/wasync's TestHostsAgree
// builds one from the current sources).
const rewriterURL = isNode && process.env.WASYNC_JS_REWRITER
  ? new URL('file://' + process.env.WASYNC_JS_REWRITER) : new URL('../lib/rewrite.wasm', import.meta.url);
let rewriter = null; // the compiled rewriter, once per process

class Exit {
  constructor(code) { this.code = code; }
}

async function loadRewriter() {
  if (rewriter) return rewriter;
  let bytes;
  try {
    bytes = isNode ? (await import('node:fs')).readFileSync(rewriterURL) : new Uint8Array(await (await fetch(rewriterURL)).arrayBuffer());
  } catch (e) {
    throw new Error(`wasync: the rewriter ${rewriterURL} is missing (build it: make jshost/lib/rewrite.wasm from the repository root), ` +
      `or run guests uninstrumented (instrument: false, --no-instrument): ${e.message}`);
  }
  rewriter = await WebAssembly.compile(bytes);
  return rewriter;
}

// instrument returns the rewritten module, or throws the rewriter's error.
export async function instrument(bytes) {
  const mod = await loadRewriter();
  let inst = null, off = 0;
  const out = [], errs = [];
  const nap = new Int32Array(new SharedArrayBuffer(4));
  const w = wasiImports({
    buffer: () => inst.exports.memory.buffer,
    args: ['rewrite'],
    env: [],
    write: (fd, b) => (fd === 1 ? out : errs).push(b),
    read: (max) => {
      const b = bytes.subarray(off, off + max);
      off += b.length;
      return b;
    },
    pollStdin: () => ({ ready: true, nbytes: bytes.length - off, eof: off === bytes.length }),
    sleep: (ms) => Atomics.wait(nap, 0, 0, ms),
    exit: (code) => { throw new Exit(code); },
    raise: () => 52,
  });
  inst = new WebAssembly.Instance(mod, { wasi_snapshot_preview1: new Proxy(w, { get: (t, k) => t[k] || (() => 52) }) });
  let code = 0;
  try {
    inst.exports._start();
  } catch (e) {
    if (!(e instanceof Exit)) throw e;
    code = e.code;
  }
  if (code !== 0) throw new Error(new TextDecoder().decode(concat(errs)).trim() || `wasync: the rewriter failed with status ${code}`);
  return concat(out);
}

function concat(chunks) {
  const b = new Uint8Array(chunks.reduce((a, c) => a + c.length, 0));
  let off = 0;
  for (const c of chunks) { b.set(c, off); off += c.length; }
  return b;
}
