#!/usr/bin/env node
// The JS host's command line, with the Go CLI's flags and exit statuses:
//
//	node jshost/bin/wasync.js run [flags] module.wasm [args...]
import fs from 'node:fs';
import { Runtime, Version } from '../index.js';
import { parseDuration } from '../src/duration.js';
import { maxSlots } from '../src/options.js';

const usage = `Runs a WebAssembly module (the wasync JS host)

Usage: wasync.js run [OPTIONS] <WASM> [ARGS]...

Options:
      --env <NAME[=VAL]>             Pass an environment variable to the program; NAME alone
                                     passes the host's value, if it has one (repeatable)
      --dir <HOST_DIR[::GUEST_DIR]>  Grant access to a host directory, seen by the guest
                                     as GUEST_DIR (default: HOST_DIR) (repeatable)
      --max-threads <N>              Maximum number of threads ever created, at least 1:
                                     the main thread counts (default: 4096, each one a Worker)
      --time-limit <DURATION>        End the program after DURATION of wall-clock time,
                                     with exit status 124 (e.g. 10s, 2m)
      --confine-traps                A trap in a spawned thread ends only that thread
                                     (its mutexes become dead-owned), not the program
      --no-instrument                Run the module as it is: memory.atomic.wait32 then
                                     waits in V8, unseen by the all-blocked report
  -h, --help                         Print help

wasync.js --version (-V) prints the package's version and the ABI's.

Exit status: the program's; 134 after a trap; 86 when every thread is blocked
for good (a report goes to stderr); 124 at the time limit; 130 when interrupted.
`;

const writeAll = (fd, b) => {
  for (let off = 0; off < b.length; ) {
    try {
      off += fs.writeSync(fd, b, off);
    } catch (e) {
      if (e.code !== 'EAGAIN') throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
    }
  }
};
const err = (s) => writeAll(2, Buffer.from(s));

// parse reads the run command's flags as the Go CLI does (cmd/wasync,
// on Go's flag package): -x or --x, "--x v" or "--x=v", flags before the
// first operand, and the same words when one is wrong.
function parse(args) {
  const o = { env: [], dirs: [], maxThreads: 0, timeLimit: 0, confineTraps: false, instrument: true };
  const takes = { env: 1, dir: 1, 'max-threads': 1, 'time-limit': 1 };
  const bools = { 'confine-traps': 1, 'no-instrument': 1 };
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === '--') { i++; break; }
    if (!a.startsWith('-') || a === '-') break;
    let [name, val] = a.replace(/^--?/, '').split(/=(.*)/s);
    if (name === 'h' || name === 'help') { writeAll(1, Buffer.from(usage)); return { status: 0 }; }
    if (!(name in takes) && !(name in bools)) return bad(`unknown flag --${name}`);
    if (name in takes && val === undefined) {
      if (++i >= args.length) return bad(`--${name} needs a value`);
      val = args[i];
    }
    const wrong = (why) => bad(`--${name} ${val}: ${why}`);
    switch (name) {
      case 'env': {
        const [k] = val.split('=');
        if (!k) return bad(`--env ${JSON.stringify(val)}: want NAME=VAL or NAME`, false);
        if (val.includes('=')) o.env.push(val);
        else if (process.env[k] !== undefined) o.env.push(`${k}=${process.env[k]}`); // NAME alone: the host's value
        break;
      }
      case 'dir': {
        const [host, guest = host] = val.split('::');
        if (!host || !guest) return bad(`--dir ${JSON.stringify(val)}: want HOST_DIR[::GUEST_DIR]`, false);
        o.dirs.push({ host, guest });
        break;
      }
      case 'max-threads':
        if (!/^[-+]?\d+$/.test(val)) return wrong('not a number');
        o.maxThreads = Number(val);
        if (o.maxThreads < 1) return wrong('want at least 1 (the main thread counts)');
        if (o.maxThreads > maxSlots) return wrong(`at most ${maxSlots} under the JS host (each thread is a Worker)`);
        break;
      case 'time-limit':
        o.timeLimit = parseDuration(val);
        if (Number.isNaN(o.timeLimit)) {
          return wrong(Number.isFinite(Number(val)) ? 'a duration needs a unit (e.g. 10s, 500ms, 2m)' : 'not a duration (e.g. 10s, 500ms, 2m)');
        }
        if (o.timeLimit < 0) return bad(`--time-limit ${val}: want a positive duration`, false);
        break;
      default: { // the booleans, read as Go's strconv.ParseBool reads them
        const on = val === undefined ? true : boolWords[val];
        if (on === undefined) return wrong('parse error');
        if (name === 'confine-traps') o.confineTraps = on;
        else o.instrument = !on;
      }
    }
  }
  if (i >= args.length) return bad('missing <WASM>');
  o.path = args[i];
  o.args = args.slice(i);
  return o;
}

const boolWords = Object.fromEntries([
  ...['1', 't', 'T', 'TRUE', 'true', 'True'].map((w) => [w, true]),
  ...['0', 'f', 'F', 'FALSE', 'false', 'False'].map((w) => [w, false]),
]);

// bad reports a usage error, status 2; a flag's error points at -h.
function bad(msg, seeHelp = true) {
  err(`wasync run: ${msg}${seeHelp ? ' (see wasync.js run -h)' : ''}\n`);
  return { status: 2 };
}

async function run(args) {
  const o = parse(args);
  if (o.status !== undefined) return o.status;
  let bytes;
  try {
    bytes = fs.readFileSync(o.path);
  } catch (e) { // in the Go CLI's words: "open PATH: no such file or directory"
    err(`wasync run: ${e.code === 'EISDIR' ? `read ${o.path}: is a directory`
      : `open ${o.path}: ${e.message.replace(/^[A-Z]+: /, '').replace(/, open '.*'$/, '')}`}\n`);
    return 1;
  }
  const ac = new AbortController();
  process.on('SIGINT', () => ac.abort());
  try {
    const mod = await new Runtime({ instrument: o.instrument }).compile(bytes);
    const res = await mod.run({
      args: o.args, env: o.env, dirs: o.dirs, maxThreads: o.maxThreads, timeLimit: o.timeLimit,
      confineTraps: o.confineTraps, signal: ac.signal, stdin: process.stdin,
      stdout: (b) => writeAll(1, b), stderr: (b) => writeAll(2, b),
    });
    // The host already wrote an all-blocked run's report to stderr.
    if (res.error && res.cause !== 'allblocked') err(`wasync run: ${o.path}: ${unprefixed(res.error)}\n`);
    return res.code;
  } catch (e) {
    err(`wasync run: ${o.path}: ${unprefixed(e.message)}\n`);
    return 1;
  }
}

// unprefixed drops the library's "wasync: " from a message the command
// line prefixes with "wasync run: FILE: " already.
function unprefixed(msg) { return String(msg).replace(/^wasync: /, ''); }

// The command, as the Go CLI takes its own: help asked for goes to stdout
// (status 0), help for a wrong command line to stderr (status 2).
const [cmd, ...rest] = process.argv.slice(2);
if (cmd === 'run') process.exit(await run(rest));
if (cmd === '-h' || cmd === '--help') {
  writeAll(1, Buffer.from(usage));
  process.exit(0);
}
if (cmd === '-V' || cmd === '--version') {
  const { version } = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  writeAll(1, Buffer.from(`wasync.js ${version} (ABI ${Version})\n`));
  process.exit(0);
}
err(cmd === undefined ? usage : `wasync: unknown command "${cmd}" (see wasync.js -h)\n`);
process.exit(2);
