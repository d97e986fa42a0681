// What the library is given: a wrong run option rejects the run, naming
// the option, before anything starts; an output callback that throws ends
// the run as a host error, and the embedding process goes on; the
// Runtime's options and compile's input are checked the same way, and any
// view of the module's bytes is read as those bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Runtime } from '../index.js';
import { testdata } from './util.js';

const counter = fs.readFileSync(path.join(testdata, 'counter.wasm'));
const quiet = { stdout: () => {}, stderr: () => {} };

test('a wrong run option rejects the run, naming the option', async () => {
  const mod = await new Runtime().compile(counter);
  const cases = [
    [null, TypeError, /run's options: want an object, got null/],
    [{ args: 'counter.wasm' }, TypeError, /option args: want an array of strings, got "counter.wasm"/],
    [{ args: ['counter.wasm', 4] }, TypeError, /option args: want an array of strings/],
    [{ env: 5 }, TypeError, /option env: want "NAME=VALUE" strings or an object, got 5/],
    [{ env: ['NOEQUALS'] }, TypeError, /option env/],
    [{ stdin: 42 }, TypeError, /option stdin: want a string, bytes, or an async iterable of chunks, got 42/],
    [{ stdout: 5 }, TypeError, /option stdout: want a function of the bytes or an object with write\(bytes\), got 5/],
    [{ stderr: {} }, TypeError, /option stderr: .*got an Object/],
    [{ maxthreads: 4 }, TypeError, /^wasync: run: no option "maxthreads" \(the options: args, env, .*maxThreads/],
    [{ dirs: [{ host: '/tmp' }] }, TypeError, /option dirs: want an array of \{ host, guest \} strings/],
    [{ maxThreads: '4' }, TypeError, /option maxThreads: want a number, got "4"/],
    [{ maxThreads: -1 }, RangeError, /option maxThreads: want a whole number from 1 to 1048576 \(0 for the default\), got -1/],
    [{ maxThreads: 2.5 }, RangeError, /option maxThreads/],
    [{ maxThreads: 1e12 }, RangeError, /option maxThreads/],
    [{ timeLimit: 'abc' }, TypeError, /option timeLimit: want a number of milliseconds, got "abc"/],
    [{ timeLimit: -5 }, RangeError, /option timeLimit: want a finite number of milliseconds, 0 or more \(0 for none\), got -5/],
    [{ timeLimit: Infinity }, RangeError, /option timeLimit/],
    [{ confineTraps: 'yes' }, TypeError, /option confineTraps: want a boolean/],
    [{ signal: {} }, TypeError, /option signal: want an AbortSignal/],
  ];
  for (const [opts, Err, message] of cases) {
    await assert.rejects(mod.run(opts === null ? null : { ...quiet, ...opts }), (e) => {
      assert.ok(e instanceof Err, `${JSON.stringify(opts)}: ${e}`);
      assert.match(e.message, /^wasync: run/);
      assert.match(e.message, message);
      return true;
    });
  }
  // The defaults and the documented forms still run.
  const res = await mod.run({ ...quiet, args: ['counter.wasm'], env: { A: '1' }, stdin: null, maxThreads: 0, timeLimit: 0, signal: new AbortController().signal });
  assert.equal(res.code, 0, res.error);
});

test('an output callback that throws ends the run as a host error', async () => {
  const mod = await new Runtime().compile(counter);
  const res = await mod.run({ args: ['counter.wasm'], stdout: () => { throw new Error('disk full'); }, stderr: () => {} });
  assert.deepEqual({ code: res.code, cause: res.cause, error: res.error },
    { code: 1, cause: 'error', error: 'wasync: the stdout callback threw: disk full' });
  const res2 = await mod.run({ args: ['counter.wasm'], stdout: { write() { throw new RangeError('nope'); } } });
  assert.equal(res2.error, 'wasync: the stdout callback threw: nope');
});

test('new Runtime and compile check what they are given; any view of the bytes is the bytes', async () => {
  assert.throws(() => new Runtime({ instrumnet: false }), /^TypeError: wasync: new Runtime: no option "instrumnet" \(the options: instrument\)$/);
  assert.throws(() => new Runtime({ instrument: 'no' }), /^TypeError: wasync: new Runtime option instrument: want a boolean, got "no"$/);
  const rt = new Runtime();
  for (const bad of ['counter.wasm', 42, null, [0, 97, 115, 109]]) {
    await assert.rejects(rt.compile(bad), /^TypeError: wasync: compile: want the module's bytes \(an ArrayBuffer or a view of one\) or a WebAssembly\.Module/);
  }
  // The bytes at an offset in a larger buffer, through a DataView and a
  // Uint16Array (which new Uint8Array(view) would have read element by
  // element).
  assert.equal(counter.length % 2, 0, 'counter.wasm has an even length, for the Uint16Array view');
  const buf = new ArrayBuffer(counter.length + 4);
  new Uint8Array(buf, 2, counter.length).set(counter);
  for (const view of [new DataView(buf, 2, counter.length), new Uint16Array(buf, 2, counter.length / 2)]) {
    const res = await (await rt.compile(view)).run({ ...quiet, args: ['counter.wasm'] });
    assert.equal(res.code, 0, `${view.constructor.name}: ${res.error}`);
  }
});
