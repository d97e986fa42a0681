// WASI preview1, as much as the test guests, the wasi-threads suite and
// ordinary C programs need. Each worker has its own descriptor table over
// the run's stdio and preopened directories, as each wazero instance has.
// ctx provides: buffer() (the memory's current buffer), args, env,
// write(fd, bytes) (stdout, stderr), read(max) (stdin), pollStdin(ms)
// (stdio.js pollStdin), sleep(ms) (ends early only with the run),
// exit(code), raise(sig), fs (node:fs or null),
// dirs ([{host, guest}]).
import { E } from './abi.js';

const FILETYPE = { CHAR: 2, DIR: 3, FILE: 4 };
const enc = new TextEncoder();

export function wasiImports(ctx) {
  const fds = [{ kind: 'stdin' }, { kind: 'out', fd: 1 }, { kind: 'out', fd: 2 }];
  for (const d of ctx.dirs || []) fds.push({ kind: 'dir', host: d.host, guest: d.guest });
  const dv = () => new DataView(ctx.buffer());
  const u8 = () => new Uint8Array(ctx.buffer());
  const iovs = (ptr, n) => {
    const v = dv(), out = [];
    for (let k = 0; k < n; k++) out.push([v.getUint32(ptr + 8 * k, true), v.getUint32(ptr + 8 * k + 4, true)]);
    return out;
  };
  const strings = (list) => list.map((s) => enc.encode(s + '\0'));
  const args = strings(ctx.args || []);
  const env = strings(ctx.env || []);
  const sizes = (list) => (countp, sizep) => {
    const v = dv();
    v.setUint32(countp, list.length, true);
    v.setUint32(sizep, list.reduce((a, b) => a + b.length, 0), true);
    return 0;
  };
  const get = (list) => (ptrs, buf) => {
    const v = dv(), m = u8();
    for (const [k, s] of list.entries()) {
      v.setUint32(ptrs + 4 * k, buf, true);
      m.set(s, buf);
      buf += s.length;
    }
    return 0;
  };
  const guard = (f) => (...a) => {
    try {
      return f(...a);
    } catch (e) {
      if (e instanceof RangeError) return E.FAULT;
      if (e && e.code && ctx.fs) return fsErrno(e.code);
      throw e;
    }
  };
  const file = (fd) => fds[fd];

  const w = {
    args_sizes_get: sizes(args),
    args_get: get(args),
    environ_sizes_get: sizes(env),
    environ_get: get(env),
    clock_res_get: (id, p) => { dv().setBigUint64(p, 1000n, true); return 0; },
    clock_time_get: (id, prec, p) => {
      if (id > 3) return E.INVAL;
      const ns = id === 0 ? BigInt(Date.now()) * 1000000n : BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6));
      dv().setBigUint64(p, ns, true);
      return 0;
    },
    fd_write: (fd, iov, n, nwritten) => {
      const f = file(fd);
      if (!f || f.kind === 'dir' || f.kind === 'stdin') return E.BADF;
      let total = 0;
      const m = u8();
      for (const [p, len] of iovs(iov, n)) {
        const bytes = m.slice(p, p + len);
        if (f.kind === 'out') ctx.write(f.fd, bytes);
        else f.pos += ctx.fs.writeSync(f.h, bytes, 0, len, f.append ? null : f.pos);
        total += len;
      }
      dv().setUint32(nwritten, total, true);
      return 0;
    },
    fd_read: (fd, iov, n, nread) => {
      const f = file(fd);
      if (!f || f.kind === 'dir' || f.kind === 'out') return E.BADF;
      let total = 0;
      for (const [p, len] of iovs(iov, n)) {
        if (len === 0) continue;
        let got;
        if (f.kind === 'stdin') {
          const b = ctx.read(len);
          u8().set(b, p);
          got = b.length;
        } else {
          const b = new Uint8Array(len);
          got = ctx.fs.readSync(f.h, b, 0, len, f.pos);
          f.pos += got;
          u8().set(b.subarray(0, got), p);
        }
        total += got;
        if (got < len || f.kind === 'stdin') break;
      }
      dv().setUint32(nread, total, true);
      return 0;
    },
    fd_close: (fd) => {
      const f = file(fd);
      if (!f) return E.BADF;
      if (f.kind === 'file') ctx.fs.closeSync(f.h);
      fds[fd] = undefined;
      return 0;
    },
    fd_seek: (fd, off, whence, p) => {
      const f = file(fd);
      if (!f) return E.BADF;
      if (f.kind !== 'file') return E.SPIPE;
      let pos = Number(off);
      if (whence === 1) pos += f.pos;
      else if (whence === 2) pos += ctx.fs.fstatSync(f.h).size;
      if (pos < 0) return E.INVAL;
      f.pos = pos;
      dv().setBigUint64(p, BigInt(pos), true);
      return 0;
    },
    fd_fdstat_get: (fd, p) => {
      const f = file(fd);
      if (!f) return E.BADF;
      const v = dv();
      const type = f.kind === 'dir' ? FILETYPE.DIR : f.kind === 'file' ? FILETYPE.FILE : FILETYPE.CHAR;
      v.setUint8(p, type);
      v.setUint16(p + 2, 0, true);
      v.setBigUint64(p + 8, 0xffffffffn, true);
      v.setBigUint64(p + 16, 0xffffffffn, true);
      return 0;
    },
    fd_fdstat_set_flags: () => 0,
    fd_prestat_get: (fd, p) => {
      const f = file(fd);
      if (!f || f.kind !== 'dir' || fd < 3) return E.BADF;
      const v = dv();
      v.setUint8(p, 0);
      v.setUint32(p + 4, enc.encode(f.guest).length, true);
      return 0;
    },
    fd_prestat_dir_name: (fd, p, len) => {
      const f = file(fd);
      if (!f || f.kind !== 'dir') return E.BADF;
      u8().set(enc.encode(f.guest).subarray(0, len), p);
      return 0;
    },
    fd_filestat_get: (fd, p) => {
      const f = file(fd);
      if (!f) return E.BADF;
      const v = dv();
      for (let k = 0; k < 64; k += 8) v.setBigUint64(p + k, 0n, true);
      if (f.kind === 'file') {
        v.setUint8(p + 16, FILETYPE.FILE);
        v.setBigUint64(p + 32, BigInt(ctx.fs.fstatSync(f.h).size), true);
      } else v.setUint8(p + 16, f.kind === 'dir' ? FILETYPE.DIR : FILETYPE.CHAR);
      return 0;
    },
    path_open: (dirfd, lookup, path, pathLen, oflags, rightsBase, rightsInh, fdflags, fdp) => {
      const d = file(dirfd);
      if (!d || d.kind !== 'dir' || !ctx.fs) return E.BADF;
      const rel = new TextDecoder().decode(u8().slice(path, path + pathLen));
      if (rel.split('/').includes('..') || rel.startsWith('/')) return E.NOTCAPABLE;
      const host = d.host + '/' + rel;
      let flags = 'r';
      const write = (rightsBase & 64n) !== 0n; // fd_write right
      if (oflags & 1) flags = oflags & 4 ? 'wx+' : 'a+';
      if (oflags & 8) flags = 'w+';
      if ((oflags & 2)) {
        if (!ctx.fs.statSync(host).isDirectory()) return E.NOTDIR;
        fds.push({ kind: 'dir', host, guest: rel });
      } else {
        const h = ctx.fs.openSync(host, write && flags === 'r' ? 'r+' : flags);
        fds.push({ kind: 'file', h, pos: 0, append: (fdflags & 1) !== 0 });
      }
      dv().setUint32(fdp, fds.length - 1, true);
      return 0;
    },
    poll_oneoff: (inp, out, n, neventsp) => pollOneoff(ctx, dv, inp, out, n, neventsp),
    proc_exit: (code) => ctx.exit(code >>> 0),
    proc_raise: (sig) => ctx.raise(sig),
    random_get: (p, len) => {
      const m = u8();
      for (let off = 0; off < len; off += 65536) {
        const b = new Uint8Array(Math.min(65536, len - off));
        crypto.getRandomValues(b);
        m.set(b, p + off);
      }
      return 0;
    },
    sched_yield: () => 0,
  };
  for (const k of Object.keys(w)) if (k !== 'proc_exit' && k !== 'proc_raise') w[k] = guard(w[k]);
  return w;
}

// pollOneoff waits for the first of its subscriptions: a clock's time
// (the run's end cuts it short), stdin's data or end (ctx.pollStdin, which
// asks the supervisor, as a read would), other descriptors at once. It
// reports every subscription ready when it returns, as WASI preview1 says:
// a read of stdin then does not block.
function pollOneoff(ctx, dv, inp, out, n, neventsp) {
  if (n === 0) return E.INVAL;
  let v = dv();
  let wait = Infinity, stdin = false;
  const subs = [];
  for (let k = 0; k < n; k++) {
    const p = inp + 48 * k;
    const s = { ud: v.getBigUint64(p, true), tag: v.getUint8(p + 8), fd: v.getUint32(p + 16, true) };
    if (s.tag === 0) {
      let ns = Number(v.getBigUint64(p + 24, true));
      if (v.getUint16(p + 40, true) & 1) ns -= (v.getUint32(p + 16, true) === 0 ? Date.now() * 1e6 : (performance.timeOrigin + performance.now()) * 1e6);
      s.ms = Math.max(0, ns / 1e6);
      wait = Math.min(wait, s.ms);
    } else if (s.tag === 1 && s.fd === 0) stdin = true;
    else wait = 0;
    subs.push(s);
  }
  const start = performance.now();
  let input = null;
  if (stdin) input = ctx.pollStdin(wait);
  else if (wait > 0) ctx.sleep(wait);
  const waited = input && input.ready ? performance.now() - start : wait;
  v = dv();
  let ev = 0;
  for (const s of subs) {
    const isStdin = s.tag === 1 && s.fd === 0;
    if (s.tag === 0 ? s.ms > waited : isStdin && !input.ready) continue;
    const p = out + 32 * ev++;
    v.setBigUint64(p, s.ud, true);
    v.setUint16(p + 8, 0, true);
    v.setUint8(p + 10, s.tag);
    v.setBigUint64(p + 16, BigInt(isStdin ? input.nbytes : 0), true);
    v.setUint16(p + 24, isStdin && input.eof ? 1 : 0, true); // FD_READWRITE_HANGUP
  }
  v.setUint32(neventsp, ev, true);
  return 0;
}

function fsErrno(code) {
  return { ENOENT: E.NOENT, EBADF: E.BADF, ENOTDIR: E.NOTDIR, EEXIST: 20, EISDIR: 31, EACCES: 2 }[code] ?? E.IO;
}
