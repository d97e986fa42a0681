// Spin is an adaptive spin budget: how many reads a thread spends waiting
// for a word to change before it blocks in Atomics.wait (or takes the slow
// path). A spin pays when the thread that will change the word is running
// on another core; on an oversubscribed machine it is often not, and the
// spin only burns the time slice that thread could have used
// (BENCHMARKS.md, jshost). So a spin that comes up empty halves the
// budget, one that catches the change restores it in full, and every 16th
// spin below full is a full one, to notice when spinning pays again.
export class Spin {
  constructor(max) {
    this.max = max;
    this.n = max;
    this.calls = 0;
  }

  // budget is the reads to spend this time.
  budget() {
    return this.n < this.max && (++this.calls & 15) === 0 ? this.max : this.n;
  }

  won() { this.n = this.max; }

  lost() { this.n >>= 1; }
}
