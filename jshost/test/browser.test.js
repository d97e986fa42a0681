// The JS host in a browser: headless Chromium loads test/browser/page.html
// from a node:http server on 127.0.0.1 that sends COOP/COEP (shared memory
// needs a cross-origin isolated page); the page runs guests of
// testdata/cases.json and ABI 1.1's guests of test/testdata, and POSTs
// their results back. Skipped without chromium, except in CI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { repo, testdata, inCI, matchLines, cases } from './util.js';

const names = ['counter_fast', 'counter_sys', 'fifo', 'ownerdead', 'deadlock', 'allblocked', 'joinblocked', 'waitforever'];
// jshost/test/testdata guests that exit 0 when their checks pass: ABI 1.1.
const guests = ['abi11', 'prio'];
const chromium = ['chromium', 'chromium-browser'].map((b) => `/usr/bin/${b}`).find((p) => fs.existsSync(p));
const types = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json', '.wasm': 'application/wasm' };

// serve answers GETs of files under the repository, and the page's POST.
function serve(onResults) {
  return http.createServer((req, res) => {
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    if (req.method === 'POST' && req.url === '/results') {
      let body = '';
      req.on('data', (d) => { body += d; });
      req.on('end', () => { res.end('ok'); onResults(JSON.parse(body)); });
      return;
    }
    const file = path.join(repo, decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (!file.startsWith(repo + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.statusCode = 404;
      return res.end();
    }
    res.setHeader('Content-Type', types[path.extname(file)] || 'application/octet-stream');
    res.end(fs.readFileSync(file));
  });
}

test('guests in headless Chromium', { skip: !chromium && !inCI && 'chromium not installed', timeout: 300000 }, async () => {
  assert.ok(chromium, 'chromium is required in CI');
  let got;
  const results = new Promise((resolve) => { got = resolve; });
  const server = serve(got);
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}/jshost/test/browser/page.html?cases=${names.join(',')}&guests=${guests.join(',')}`;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'wasync-chromium-'));
  const browser = spawn(chromium, ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`, url],
  { stdio: 'ignore', detached: true }); // its own process group: its helpers die with it
  const exited = new Promise((r) => browser.once('exit', r));
  try {
    const r = await results;
    assert.ok(r.isolated, 'the page is cross-origin isolated');
    assert.deepEqual(r.results.map((x) => x.name).sort(), [...names, ...guests.map((g) => `jshost/${g}`)].sort());
    for (const x of r.results) {
      assert.equal(x.error, undefined, `${x.name}: ${x.error}`);
      if (x.name.startsWith('jshost/')) {
        assert.equal(x.code, 0, `${x.name}: the guest's check ${x.code} failed; stderr:\n${x.stderr}`);
        continue;
      }
      const c = cases.find((k) => k.name === x.name);
      assert.equal(x.code, c.code || 0, `${x.name}: exit status; stderr:\n${x.stderr}`);
      assert.equal(x.stdout, fs.readFileSync(path.join(testdata, 'golden', c.name + '.stdout'), 'utf8'), `${x.name}: stdout`);
      matchLines(assert, `${x.name}: stderr`, x.stderr, c.stderr);
    }
    if (r.compiled.reflects) assert.equal(r.compiled.code, 0, `a compiled module: ${r.compiled.error}`);
    else assert.match(r.compiled.error, /no WebAssembly type reflection.*pass the module's bytes/);
  } finally {
    process.kill(-browser.pid, 'SIGKILL');
    await exited;
    server.close();
    fs.rmSync(profile, { recursive: true, force: true, maxRetries: 10 });
  }
});
