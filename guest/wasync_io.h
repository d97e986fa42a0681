/*
 * wasync_io.h: just enough WASI for freestanding guests: a _start that calls
 * main(argc, argv) and exits with its result, line printing, and exit.
 */
#ifndef WASYNC_IO_H
#define WASYNC_IO_H

#include <stdint.h>

/* Guests define this; _start (guest/io.c) calls it and exits with its result. */
int main(int argc, char **argv);

/* wasync_exit ends the whole run (every thread) with status code. */
__attribute__((noreturn)) void wasync_exit(int code);

/*
 * wasync_printf formats into one buffer and writes it with a single fd_write,
 * so lines from different threads do not interleave. It knows %d, %u, %x
 * (unsigned hex), %s, %c, %% and %E (a wasync errno by name, e.g. EDEADLK);
 * %lld, %llu and %llx print 64-bit values (int64_t, uint64_t), and l or z
 * alone mean 32 bits, as long and size_t are on wasm32. Output past 256
 * bytes is cut.
 */
void wasync_printf(const char *fmt, ...);
void wasync_eprintf(const char *fmt, ...); /* the same, to stderr */

/* wasync_errname names a wasync errno ("EPERM"), or "E?" for others. */
const char *wasync_errname(int e);

/* wasync_now_ns reads the monotonic clock in nanoseconds (0 if it fails). */
uint64_t wasync_now_ns(void);

/* wasync_atou parses a decimal number; def if s is empty or not a number. */
uint32_t wasync_atou(const char *s, uint32_t def);

#endif
