/* io.c: the WASI imports and helpers of wasync_io.h. */
#include <stdarg.h>
#include <stddef.h>

#include "wasync.h"
#include "wasync_io.h"

#define WASI_IMPORT(fn) __attribute__((import_module("wasi_snapshot_preview1"), import_name(fn)))

struct ciovec {
	const void *buf;
	size_t len;
};

WASI_IMPORT("fd_write") int __wasi_fd_write(int fd, const struct ciovec *iovs, size_t n, size_t *written);
WASI_IMPORT("proc_exit") __attribute__((noreturn)) void __wasi_proc_exit(int code);
WASI_IMPORT("args_sizes_get") int __wasi_args_sizes_get(size_t *argc, size_t *size);
WASI_IMPORT("args_get") int __wasi_args_get(char **argv, char *buf);
WASI_IMPORT("clock_time_get") int __wasi_clock_time_get(uint32_t clock, uint64_t precision, uint64_t *t);

#define WASI_CLOCK_MONOTONIC 1

uint64_t wasync_now_ns(void)
{
	uint64_t t = 0;
	if (__wasi_clock_time_get(WASI_CLOCK_MONOTONIC, 1, &t) != 0)
		return 0;
	return t;
}

void wasync_exit(int code) { __wasi_proc_exit(code); }

#define MAX_ARGS 32
#define ARGS_BYTES 1024

void _start(void)
{
	static char *argv[MAX_ARGS + 1];
	static char buf[ARGS_BYTES];
	size_t argc = 0, size = 0;
	/* Too many or too long arguments: run with none rather than overflow. */
	if (__wasi_args_sizes_get(&argc, &size) != 0 || argc > MAX_ARGS || size > ARGS_BYTES ||
	    __wasi_args_get(argv, buf) != 0)
		argc = 0;
	argv[argc] = 0;
	wasync_exit(main((int)argc, argv));
}

const char *wasync_errname(int e)
{
	switch (e) {
	case WASYNC_OK: return "OK";
	case WASYNC_EAGAIN: return "EAGAIN";
	case WASYNC_EBUSY: return "EBUSY";
	case WASYNC_EDEADLK: return "EDEADLK";
	case WASYNC_EFAULT: return "EFAULT";
	case WASYNC_EINVAL: return "EINVAL";
	case WASYNC_EOVERFLOW: return "EOVERFLOW";
	case WASYNC_EOWNERDEAD: return "EOWNERDEAD";
	case WASYNC_EPERM: return "EPERM";
	case WASYNC_ETIMEDOUT: return "ETIMEDOUT";
	}
	return "E?";
}

uint32_t wasync_atou(const char *s, uint32_t def)
{
	uint32_t n = 0;
	if (s == 0 || *s == 0)
		return def;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return def;
		n = n * 10 + (uint32_t)(*s - '0');
	}
	return n;
}

struct out {
	char b[256];
	size_t n;
};

static void put(struct out *o, char c)
{
	if (o->n < sizeof o->b)
		o->b[o->n++] = c;
}

static void puts_(struct out *o, const char *s)
{
	while (*s)
		put(o, *s++);
}

static void putu(struct out *o, uint64_t v, uint32_t base)
{
	char d[20];
	int i = 0;
	do {
		d[i++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (i)
		put(o, d[--i]);
}

static void putd(struct out *o, int64_t v)
{
	if (v < 0) {
		put(o, '-');
		putu(o, 0u - (uint64_t)v, 10);
	} else {
		putu(o, (uint64_t)v, 10);
	}
}

static void vformat(int fd, const char *f, va_list ap)
{
	struct out o;
	o.n = 0;
	for (; *f; f++) {
		if (*f != '%' || f[1] == 0) {
			put(&o, *f);
			continue;
		}
		/* ll: 64 bits; l and z are 32 bits on wasm32, as int. */
		int wide = 0;
		while (f[1] == 'l' || f[1] == 'z')
			wide += *++f == 'l';
		wide = wide >= 2;
		switch (*++f) {
		case 'd': putd(&o, wide ? va_arg(ap, int64_t) : va_arg(ap, int)); break;
		case 'u': putu(&o, wide ? va_arg(ap, uint64_t) : va_arg(ap, uint32_t), 10); break;
		case 'x': putu(&o, wide ? va_arg(ap, uint64_t) : va_arg(ap, uint32_t), 16); break;
		case 's': puts_(&o, va_arg(ap, const char *)); break;
		case 'c': put(&o, (char)va_arg(ap, int)); break;
		case 'E': puts_(&o, wasync_errname(va_arg(ap, int))); break;
		default: put(&o, *f); break;
		}
	}
	struct ciovec iov = {o.b, o.n};
	size_t written;
	__wasi_fd_write(fd, &iov, 1, &written);
}

void wasync_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vformat(1, fmt, ap);
	va_end(ap);
}

void wasync_eprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vformat(2, fmt, ap);
	va_end(ap);
}
