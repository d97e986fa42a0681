/*
 * printf: wasync_printf's conversions, 32- and 64-bit, at their extremes;
 * the golden file holds what each must print.
 */
#include "check.h"

int main(int argc, char **argv)
{
	(void)argc, (void)argv;
	wasync_printf("d %d %d %d\n", 0, -5, (int)0x80000000u);
	wasync_printf("u %u x %x\n", 4294967295u, 0xdeadbeefu);
	wasync_printf("lld %lld %lld\n", (long long)INT64_MIN, (long long)INT64_MAX);
	wasync_printf("llu %llu llx %llx\n", (unsigned long long)UINT64_MAX, 0x123456789abcdefull);
	wasync_printf("ld %ld lu %lu zu %zu\n", -7l, 7ul, sizeof(uint64_t));
	wasync_printf("s %s c %c E %E %%\n", "str", 'x', WASYNC_EDEADLK);
	return 0;
}
