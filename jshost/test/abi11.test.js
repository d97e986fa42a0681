// ABI 1.1 through the whole host (CLI, rewrite, workers): the new calls
// and the fastpath global (testdata/abi11.wat), priority order and
// inheritance across guest threads (testdata/prio.wat), and the refusal
// of a call no version has (testdata/unknowncall.wat). The engine's rules
// are tested one by one in priority.test.js and destroy.test.js.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Runtime, Version } from '../index.js';
import { here, runCLI, wat2wasm, inCI } from './util.js';

const guest = (name) => path.join(here, 'testdata', `${name}.wasm`);

test('the package says which ABI it serves: the Go host\'s (abi/version.go)', () => {
  const goVersion = /const Version = "([^"]+)"/.exec(fs.readFileSync(path.join(here, '..', '..', 'abi', 'version.go'), 'utf8'));
  assert.ok(goVersion, 'abi/version.go declares const Version');
  assert.equal(Version, goVersion[1]);
});

test('the 1.1 calls and the fastpath global (1) reach the guest', async () => {
  const r = await runCLI([guest('abi11')]);
  assert.equal(r.code, 0, `the guest's check ${r.code} failed (testdata/abi11.wat); stderr:\n${r.stderr}`);
});

test('guest threads take a mutex by priority; the owner inherits the waiters\' priority', async () => {
  const r = await runCLI(['--time-limit', '60s', guest('prio')]);
  assert.equal(r.code, 0, `testdata/prio.wat failed at ${r.code}; stderr:\n${r.stderr}`);
});

test('a wasync import of no ABI version is refused, naming the version served', async () => {
  const r = await runCLI([guest('unknowncall')]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /imports wasync\.nosuchcall \(function\), which is not a call of the wasync ABI 1\.1 this host serves/);
});

test('fastpath imported as anything but an immutable i32 global is refused', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wasync-fastpath-'));
  for (const [what, imp] of [['mutable', '(global (mut i32))'], ['i64', '(global i64)'], ['a function', '(func (result i32))']]) {
    const src = path.join(dir, 'g.wat');
    fs.writeFileSync(src, `(module (import "wasync" "fastpath" ${imp}) (memory 1) (func (export "_start")))`);
    const wasm = wat2wasm(src);
    if (!wasm) {
      assert.ok(!inCI, 'wat2wasm (wabt) is missing in CI');
      return t.skip('wat2wasm (wabt) is not installed');
    }
    await assert.rejects(new Runtime().compile(fs.readFileSync(wasm)), /the ABI has it an immutable i32 global/, what);
  }
  fs.rmSync(dir, { recursive: true, force: true });
});
