// How reports name objects (src/names.js), as the Go host's
// TestObjectsNamedBySymbol and TestJoinSemaphoresLabelled do; the
// differential case joinblocked shows both in a real report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { learnNames, Names } from '../src/names.js';
import { enableTypeReflection } from '../src/v8.js';
import { here } from './util.js';

const bytes = fs.readFileSync(path.join(here, 'testdata', 'symbols.wasm'));
const learn = () => {
  const m = new WebAssembly.Module(bytes);
  return learnNames(m, new WebAssembly.Instance(m).exports);
};
const want = { syms: [[16, 'queue_lock'], [48, 'empty']], joinOffset: 20 };

test('data symbols and the join offset, told by their values', () => {
  assert.deepEqual(learn(), want);
});

test('data symbols and the join offset, told by reflected types', async () => {
  await enableTypeReflection();
  assert.ok(WebAssembly.Module.exports(new WebAssembly.Module(bytes))[0].type, 'type reflection is on');
  assert.deepEqual(learn(), want);
});

test('reports name symbols first, then join semaphores, else the address', () => {
  const n = new Names();
  n.learnt(want);
  n.spawned(2, 0x1000);
  for (const [addr, text, joins] of [
    [16, '0x10 (queue_lock)', 0],
    [32, '0x20', 0],
    [0x1014, '0x1014 (end of thread 2, joined)', 2],
    [0x1010, '0x1010', 0],
  ]) {
    assert.equal(n.describe(addr), text);
    assert.equal(n.joins(addr), joins);
  }
});

test('a join-offset export that traps labels nothing', () => {
  const m = new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 127, 3, 2, 1, 0,
    7, 24, 1, 20, 95, 95, 119, 97, 115, 121, 110, 99, 95, 106, 111, 105, 110, 95, 111, 102, 102, 115, 101, 116, 0, 0,
    10, 5, 1, 3, 0, 0, 11])); // (func (export "__wasync_join_offset") (result i32) unreachable)
  assert.deepEqual(learnNames(m, new WebAssembly.Instance(m).exports), { syms: [], joinOffset: null });
});

test('without the SDK\'s export no semaphore is a join', () => {
  const n = new Names();
  n.learnt({ syms: [], joinOffset: null });
  n.spawned(2, 0x1000);
  assert.equal(n.joins(0x1000), 0);
  assert.equal(n.describe(0x1000), '0x1000');
});
