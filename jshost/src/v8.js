// V8 before 12 (Node 20 ships 11.3) miscompiles, in its baseline compiler
// Liftoff, a local that is live across memory.atomic.wait32: guest wait
// loops miscount and can hang (../../shared/notes/js-host.md;
// test/liftoff.test.js). Turning Liftoff off before the first compile
// fixes every worker that receives the compiled module. Browsers cannot
// set V8 flags; Chromium's V8 is past 12.
let applied = false;

export function v8Major() {
  const v = typeof process !== 'undefined' && process.versions && process.versions.v8;
  return v ? parseInt(v, 10) : Infinity;
}

export async function applyEngineWorkarounds() {
  if (applied) return;
  applied = true;
  if (v8Major() < 12) (await import('node:v8')).setFlagsFromString('--no-liftoff');
}

// enableTypeReflection makes Node's V8 describe a compiled module's
// imports and exports with their types (a memory's limits), which the
// host needs of a module it is given compiled (modinfo.js compiledInfo).
// V8 reads the flag when asked, so setting it late works; elsewhere the
// engine's own default stands.
export async function enableTypeReflection() {
  if (v8Major() !== Infinity) (await import('node:v8')).setFlagsFromString('--experimental-wasm-type-reflection');
}
