// The wasi-threads suite (../shared/conformance/wasi-threads): every case's
// exit status must be the one its json names (0 when it has none). The
// *_wasi_read cases block reading stdin, so stdin is a pipe that stays
// open. The cases need wat2wasm: skipped without it, except in CI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { Runtime } from '../index.js';
import { conformanceDir, wat2wasm, inCI } from './util.js';

const wats = fs.existsSync(conformanceDir) ? fs.readdirSync(conformanceDir).filter((f) => f.endsWith('.wat')).sort() : [];

test('the suite is there', { skip: !inCI && wats.length === 0 && 'no wasi-threads suite beside the checkout' }, () => {
  assert.ok(wats.length > 0, `no cases in ${conformanceDir}`);
});

for (const wat of wats) {
  const name = wat.replace(/\.wat$/, '');
  test(name, { concurrency: true }, async (t) => {
    const wasm = wat2wasm(path.join(conformanceDir, wat));
    if (!wasm) {
      if (inCI) assert.fail('wat2wasm is missing');
      return t.skip('wat2wasm is missing');
    }
    const json = path.join(conformanceDir, name + '.json');
    const want = fs.existsSync(json) ? JSON.parse(fs.readFileSync(json, 'utf8')).exit_code : 0;
    const mod = await new Runtime().compile(fs.readFileSync(wasm));
    const stdin = new PassThrough(); // never delivers, never ends
    const res = await mod.run({ stdin, timeLimit: 20000 });
    stdin.destroy();
    assert.equal(res.code, want, JSON.stringify(res));
  });
}
