// The JS host's speed rows of BENCHMARKS.md, as ratios measured in one run:
// testdata/syncbench.wasm's modes under the JS host (this Node process,
// instrumented; and uninstrumented for the plain wait32/notify baselines,
// which then wait inside V8) beside the same guest under the Go host
// (`wasync run`, built here). Run from the repository root:
//
//	node jshost/bench/bench.js [rounds]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Runtime } from '../index.js';

const rounds = Number(process.argv[2] || 3);
const wasm = fs.readFileSync('testdata/syncbench.wasm');
const goBin = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wasync-bench-')), 'wasync');
execFileSync('go', ['build', '-o', goBin, './cmd/wasync']);

const rows = [
  ['two empty host calls', 'nop2', 1, 1e6],
  ['lock+unlock through the host', 'sys', 1, 1e6],
  ['lock+unlock, guest fast path', 'fast', 1, 1e6],
  ['contended counter, 2 threads, host calls', 'sys', 2, 2e5],
  ['contended counter, 8 threads, host calls', 'sys', 8, 2e5],
  ['contended counter, 2 threads, wait32/notify mutex', 'futex', 2, 2e5],
  ['contended counter, 8 threads, wait32/notify mutex', 'futex', 8, 2e5],
  ['semaphore ping-pong (round trip)', 'sem-pingpong', 2, 2e4],
  ['wait32/notify ping-pong (round trip)', 'wait32-pingpong', 2, 2e4],
];

const nsPerOp = (out) => {
  const m = /time (\d+) s (\d+) ns, ops (\d+)/.exec(out);
  if (!m) throw new Error(`syncbench said: ${out}`);
  return (Number(m[1]) * 1e9 + Number(m[2])) / Number(m[3]);
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function js(mod, [, mode, threads, ops]) {
  let out = '';
  const res = await mod.run({ args: ['syncbench.wasm', mode, String(threads), String(ops)], stdout: (b) => { out += Buffer.from(b); } });
  if (res.code !== 0) throw new Error(`${mode}: status ${res.code} ${res.error || ''}`);
  return nsPerOp(out);
}
const go = ([, mode, threads, ops]) =>
  nsPerOp(execFileSync(goBin, ['run', 'testdata/syncbench.wasm', mode, String(threads), String(ops)], { encoding: 'utf8' }));

const instrumented = await new Runtime().compile(wasm);
const results = [];
for (const row of rows) {
  const j = [], g = [];
  for (let r = 0; r < rounds; r++) {
    j.push(await js(instrumented, row));
    g.push(go(row));
  }
  results.push({ row, js: median(j), go: median(g) });
}
// Last: uninstrumented, V8 serves wait32 itself (and Node 20 turns Liftoff
// off for the rest of the process).
const native = await new Runtime({ instrument: false }).compile(wasm);
for (const r of results) {
  if (r.row[1] !== 'futex' && r.row[1] !== 'wait32-pingpong') continue;
  const n = [];
  for (let k = 0; k < rounds; k++) n.push(await js(native, r.row));
  r.native = median(n);
}

const f = (x) => (x === undefined ? '—' : x < 100 ? x.toFixed(1) : x.toFixed(0));
console.log(`Node ${process.version} (V8 ${process.versions.v8}), ${os.cpus().length} cores, median of ${rounds}; ns per operation\n`);
console.log('| row | JS host | JS host, wait32 in V8 | Go host | JS / Go |');
console.log('|---|---|---|---|---|');
for (const r of results) console.log(`| ${r.row[0]} | ${f(r.js)} | ${f(r.native)} | ${f(r.go)} | ${(r.js / r.go).toFixed(2)}× |`);
const get = (mode, t) => results.find((r) => r.row[1] === mode && r.row[2] === t);
const sem = get('sem-pingpong', 2), w32 = get('wait32-pingpong', 2);
console.log(`\nsemaphore ping-pong / wait32 ping-pong in V8: ${(sem.js / w32.native).toFixed(2)}×`);
console.log(`host lock+unlock / two empty host calls: JS ${(get('sys', 1).js / get('nop2', 1).js).toFixed(2)}×, Go ${(get('sys', 1).go / get('nop2', 1).go).toFixed(2)}×`);
fs.rmSync(path.dirname(goBin), { recursive: true, force: true });
