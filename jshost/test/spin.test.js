// The adaptive spin budget (src/spin.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Spin } from '../src/spin.js';

test('an empty spin halves the budget, a full one comes every 16th call, a caught one restores it', () => {
  const s = new Spin(1000);
  assert.equal(s.budget(), 1000);
  s.lost();
  s.lost();
  const seen = [];
  for (let k = 0; k < 16; k++) seen.push(s.budget());
  assert.deepEqual(seen, [...Array(15).fill(250), 1000]);
  for (let k = 0; k < 20; k++) s.lost();
  assert.equal(s.n, 0, 'no spin at all once spins keep coming up empty');
  s.won();
  assert.equal(s.budget(), 1000);
});
