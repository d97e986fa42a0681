/*
 * bench.h: what the benchmark guests (syncbench, scale, objects) share with
 * the Go side (bench/): how a timing is printed, and a pause that lets the
 * host measure its own memory at a given point of the run.
 */
#ifndef BENCH_H
#define BENCH_H

#include "wasync_io.h"

/*
 * bench_report prints "time S s N ns, ops K": the guest's monotonic-clock
 * time of the measured part (split, as wasync_printf has no 64-bit format)
 * and how many operations it did.
 */
static inline void bench_report(uint64_t ns, uint32_t ops)
{
	wasync_printf("time %u s %u ns, ops %u\n", (uint32_t)(ns / 1000000000u), (uint32_t)(ns % 1000000000u), ops);
}

__attribute__((import_module("wasi_snapshot_preview1"), import_name("fd_read"))) int
__bench_fd_read(int fd, const void *iovs, uint32_t n, uint32_t *nread);

/*
 * bench_pause prints "pause WHAT" and waits for a byte on stdin: the host
 * reads its memory statistics while the guest's threads hold still, then
 * writes the byte. With no host listening (stdin at its end) it returns at
 * once.
 */
static inline void bench_pause(const char *what)
{
	char c;
	struct {
		void *buf;
		uint32_t len;
	} iov = {&c, 1};
	uint32_t n;
	wasync_printf("pause %s\n", what);
	(void)__bench_fd_read(0, &iov, 1, &n);
}

#endif
