// Every guest of testdata/cases.json under the JS host's CLI: its exit
// status, its stdout (golden/NAME.stdout exactly, or line patterns) and
// its stderr, as wasmhost's TestGuests checks them under the Go host.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { cases, runCLI, matchLines, testdata } from './util.js';

for (const c of cases) {
  test(c.name, async () => {
    const r = await runCLI([...(c.flags || []), '--time-limit', '60s', c.wasm + '.wasm', ...(c.args || [])]);
    assert.equal(r.code, c.code || 0, `exit status; stderr:\n${r.stderr}`);
    if (c.stdout) matchLines(assert, 'stdout', r.stdout, c.stdout);
    else assert.equal(r.stdout, fs.readFileSync(path.join(testdata, 'golden', c.name + '.stdout'), 'utf8'));
    matchLines(assert, 'stderr', r.stderr, c.stderr);
  });
}
