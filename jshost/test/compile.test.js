// Runtime.compile given a compiled WebAssembly.Module: the rewriter works
// on bytes, so only a runtime made with { instrument: false } takes one,
// and it learns the module's memory from type reflection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Runtime } from '../index.js';
import { here, testdata } from './util.js';

const compiled = (file) => new WebAssembly.Module(fs.readFileSync(file));

// run runs mod and resolves to its result with stdout and stderr as text.
async function run(mod, args) {
  let stdout = '', stderr = '';
  const dec = (b) => new TextDecoder().decode(b);
  const res = await mod.run({ args, timeLimit: 60_000, stdout: (b) => { stdout += dec(b); }, stderr: (b) => { stderr += dec(b); } });
  return { ...res, stdout, stderr };
}

test('an instrumenting runtime refuses a compiled module and says what to do', async () => {
  await assert.rejects(new Runtime().compile(compiled(path.join(testdata, 'counter.wasm'))),
    /cannot be rewritten .*pass the module's bytes, or make the runtime with \{ instrument: false \}/);
});

test('a compiled guest with an imported shared memory runs as from its bytes', async () => {
  const mod = await new Runtime({ instrument: false }).compile(compiled(path.join(testdata, 'counter.wasm')));
  const r = await run(mod, ['counter', '4', '100000', 'fast']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, fs.readFileSync(path.join(testdata, 'golden', 'counter_fast.stdout'), 'utf8'));
});

test('a compiled guest\'s all-blocked report names its functions', async () => {
  const mod = await new Runtime({ instrument: false }).compile(compiled(path.join(testdata, 'allblocked.wasm')));
  const r = await run(mod, ['allblocked']);
  assert.equal(r.cause, 'allblocked');
  assert.match(r.report, /thread 1 waits for semaphore 0x[0-9a-f]+ \(no units\)\n {4}in main < _start\n/);
});

test('a compiled guest with an exported memory of its own runs', async () => {
  const mod = await new Runtime({ instrument: false }).compile(compiled(path.join(here, 'testdata', 'ownmem.wasm')));
  const r = await run(mod, ['ownmem']);
  assert.deepEqual([r.code, r.stdout], [3, 'own memory\n']);
});

test('a compiled guest whose memory the host cannot reach is refused', async () => {
  await assert.rejects(new Runtime({ instrument: false }).compile(compiled(path.join(testdata, 'nonshared.wasm'))),
    /neither imports nor exports its memory.*pass the module's bytes/);
});
