// A run of the engine without a guest: the shared state, a "guest memory"
// SharedArrayBuffer, and threads that are worker_threads running the
// scenarios of engine-scenarios.js, registered as thread-spawn does.
import { Worker } from 'node:worker_threads';
import { State, H, T, newState } from '../src/state.js';
import { Engine } from '../src/engine.js';
import { MutexName, SemaphoreName } from '../src/abi.js';

export class TestRun {
  // maxBytes > 64 KiB makes the memory growable to it (grow).
  constructor(maxTid = 64, maxBytes = 1 << 16) {
    this.st = new State(newState(maxTid));
    this.st.s[H.SHARED] = 1;
    this.mem = new SharedArrayBuffer(1 << 16, { maxByteLength: maxBytes });
    this.u32 = new Uint32Array(this.mem);
    this.workers = [];
  }

  // thread registers the next tid and returns an Engine for it, for the
  // test's own thread.
  thread() {
    const tid = new Engine(this.st, 0, () => this.mem).spawn();
    return new Engine(this.st, tid, () => this.mem);
  }

  grow(bytes) {
    this.mem.grow(bytes);
    this.u32 = new Uint32Array(this.mem);
  }

  mutex(ptr, recursive = 0) { this.u32.set([MutexName, 0, recursive, 0], ptr / 4); return ptr; }
  semaphore(ptr, n) { this.u32.set([SemaphoreName, n, 0, 0], ptr / 4); return ptr; }
  word(ptr, i) { return Atomics.load(this.u32, ptr / 4 + i); }

  // spawn runs scenario(eng, params) on a new registered thread in a
  // worker; it resolves to the scenario's result.
  spawn(scenario, params = {}) {
    const tid = new Engine(this.st, 0, () => this.mem).spawn();
    const w = new Worker(new URL('./engine-worker.js', import.meta.url), {
      workerData: { state: this.st.sab, mem: this.mem, tid, scenario, params },
    });
    this.workers.push(w);
    const done = new Promise((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', reject);
    });
    return { tid, done };
  }

  // queued waits (polling the state, not sleeping blindly) until tid is
  // queued and parked.
  async queued(tid) {
    while (this.st.get(tid, T.QKIND) === 0 || this.st.get(tid, T.PARKED) === 0) {
      await new Promise((r) => setTimeout(r, 1));
    }
  }

  async close() { await Promise.all(this.workers.map((w) => w.terminate())); }
}
