// The CLI's exit statuses: 0, the program's own, 86, 124, 130, 134, and 2
// for bad usage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { runCLI, here, cli } from './util.js';

const spin = path.join(here, 'testdata', 'spin.wasm');

test('status 0 and the program\'s own', async () => {
  const r = await runCLI(['gettid.wasm']);
  assert.equal(r.code, 0, `signal ${r.signal}; stderr:\n${r.stderr}`);
  assert.equal((await runCLI(['counter.wasm', '0'])).code, 2);
});

test('86 when every thread is blocked', async () => {
  const r = await runCLI(['allblocked.wasm']);
  assert.equal(r.code, 86);
  assert.match(r.stderr, /^all \d+ threads are blocked with no timeout:\n/);
});

test('134 after a trap', async () => {
  assert.equal((await runCLI(['ownerdead_trap.wasm'])).code, 134);
});

test('124 at the time limit', async () => {
  const r = await runCLI(['--time-limit', '500ms', spin]);
  assert.equal(r.code, 124, r.stderr);
  assert.match(r.stderr, /time limit reached/);
});

test('130 when interrupted', async () => {
  let sent = false;
  const r = await runCLI([spin], {
    onStdout: (out, child) => {
      if (!sent && out.includes('ready')) { sent = true; child.kill('SIGINT'); }
    },
  });
  assert.ok(sent, 'the guest never said it was ready');
  assert.equal(r.code, 130, r.stderr);
});

test('2 for bad usage', async () => {
  for (const args of [[], ['--max-threads', 'x', 'gettid.wasm'], ['--nope', 'gettid.wasm'], ['--env', '=1', 'gettid.wasm'],
    ['--time-limit', '10', 'gettid.wasm']]) {
    assert.equal((await runCLI(args)).code, 2, args.join(' '));
  }
  const r = await runCLI(['--max-threads', '2000000', 'gettid.wasm']);
  assert.equal(r.code, 2);
  assert.equal(r.stderr, 'wasync run: --max-threads 2000000: at most 1048576 under the JS host (each thread is a Worker) (see wasync.js run -h)\n');
});

test('1 for a module that cannot run', async () => {
  assert.equal((await runCLI(['no-such.wasm'])).code, 1);
  const r = await runCLI([path.join(here, 'testdata', 'unknowncall.wasm')]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^wasync run: \S+unknowncall\.wasm: the guest imports wasync\.nosuchcall .*not a call of the wasync ABI 1\.1 this host serves/);
  // Bad bytes: V8's validation names what is wrong and where, before the
  // host's own reading of the sections could meet them.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wasync-bad-'));
  try {
    const bad = path.join(dir, 'badimport.wasm'); // an import of kind 7, which no proposal here has
    fs.writeFileSync(bad, Uint8Array.of(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 2, 5, 1, 0, 0, 7, 0));
    const b = await runCLI([bad]);
    assert.equal(b.code, 1);
    assert.match(b.stderr, /^wasync run: .*badimport\.wasm: WebAssembly\.Module\(\): .*import kind.*@\+\d+\n$/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('--dir preopens a host directory', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wasync-dir-'));
  fs.writeFileSync(path.join(dir, 'hello.txt'), 'hi from the host\n');
  const guest = path.join(here, 'testdata', 'readfile.wasm');
  try {
    const r = await runCLI(['--dir', `${dir}::/data`, guest]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'hi from the host\n');
    assert.equal((await runCLI([guest])).code, 1, 'no preopen, no fd 3');
    // A preopen that is not a directory is refused before the run, in the
    // Go host's words.
    const missing = path.join(dir, 'missing'), file = path.join(dir, 'hello.txt');
    for (const [host, why] of [[missing, ': no such directory'], [file, ' is not a directory']]) {
      const r = await runCLI(['--dir', host, 'gettid.wasm']);
      assert.equal(r.code, 1);
      assert.equal(r.stderr, `wasync run: gettid.wasm: preopened directory ${JSON.stringify(host)}${why}\n`);
      assert.equal(r.stdout, '');
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('help and the version go to stdout with 0; a wrong command to stderr with 2', () => {
  const node = (...args) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  for (const args of [['-h'], ['--help'], ['run', '-h']]) {
    const r = node(...args);
    assert.equal(r.status, 0, args.join(' '));
    assert.match(r.stdout, /^Runs a WebAssembly module \(the wasync JS host\)\n\nUsage: wasync\.js run/);
    assert.equal(r.stderr, '');
  }
  const v = node('--version');
  assert.equal(v.status, 0);
  assert.match(v.stdout, /^wasync\.js \d+\.\d+\.\d+ \(ABI 1\.1\)\n$/);
  const bad = node('bogus');
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr, 'wasync: unknown command "bogus" (see wasync.js -h)\n');
  assert.equal(node().status, 2);
});
