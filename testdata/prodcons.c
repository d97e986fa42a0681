/*
 * prodcons: producers and consumers through a bounded ring guarded by a
 * mutex, counted by two semaphores (free slots, filled slots). Every item is
 * a distinct number; each consumer marks what it takes, and main checks every
 * item was consumed exactly once: nothing lost, nothing duplicated.
 *
 *   prodcons.wasm [producers=3] [consumers=3] [items per producer=2000]
 */
#include "check.h"

#define SLOTS 8
#define MAX_ITEMS 65536
#define STOP 0xFFFFFFFFu

static struct wasync_mutex ring_mu = WASYNC_MUTEX_INIT;
static struct wasync_semaphore free_slots = WASYNC_SEMAPHORE_INIT(SLOTS);
static struct wasync_semaphore filled = WASYNC_SEMAPHORE_INIT(0);
static uint32_t ring[SLOTS];
static uint32_t head, tail; /* guarded by ring_mu */
static unsigned char seen[MAX_ITEMS];
static uint32_t per_producer;
static int errors;

static void must(int e)
{
	if (e != 0)
		__atomic_fetch_add(&errors, 1, __ATOMIC_RELAXED);
}

static void put(uint32_t item)
{
	must(wasync_sem_acquire(&free_slots));
	must(wasync_mutex_lock(&ring_mu));
	ring[tail++ % SLOTS] = item;
	must(wasync_mutex_unlock(&ring_mu));
	must(wasync_sem_release(&filled));
}

static uint32_t get(void)
{
	must(wasync_sem_acquire(&filled));
	must(wasync_mutex_lock(&ring_mu));
	uint32_t item = ring[head++ % SLOTS];
	must(wasync_mutex_unlock(&ring_mu));
	must(wasync_sem_release(&free_slots));
	return item;
}

static void producer(void *arg)
{
	uint32_t first = (uint32_t)(uintptr_t)arg * per_producer;
	for (uint32_t i = 0; i < per_producer; i++)
		put(first + i);
}

static void consumer(void *arg)
{
	(void)arg;
	uint32_t item;
	while ((item = get()) != STOP)
		__atomic_fetch_add(&seen[item], 1, __ATOMIC_RELAXED);
}

int main(int argc, char **argv)
{
	uint32_t producers = wasync_atou(argc > 1 ? argv[1] : 0, 3);
	uint32_t consumers = wasync_atou(argc > 2 ? argv[2] : 0, 3);
	per_producer = wasync_atou(argc > 3 ? argv[3] : 0, 2000);
	uint32_t total = producers * per_producer;
	if (producers == 0 || consumers == 0 || producers + consumers > WASYNC_MAX_THREADS ||
	    per_producer > MAX_ITEMS || total > MAX_ITEMS) {
		wasync_eprintf("usage: prodcons [producers] [consumers] [items per producer], at most %d items\n", MAX_ITEMS);
		return 2;
	}
	int ptids[WASYNC_MAX_THREADS], ctids[WASYNC_MAX_THREADS];
	for (uint32_t i = 0; i < consumers; i++)
		ctids[i] = wasync_thread_spawn(consumer, 0);
	for (uint32_t i = 0; i < producers; i++)
		ptids[i] = wasync_thread_spawn(producer, (void *)(uintptr_t)i);
	for (uint32_t i = 0; i < producers; i++)
		wasync_thread_join(ptids[i]);
	for (uint32_t i = 0; i < consumers; i++)
		put(STOP);
	for (uint32_t i = 0; i < consumers; i++)
		wasync_thread_join(ctids[i]);

	uint32_t consumed = 0, lost = 0, duplicated = 0;
	for (uint32_t i = 0; i < total; i++) {
		consumed += seen[i];
		lost += seen[i] == 0;
		duplicated += seen[i] > 1;
	}
	wasync_printf("prodcons: %u producers x %u items, %u consumers: %u consumed, %u lost, %u duplicated\n",
		      producers, per_producer, consumers, consumed, lost, duplicated);
	expect_u32("call errors", (uint32_t)errors, 0);
	expect_u32("free slots at the end", sem_count(&free_slots), SLOTS);
	expect_u32("filled slots at the end", sem_count(&filled), 0);
	if (consumed != total || lost != 0 || duplicated != 0)
		return 1;
	return check_done();
}
