// The all-blocked report, in the Go host's words (syncrt.AllBlockedError
// and diag.BlockedError), and the wasm frames of a V8 stack trace.
import { Kind } from './state.js';

// blockedText is the report: threads from the engine, stacks by tid,
// objects named by names (names.js).
export function blockedText(threads, stacks, names) {
  const lines = [threads.length === 1 ? 'the only thread is blocked with no timeout:'
    : `all ${threads.length} threads are blocked with no timeout:`];
  for (const bt of [...threads].sort((a, b) => a.tid - b.tid)) {
    const at = names.describe(bt.addr), joins = bt.kind === Kind.Semaphore ? names.joins(bt.addr) : 0;
    if (joins) lines.push(`  thread ${bt.tid} waits to join thread ${joins}`);
    else if (bt.kind === Kind.Semaphore) lines.push(`  thread ${bt.tid} waits for semaphore ${at} (no units)`);
    else if (bt.kind === Kind.Wait) lines.push(`  thread ${bt.tid} waits in memory.atomic.wait at ${at} (no notify can come)`);
    else lines.push(`  thread ${bt.tid} waits for mutex ${at} (${bt.owner ? `owned by thread ${bt.owner}` : 'no owner'})`);
    const frames = stacks && stacks.get(bt.tid);
    if (frames && frames.length) lines.push('    in ' + frames.join(' < '));
  }
  return lines.join('\n');
}

// v8Name undoes the "$" some V8 builds put before a name-section name,
// keeping the "$N" that the instrumenting pass gives a function the guest
// left unnamed (its index in the guest as written).
function v8Name(s) {
  if (s.startsWith('$$')) return s.slice(1);
  if (/^\$\d+$/.test(s)) return s;
  return s.replace(/^\$/, '');
}

// parseFrames picks the wasm frames of a V8 stack, innermost first, named
// from the name section without the module's name (V8 writes
// "module.function"), or "$N" by function index where it has none.
export function parseFrames(stack, module = '') {
  const out = [];
  for (const line of String(stack || '').split('\n')) {
    const m = /^\s*at (?:(.*?) \()?wasm:\/\/wasm\/[^:]*:wasm-function\[(\d+)\]/.exec(line);
    if (!m) continue;
    let name = m[1] ? v8Name(m[1]) : '$' + m[2];
    if (module && name.startsWith(module + '.') && name.length > module.length + 1) name = name.slice(module.length + 1);
    out.push(name);
  }
  return out;
}
