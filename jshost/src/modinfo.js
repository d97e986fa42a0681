// What the host must know of a module that WebAssembly.Module does not
// say: the limits of an imported memory (the JS API gives none), whether a
// memory of its own is shared; and an export for an unexported memory of
// its own, which the wasync calls must reach. From bytes (moduleInfo), or
// from a compiled module where the engine has type reflection
// (compiledInfo).

const MEMORY_EXPORT = '__wasync_memory';

class Reader {
  constructor(b, off = 0) { this.b = b; this.off = off; }
  byte() {
    if (this.off >= this.b.length) throw new Error('wasync: truncated module');
    return this.b[this.off++];
  }
  u32() {
    let v = 0, shift = 0, x;
    do {
      x = this.byte();
      v += (x & 0x7f) * 2 ** shift;
      shift += 7;
    } while (x & 0x80);
    return v;
  }
  name() {
    const n = this.u32();
    const s = new TextDecoder().decode(this.b.subarray(this.off, this.off + n));
    this.off += n;
    return s;
  }
  limits() {
    const flags = this.byte();
    const min = this.u32();
    const max = flags & 1 ? this.u32() : undefined;
    return { min, max, shared: (flags & 2) !== 0 };
  }
}

const valTypes = { 0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64', 0x7b: 'v128', 0x70: 'funcref', 0x6f: 'externref' };

function sections(b) {
  const r = new Reader(b, 8), out = [];
  while (r.off < b.length) {
    const hdr = r.off, id = r.byte(), size = r.u32();
    out.push({ id, hdr, start: r.off, end: r.off + size });
    r.off += size;
  }
  return out;
}

// moduleInfo reads the module's name (name section), its memory: { imported: {module, name, min, max,
// shared} | null, own: {shared, exported} | null }, and its imported globals'
// types: globals: [{module, name, type, mutable}]. compiled is the module
// compiled from bytes, which validated them.
export function moduleInfo(bytes, compiled) {
  const b = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const info = { imported: null, own: null, name: '', globals: [] };
  for (const s of sections(b)) {
    const r = new Reader(b, s.start);
    if (s.id === 2) {
      for (let n = r.u32(); n > 0; n--) {
        const module = r.name(), name = r.name(), kind = r.byte();
        if (kind === 0) r.u32();
        else if (kind === 1) { r.byte(); r.limits(); }
        else if (kind === 2) info.imported = { module, name, ...r.limits() };
        else if (kind === 3) info.globals.push({ module, name, type: valTypes[r.byte()] || 'other', mutable: r.byte() === 1 });
        else if (kind === 4) { r.byte(); r.u32(); }
        else throw new Error(`wasync: unknown import kind ${kind}`);
      }
    } else if (s.id === 0 && r.name() === 'name') {
      info.name = moduleName(b.subarray(r.off, s.end)); // V8 prefixes it to function names
    } else if (s.id === 5 && r.u32() > 0) {
      info.own = { shared: r.limits().shared, exported: null };
    }
  }
  if (info.own) {
    const mem = WebAssembly.Module.exports(compiled).find((e) => e.kind === 'memory');
    info.own.exported = mem ? mem.name : null;
  }
  return info;
}

// compiledInfo is moduleInfo for a compiled module, from the types that
// WebAssembly type reflection adds to Module.imports and Module.exports
// (v8.js turns it on in Node). It fails with what to do instead where the
// engine gives no types, or where the module's memory is neither imported
// nor exported (only bytes could be given an export for it).
export function compiledInfo(module) {
  const info = { imported: null, own: null, name: '', globals: [] };
  const bytesInstead = 'pass the module\'s bytes to compile instead';
  const typed = (d) => {
    if (!d.type) throw new Error(`wasync: this JavaScript engine does not tell a compiled module's memory limits (no WebAssembly type reflection); ${bytesInstead}`);
    return d.type;
  };
  const imp = WebAssembly.Module.imports(module).find((d) => d.kind === 'memory');
  const exp = WebAssembly.Module.exports(module).find((d) => d.kind === 'memory');
  if (imp) {
    const t = typed(imp);
    info.imported = { module: imp.module, name: imp.name, min: t.minimum, max: t.maximum, shared: !!t.shared };
  } else if (exp) {
    info.own = { shared: !!typed(exp).shared, exported: exp.name };
  } else {
    throw new Error(`wasync: the compiled module neither imports nor exports its memory, which the host's calls must reach; ${bytesInstead}`);
  }
  for (const d of WebAssembly.Module.imports(module)) {
    if (d.kind !== 'global') continue;
    const t = typed(d);
    info.globals.push({ module: d.module, name: d.name, type: t.value, mutable: !!t.mutable });
  }
  const names = WebAssembly.Module.customSections(module, 'name');
  if (names.length) info.name = moduleName(new Uint8Array(names[0]));
  return info;
}

// moduleName reads the module-name subsection of a name section's body.
function moduleName(body) {
  const r = new Reader(body);
  if (r.off < body.length && r.byte() === 0) {
    r.u32();
    return r.name();
  }
  return '';
}

// exportMemory returns the module with its own memory 0 exported as
// MEMORY_EXPORT, for a module that does not export it.
export function exportMemory(bytes) {
  const b = new Uint8Array(bytes);
  const secs = sections(b);
  const entry = [...uleb(MEMORY_EXPORT.length), ...new TextEncoder().encode(MEMORY_EXPORT), 2, 0];
  const order = [1, 2, 3, 4, 5, 13, 6, 7, 8, 9, 12, 10, 11]; // the binary format's section order
  const rank = (id) => order.indexOf(id);
  const exp = secs.find((s) => s.id === 7);
  let parts;
  if (exp) {
    const r = new Reader(b, exp.start);
    const n = r.u32();
    const body = [...uleb(n + 1), ...b.subarray(r.off, exp.end), ...entry];
    const head = b.subarray(0, exp.hdr);
    parts = [head, [7, ...uleb(body.length), ...body], b.subarray(exp.end)];
  } else {
    const at = secs.find((s) => s.id !== 0 && rank(s.id) > rank(7));
    const cut = at ? at.hdr : b.length;
    const body = [1, ...entry];
    parts = [b.subarray(0, cut), [7, ...uleb(body.length), ...body], b.subarray(cut)];
  }
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let off = 0;
  for (const p of parts) { out.set(p, off); off += p.length; }
  return { bytes: out, name: MEMORY_EXPORT };
}

function uleb(v) {
  const out = [];
  do {
    let x = v & 0x7f;
    v = Math.floor(v / 128);
    if (v) x |= 0x80;
    out.push(x);
  } while (v);
  return out;
}
