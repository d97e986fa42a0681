// A/B of two JS host trees on one testdata/syncbench.wasm mode, with V8's
// own wait32 ping-pong beside them as the native baseline: each run in a
// fresh process, the variants alternating, so the machine's load drifts
// through all of them alike (BENCHMARKS.md, jshost). From the repository
// root, with the other tree extracted for instance by
// `git archive COMMIT jshost | tar -x -C /tmp/before`:
//
//	node jshost/bench/ab.js /tmp/before/jshost [rounds] [mode threads ops]
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [, self, other, rounds = '7', mode = 'sem-pingpong', threads = '2', ops = '20000'] = process.argv;
if (process.env.WASYNC_AB_CHILD) {
  const { Runtime } = await import(pathToFileURL(path.join(other, 'index.js')));
  const bytes = (await import('node:fs')).readFileSync('testdata/syncbench.wasm');
  const mod = await new Runtime({ instrument: !process.env.WASYNC_AB_NATIVE }).compile(bytes);
  let out = '';
  await mod.run({ args: ['syncbench.wasm', mode, threads, ops], stdout: (b) => { out += Buffer.from(b); } });
  const m = /time (\d+) s (\d+) ns, ops (\d+)/.exec(out);
  if (!m) throw new Error(`syncbench said: ${out}`);
  console.log((Number(m[1]) * 1e9 + Number(m[2])) / Number(m[3]));
} else {
  if (!other) throw new Error('usage: node jshost/bench/ab.js OTHER_JSHOST_DIR [rounds] [mode threads ops]');
  const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const variants = [['before', other, mode, {}], ['after', here, mode, {}],
    ['V8 wait32 ping-pong', here, 'wait32-pingpong', { WASYNC_AB_NATIVE: '1' }]];
  // Both trees rewrite with this tree's rewriter (the other may have none).
  const rewriter = process.env.WASYNC_JS_REWRITER || path.join(here, 'lib', 'rewrite.wasm');
  const got = new Map(variants.map(([name]) => [name, []]));
  for (let r = 0; r < Number(rounds); r++) {
    for (const [name, dir, m, env] of variants) {
      const out = execFileSync(process.execPath, [self, dir, rounds, m, threads, ops],
        { env: { ...process.env, ...env, WASYNC_JS_REWRITER: rewriter, WASYNC_AB_CHILD: '1' }, encoding: 'utf8' });
      got.get(name).push(Number(out.trim()));
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const base = median(got.get('V8 wait32 ping-pong'));
  console.log(`${mode} ${threads} ${ops}, median of ${rounds}, ns per operation (V8 wait32 ping-pong: per round trip)`);
  for (const [name, xs] of got) {
    console.log(`${name}: ${median(xs).toFixed(0)} (${(median(xs) / base).toFixed(2)}× V8 wait32 ping-pong) [${xs.map((x) => x.toFixed(0)).join(' ')}]`);
  }
}
