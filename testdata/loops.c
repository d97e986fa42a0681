/*
 * loops: three compute loops, for the cost of the host's loop
 * instrumentation (BENCHMARKS.md, P8: BenchmarkLoops in wasmhost and the
 * P8 rows of bench/): a sum of 32-bit words, a byte-by-byte transforming
 * copy (an xor, so that clang cannot turn it into memory.copy) and an
 * FNV-1a hash. Each is exported so that a benchmark calls it directly;
 * repeat calls one n times, so that a host whose calls cost more than a
 * kernel (wasmhost.Instance.Call makes a thread) times it in one call.
 * main runs each once and prints the results, which TestGuests compares
 * exactly.
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

__attribute__((export_name("sum"), noinline)) uint32_t sum(void)
{
	uint32_t s = 0;
	for (uint32_t i = 0; i < WORDS; i++)
		s += words[i];
	return s;
}

__attribute__((export_name("copy"), noinline)) uint32_t copy(void)
{
	for (uint32_t i = 0; i < BYTES; i++)
		dst[i] = src[i] ^ 0x5a;
	return dst[BYTES - 1];
}

__attribute__((export_name("hash"), noinline)) uint32_t hash(void)
{
	uint32_t h = 2166136261u;
	for (uint32_t i = 0; i < BYTES; i++)
		h = (h ^ src[i]) * 16777619u;
	return h;
}

/*
 * repeat runs kernel k (0 sum, 1 copy, 2 hash) n times. noinline keeps
 * each kernel's code the one the export runs; the empty asm, which may
 * write memory, keeps clang from calling a kernel once for all n.
 */
__attribute__((export_name("repeat"))) uint32_t repeat(uint32_t k, uint32_t n)
{
	uint32_t r = 0;
	for (uint32_t i = 0; i < n; i++) {
		switch (k) {
		case 0:
			r += sum();
			break;
		case 1:
			r += copy();
			break;
		case 2:
			r += hash();
			break;
		default:
			return 0;
		}
		__asm__ volatile("" ::: "memory");
	}
	return r;
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
