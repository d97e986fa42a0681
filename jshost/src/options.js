// Checks of run's options (index.d.ts, RunOptions) before a run starts. A
// wrong option would otherwise be ignored, trap the guest's first thread,
// or throw later in the supervisor's event handlers, out of the caller's
// reach (a stdout of 5 took the whole process down).

import { isNode } from './platform.js';

// maxSlots bounds maxThreads: the run's state holds a slot per tid, tids
// are never reused, and each thread is a Worker (an OS thread).
export const maxSlots = 1 << 20;

export function checkRunOptions(o) {
  if (o === null || typeof o !== 'object') throw new TypeError(`wasync: run's options: want an object, got ${shown(o)}`);
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

function shown(v) {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (Array.isArray(v)) return 'an array';
  if (v === null || typeof v !== 'object') return String(v);
  return v.constructor && v.constructor.name ? `a ${v.constructor.name}` : 'an object';
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
