// compile under mutated guests: every module the host is given either
// compiles or is refused with an Error that says what is wrong (V8's
// validation, or the host's own "wasync: ..." check); nothing else
// escapes and nothing hangs. Bytes from testdata's guests with a few bytes
// changed and sometimes the tail cut, from a fixed seed; both runtimes
// (rewriting wait32, and as compiled). A few seconds in `npm test`; longer
// with WASYNC_JS_FUZZ_MS (README.md's opt-in runs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Runtime } from '../index.js';
import { testdata } from './util.js';

const budgetMs = Number(process.env.WASYNC_JS_FUZZ_MS || 3000);
const seeds = ['counter', 'fifo', 'nonshared', 'loops', 'priority']
  .map((n) => new Uint8Array(fs.readFileSync(path.join(testdata, `${n}.wasm`))));

// A linear congruential generator: the same inputs in every run.
function random(seed) {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s % n;
  };
}

function mutate(rnd) {
  const b = new Uint8Array(seeds[rnd(seeds.length)]);
  // Most changes land in the first 600 bytes: the sections the host reads.
  for (let k = 1 + rnd(4); k > 0; k--) b[rnd(rnd(3) ? Math.min(b.length, 600) : b.length)] = rnd(256);
  return rnd(5) === 0 ? b.subarray(0, rnd(b.length)) : b;
}

for (const instrument of [true, false]) {
  test(`compile refuses mutated guests with a clear Error (instrument: ${instrument})`, async () => {
    const rt = new Runtime({ instrument });
    const rnd = random(instrument ? 1 : 2);
    let tried = 0, refused = 0;
    for (const end = Date.now() + budgetMs / 2; Date.now() < end; tried++) {
      const bytes = mutate(rnd);
      try {
        await rt.compile(bytes);
      } catch (e) {
        refused++;
        assert.ok(e instanceof Error, `a ${typeof e} was thrown`);
        assert.match(e.message, /^(wasync: |WebAssembly\.Module\(\): )/, `bytes ${Buffer.from(bytes).toString('base64')}`);
      }
    }
    assert.ok(tried > 20 && refused > 0 && refused < tried, `tried ${tried}, refused ${refused}`);
  });
}
