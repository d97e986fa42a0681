// Checks of what the library is given (index.d.ts): the Runtime's options,
// compile's bytes and run's options, before anything starts. A wrong one
// would otherwise be ignored (a misspelt option too), be read as other
// bytes than the caller's (a Uint16Array element by element), trap the
// guest's first thread, or throw later in the supervisor's event
// handlers, out of the caller's reach (a stdout of 5 took the whole
// process down).

import { isNode } from './platform.js';

// maxSlots bounds maxThreads: the run's state holds a slot per tid, tids
// are never reused, and each thread is a Worker (an OS thread).
export const maxSlots = 1 << 20;

const runtimeKeys = ['instrument'];
const runKeys = ['args', 'env', 'stdin', 'stdout', 'stderr', 'dirs', 'maxThreads', 'timeLimit', 'confineTraps', 'signal'];

export function checkRuntimeOptions(o) {
  knownKeys('new Runtime', o, runtimeKeys);
  if (o.instrument !== undefined && typeof o.instrument !== 'boolean') {
    throw new TypeError(`wasync: new Runtime option instrument: want a boolean, got ${shown(o.instrument)}`);
  }
}

// bytesOf is compile's input as a Uint8Array over the same bytes: any
// BufferSource, as WebAssembly.compile takes.
export function bytesOf(src) {
  if (src instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && src instanceof SharedArrayBuffer)) return new Uint8Array(src);
  if (ArrayBuffer.isView(src)) return new Uint8Array(src.buffer, src.byteOffset, src.byteLength);
  throw new TypeError(`wasync: compile: want the module's bytes (an ArrayBuffer or a view of one) or a WebAssembly.Module, got ${shown(src)}`);
}

export function checkRunOptions(o) {
  knownKeys('run', o, runKeys);
  const want = (name, what, ok, Err = TypeError) => {
    if (o[name] !== undefined && !ok(o[name])) throw new Err(`wasync: run option ${name}: want ${what}, got ${shown(o[name])}`);
  };
  want('args', 'an array of strings', (v) => Array.isArray(v) && v.every((a) => typeof a === 'string'));
  want('env', '"NAME=VALUE" strings or an object', (v) =>
    Array.isArray(v) ? v.every((e) => typeof e === 'string' && e.includes('=')) : v !== null && typeof v === 'object');
  want('stdin', 'a string, bytes, or an async iterable of chunks', (v) =>
    v === null || typeof v === 'string' || v instanceof Uint8Array || v instanceof ArrayBuffer ||
    (typeof v === 'object' && typeof v[Symbol.asyncIterator] === 'function'));
  for (const name of ['stdout', 'stderr']) {
    want(name, 'a function of the bytes or an object with write(bytes)', (v) =>
      v === null || typeof v === 'function' || (typeof v === 'object' && typeof v.write === 'function'));
  }
  want('dirs', 'an array of { host, guest } strings', (v) =>
    Array.isArray(v) && v.every((d) => d !== null && typeof d === 'object' && typeof d.host === 'string' && typeof d.guest === 'string'));
  want('maxThreads', 'a number', (v) => typeof v === 'number');
  want('maxThreads', `a whole number from 1 to ${maxSlots} (0 for the default)`,
    (v) => Number.isInteger(v) && v >= 0 && v <= maxSlots, RangeError);
  want('timeLimit', 'a number of milliseconds', (v) => typeof v === 'number');
  want('timeLimit', 'a finite number of milliseconds, 0 or more (0 for none)', (v) => Number.isFinite(v) && v >= 0, RangeError);
  want('confineTraps', 'a boolean', (v) => typeof v === 'boolean');
  want('signal', 'an AbortSignal', (v) => v !== null && typeof v === 'object' && typeof v.addEventListener === 'function' && 'aborted' in v);
}

function knownKeys(what, o, keys) {
  if (o === null || typeof o !== 'object') throw new TypeError(`wasync: ${what}'s options: want an object, got ${shown(o)}`);
  const unknown = Object.keys(o).find((k) => !keys.includes(k));
  if (unknown !== undefined) throw new TypeError(`wasync: ${what}: no option ${JSON.stringify(unknown)} (the options: ${keys.join(', ')})`);
}

function shown(v) {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (Array.isArray(v)) return 'an array';
  if (v === null || typeof v !== 'object') return String(v);
  const name = v.constructor && v.constructor.name;
  return name ? `${/^[AEIOU]/.test(name) ? 'an' : 'a'} ${name}` : 'an object';
}

// checkDirs refuses preopens that are not directories, with the Go host's
// words; and preopens anywhere but in Node, which alone has a file system
// to give.
export async function checkDirs(dirs) {
  if (!dirs || dirs.length === 0) return;
  if (!isNode) throw new Error('wasync: run option dirs: preopened directories need Node (node:fs)');
  const fs = await import('node:fs');
  for (const { host } of dirs) {
    let st;
    try {
      st = fs.statSync(host);
    } catch (e) {
      throw new Error(`wasync: preopened directory ${JSON.stringify(host)}: ${e.code === 'ENOENT' ? 'no such directory' : e.message}`);
    }
    if (!st.isDirectory()) throw new Error(`wasync: preopened directory ${JSON.stringify(host)} is not a directory`);
  }
}
