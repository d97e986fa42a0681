// V8 < 12 miscompiles a local live across memory.atomic.wait32 in Liftoff
// (src/v8.js). testdata/liftoff.wat sums 200 wait results of 1: the host's
// workaround must give 200. Each check runs in a child process, since V8
// flags are process-wide.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { here } from './util.js';

const wasm = path.join(here, 'testdata', 'liftoff.wasm');
const v8js = path.join(here, '..', 'src', 'v8.js');
const sum = (workaround) => {
  const code = `
    ${workaround ? `await (await import(${JSON.stringify(v8js)})).applyEngineWorkarounds();` : ''}
    const b = (await import('node:fs')).readFileSync(${JSON.stringify(wasm)});
    console.log(new WebAssembly.Instance(new WebAssembly.Module(b)).exports.sum());`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return Number(r.stdout.trim());
};

test('the host\'s V8 flags compile wait loops right', () => {
  assert.equal(sum(true), 200);
});

test('the repro shows the bug where the workaround applies', () => {
  const major = parseInt(process.versions.v8, 10);
  // Documents why the workaround exists; V8 12 and later need none.
  assert.equal(sum(false), major < 12 ? 1 : 200);
});
