// poll_oneoff on stdin (testdata/poll.wat: a read of fd 0 and a 300 ms
// clock): stdin is ready only once the supervisor has its data or its end,
// as WASI preview1 says, so a guest that polls before it reads never
// blocks in the read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Runtime } from '../index.js';
import { here } from './util.js';

const mod = await new Runtime({ instrument: false }).compile(fs.readFileSync(path.join(here, 'testdata', 'poll.wasm')));

async function poll(stdin) {
  let out = '';
  const r = await mod.run({ args: ['poll'], stdin, timeLimit: 60_000, stdout: (b) => { out += new TextDecoder().decode(b); } });
  assert.equal(r.code, 0, r.error);
  return out;
}

test('stdin without data yet is not ready: the clock fires', async () => {
  let release;
  const gate = new Promise((r) => { release = r; });
  const pending = (async function* () { await gate; })();
  assert.equal(await poll(pending), 'c\n');
  release();
});

test('stdin with data is ready', async () => {
  assert.equal(await poll('x'), 'r\n');
});

test('stdin at its end is ready, with the hang-up flag', async () => {
  assert.equal(await poll(undefined), 'rh\n');
});
