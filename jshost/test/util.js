// Helpers of the node --test suites.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, '..', '..');
export const testdata = path.join(repo, 'testdata');
export const cli = path.join(repo, 'jshost', 'bin', 'wasync.js');
export const conformanceDir = path.resolve(repo, '..', 'shared', 'conformance', 'wasi-threads');

// runCLI runs the JS host's CLI and resolves to {code, signal, stdout,
// stderr}; onStdout sees stdout as it comes (with the child).
export function runCLI(args, { cwd = testdata, stdin = 'ignore', onStdout, timeout = 120000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'run', ...args], { cwd, stdio: [stdin, 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
      if (onStdout) onStdout(stdout, child);
    });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeout);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

// matchLines asserts that out's lines match patterns, one each; no
// patterns means no output.
export function matchLines(assert, what, out, patterns) {
  if (!patterns || patterns.length === 0) {
    assert.equal(out, '', `${what} should be empty`);
    return;
  }
  const lines = out.replace(/\n$/, '').split('\n');
  assert.equal(lines.length, patterns.length, `${what} has ${lines.length} lines, want ${patterns.length}:\n${out}`);
  patterns.forEach((p, i) => assert.match(lines[i], new RegExp(`^(?:${p})$`), `${what} line ${i + 1}`));
}

// wat2wasm assembles a .wat file into a temporary .wasm, or returns null
// when wabt is missing (a failure in CI, where .ci/run installs it).
export function wat2wasm(watPath) {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wasync-')), path.basename(watPath, '.wat') + '.wasm');
  const r = spawnSync('wat2wasm', ['--enable-threads', watPath, '-o', out]);
  if (r.error && r.error.code === 'ENOENT') return null;
  if (r.status !== 0) throw new Error(`wat2wasm ${watPath}: ${r.stderr}`);
  return out;
}

export const inCI = !!process.env.CI;
export const cases = JSON.parse(fs.readFileSync(path.join(testdata, 'cases.json'), 'utf8')).cases;
