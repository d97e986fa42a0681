// Every JavaScript file of the package parses, the benchmark scripts
// included (no suite imports them), and the wake-up floor benchmark runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repo } from './util.js';

const jshost = path.join(repo, 'jshost');

function jsFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : jsFiles(p);
    return /\.m?js$/.test(e.name) ? [p] : [];
  });
}

test('every JS file passes node --check', () => {
  const files = jsFiles(jshost);
  assert.ok(files.some((f) => f.endsWith(path.join('bench', 'wake.js'))), 'the walk should reach bench/');
  for (const f of files) {
    const r = spawnSync(process.execPath, ['--check', f], { encoding: 'utf8' });
    assert.equal(r.status, 0, `node --check ${path.relative(repo, f)}: ${r.stderr}`);
  }
});

test('bench/wake.js passes a token around a ring and reports the hop', () => {
  const r = spawnSync(process.execPath, [path.join(jshost, 'bench', 'wake.js'), '3', '7'], { encoding: 'utf8', timeout: 60000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^ring of 3 workers, 9 hops: \d+\.\d µs per hop; Atomics.notify held the waker \d+\.\d µs \(median\)\n$/);
  const bad = spawnSync(process.execPath, [path.join(jshost, 'bench', 'wake.js'), '1'], { encoding: 'utf8', timeout: 60000 });
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /usage: node jshost\/bench\/wake\.js/);
});
