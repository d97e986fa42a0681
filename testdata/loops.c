/*
 * loops: three compute loops, for the cost of the host's loop
 * instrumentation (BENCHMARKS.md, BenchmarkLoops in wasmhost): a sum of
 * 32-bit words, a byte-by-byte transforming copy (an xor, so that clang
 * cannot turn it into memory.copy) and an FNV-1a hash. Each is exported so
 * that the benchmark calls it directly; main runs each once and prints the
 * results, which TestGuests compares exactly.
 */
#include "wasync_io.h"

#define WORDS (1 << 16)
#define BYTES (4 * WORDS)

static uint32_t words[WORDS];
static uint8_t src[BYTES], dst[BYTES];

__attribute__((export_name("fill"))) void fill(void)
{
	for (uint32_t i = 0; i < WORDS; i++)
		words[i] = i * 2654435761u;
	for (uint32_t i = 0; i < BYTES; i++)
		src[i] = (uint8_t)(i * 7 + 1);
}

__attribute__((export_name("sum"))) uint32_t sum(void)
{
	uint32_t s = 0;
	for (uint32_t i = 0; i < WORDS; i++)
		s += words[i];
	return s;
}

__attribute__((export_name("copy"))) uint32_t copy(void)
{
	for (uint32_t i = 0; i < BYTES; i++)
		dst[i] = src[i] ^ 0x5a;
	return dst[BYTES - 1];
}

__attribute__((export_name("hash"))) uint32_t hash(void)
{
	uint32_t h = 2166136261u;
	for (uint32_t i = 0; i < BYTES; i++)
		h = (h ^ src[i]) * 16777619u;
	return h;
}

int main(int argc, char **argv)
{
	(void)argc, (void)argv;
	fill();
	wasync_printf("sum = %u\n", sum());
	wasync_printf("copy = %u\n", copy());
	wasync_printf("hash = %u\n", hash());
	return 0;
}
