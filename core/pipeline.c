/* core/pipeline.c -- layout on the calling thread, encoding on others.
 *
 * The layout's page callback copies each page into a ring of QUEUE_PAGES
 * slots and returns. Encoder threads, one a core, each take the oldest
 * page no one has taken (and the same entry's pages after it) and encode
 * them with its own cache (a cache is one thread's: it is not locked; it
 * only saves time, the bytes are the same whichever cache, so which
 * thread takes which page does not show). The
 * encoded pages are handed to the caller's callback in the layout's
 * order, one call at a time, by whichever encoder finds the oldest page
 * encoded (hand_on), and their slots freed. With one thread for the
 * layout and one an encoder, the slower of the two would set the pace;
 * with an encoder a core, the layout thread and the encoders share the
 * cores and neither waits on the other for long.
 *
 * When the ring is full the layout waits, when it is empty the encoders
 * do: one mutex and two condition variables. A thread is woken only when
 * it waits, the layout only once half the ring is free, an encoder once
 * WAKE_PAGES pages wait: woken at every page, the threads would spend a
 * tenth of their time going to sleep and waking up. A nonzero callback value is passed back to the
 * layout at its next page (which then stops) or at the end; the pages
 * after it are dropped. */
#include "pipeline.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "videotex/encode.h"

/* Enough for the encoders not to wait on a layout that makes a file's
 * pages in a burst, and for the three threads sharing two cores to sleep
 * and wake seldom (16 slots: three times the context switches, and a
 * quarter more time on 2 MB of notes); small enough (~14 KB a page,
 * under 1 MB in all) not to matter. */
#define QUEUE_PAGES 64
#define ENCODERS_MAX 4
/* An encoder takes the oldest page and the pages of the same entry queued
 * after it, up to RUN_MAX: they share their frame rows (header band,
 * status row but its page number), which its cache then holds. Taken one
 * at a time, an entry's pages alternate between the encoders' caches
 * (3% more encoder instructions on the sample notes). */
#define RUN_MAX 8
/* An idle encoder is woken once this many pages wait, not at every page:
 * the wake-up is a system call of the layout thread, which then waits
 * less often for the system. Fewer than QUEUE_PAGES, so that the layout
 * never fills the ring with the encoders asleep; the last pages are
 * woken for by the end of the layout. */
#define WAKE_PAGES 4

typedef struct slot {
	vtx_screen screen;
	lay_page_info info;
	vtx_buf bytes; /* kept from page to page: no allocation a page */
	int enc;       /* what the encoder returned */
	int ready;     /* encoded, not yet handed on */
} slot;

/* Pages are numbered in the layout's order; page k is in slot
 * k % QUEUE_PAGES from its making until its delivery. */
typedef struct queue {
	pthread_mutex_t lock;
	pthread_cond_t filled; /* a page was made, or done was set */
	pthread_cond_t space;  /* half the ring is free, or stop was set */
	int idle, space_waits; /* threads waiting on each */
	int handing;           /* a thread is in hand_on */
	slot ring[QUEUE_PAGES];
	unsigned long made;      /* pages made by the layout */
	unsigned long taken;     /* pages taken by an encoder */
	unsigned long handed;    /* pages handed on (or dropped) */
	int done;                /* the layout has made its last page */
	int stop;                /* the callback's nonzero value, or 0 */
	unsigned flags;
	pipeline_page_cb cb;
	void *user;
} queue;

typedef struct encoder {
	queue *q;
	pthread_t th;
	vtx_encode_cache *cache; /* this thread's; NULL: slower, same bytes */
} encoder;

/* Encodes the page of slot s; what the encoder returned. */
static int encode_page(const queue *q, vtx_encode_cache *cache, slot *s)
{
	s->bytes.len = 0;
	s->bytes.failed = 0;
	return vtx_encode_screen_cached(cache, &s->screen, q->flags,
					&s->bytes);
}

/* Hands on, in order, the encoded pages at the head of the ring. One
 * thread at a time does it (`handing`); an encoder that finishes a page
 * while another hands on leaves it to that one and goes on encoding,
 * rather than waiting for its page's turn. Called, and returns, with the
 * lock held. */
static void hand_on(queue *q)
{
	if (q->handing)
		return;
	q->handing = 1;
	while (q->handed < q->taken) {
		slot *s = &q->ring[q->handed % QUEUE_PAGES];

		if (!s->ready)
			break;
		if (!q->stop) {
			int stop;

			pthread_mutex_unlock(&q->lock);
			stop = q->cb(&s->screen, &s->info, s->enc,
				     s->bytes.data, s->bytes.len, q->user);
			pthread_mutex_lock(&q->lock);
			if (stop)
				q->stop = stop;
		}
		s->ready = 0;
		q->handed++;
		if (q->space_waits &&
		    (q->made - q->handed <= QUEUE_PAGES / 2 || q->stop))
			pthread_cond_signal(&q->space);
	}
	q->handing = 0;
}

static void *encoder_run(void *arg)
{
	encoder *en = arg;
	queue *q = en->q;

	pthread_mutex_lock(&q->lock);
	for (;;) {
		unsigned long first, end;
		int stop;

		while (q->taken == q->made && !q->done) {
			q->idle++;
			pthread_cond_wait(&q->filled, &q->lock);
			q->idle--;
		}
		if (q->taken == q->made)
			break;
		first = q->taken++;
		while (q->taken < q->made && q->taken - first < RUN_MAX &&
		       q->ring[q->taken % QUEUE_PAGES].info.entry ==
			       q->ring[first % QUEUE_PAGES].info.entry)
			q->taken++;
		end = q->taken;
		for (unsigned long k = first; k < end; k++) {
			slot *s = &q->ring[k % QUEUE_PAGES];

			stop = q->stop;
			pthread_mutex_unlock(&q->lock);
			s->enc = stop ? 0 : encode_page(q, en->cache, s);
			pthread_mutex_lock(&q->lock);
			s->ready = 1;
			hand_on(q);
		}
	}
	pthread_mutex_unlock(&q->lock);
	return NULL;
}

/* The layout's page callback: queues a copy of the page. */
static int enqueue(const vtx_screen *screen, const lay_page_info *info,
		   void *user)
{
	queue *q = user;
	int stop;

	pthread_mutex_lock(&q->lock);
	while (q->made - q->handed == QUEUE_PAGES && !q->stop) {
		q->space_waits++;
		pthread_cond_wait(&q->space, &q->lock);
		q->space_waits--;
	}
	stop = q->stop;
	if (!stop) {
		/* A free slot is the layout's until `made` counts it. */
		slot *s = &q->ring[q->made % QUEUE_PAGES];

		pthread_mutex_unlock(&q->lock);
		s->screen = *screen;
		s->info = *info;
		pthread_mutex_lock(&q->lock);
		q->made++;
		if (q->idle && q->made - q->taken >= WAKE_PAGES)
			pthread_cond_signal(&q->filled);
	}
	pthread_mutex_unlock(&q->lock);
	return stop;
}

/* No encoder thread could start: the same pages, encoded as they come. */
static int inline_page(const vtx_screen *screen, const lay_page_info *info,
		       void *user)
{
	encoder *en = user;
	slot *s = &en->q->ring[0];
	int enc;

	s->screen = *screen;
	s->info = *info;
	enc = encode_page(en->q, en->cache, s);
	return en->q->cb(&s->screen, &s->info, enc, s->bytes.data,
			 s->bytes.len, en->q->user);
}

/* One encoder a core online, the layout thread sharing them. */
static int encoders_wanted(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > ENCODERS_MAX ? ENCODERS_MAX : (int)n;
}

int pipeline_scan(coll *c, coll_diag_cb diag, void *user)
{
	return coll_scan_threads(c, diag, user, encoders_wanted());
}

static int sync_init(queue *q)
{
	if (pthread_mutex_init(&q->lock, NULL) != 0)
		return -1;
	if (pthread_cond_init(&q->filled, NULL) != 0) {
		pthread_mutex_destroy(&q->lock);
		return -1;
	}
	if (pthread_cond_init(&q->space, NULL) != 0) {
		pthread_cond_destroy(&q->filled);
		pthread_mutex_destroy(&q->lock);
		return -1;
	}
	return 0;
}

static void sync_destroy(queue *q)
{
	pthread_cond_destroy(&q->space);
	pthread_cond_destroy(&q->filled);
	pthread_mutex_destroy(&q->lock);
}

/* Lays out with the encoders running; n of them could start. */
static int lay_out_threaded(coll *c, const lay_options *opt, queue *q,
			    encoder *en, int n, lay_site **site)
{
	int ret = coll_lay_out(c, opt, enqueue, q, site);

	pthread_mutex_lock(&q->lock);
	q->done = 1;
	pthread_cond_broadcast(&q->filled);
	pthread_mutex_unlock(&q->lock);
	for (int i = 0; i < n; i++)
		pthread_join(en[i].th, NULL);
	/* The last pages' callback may have stopped after the layout
	 * ended: the build fails all the same. */
	if (ret == 0 && q->stop) {
		lay_site_free(*site);
		*site = NULL;
		ret = q->stop;
	}
	return ret;
}

int pipeline_lay_out(coll *c, const lay_options *opt, unsigned flags,
		     pipeline_page_cb cb, void *user, lay_site **site)
{
	queue *q = calloc(1, sizeof *q);
	encoder en[ENCODERS_MAX];
	int want = encoders_wanted(), n = 0, ret;

	*site = NULL;
	if (!q)
		return -ENOMEM;
	q->flags = flags;
	q->cb = cb;
	q->user = user;
	for (int i = 0; i < want; i++) {
		en[i].q = q;
		en[i].cache = vtx_encode_cache_new();
	}
	if (sync_init(q) == 0) {
		while (n < want && pthread_create(&en[n].th, NULL,
						  encoder_run, &en[n]) == 0)
			n++;
		if (n > 0)
			ret = lay_out_threaded(c, opt, q, en, n, site);
		sync_destroy(q);
	}
	if (n == 0)
		ret = coll_lay_out(c, opt, inline_page, &en[0], site);
	for (int i = 0; i < want; i++)
		vtx_encode_cache_free(en[i].cache);
	for (int i = 0; i < QUEUE_PAGES; i++)
		vtx_buf_free(&q->ring[i].bytes);
	free(q);
	return ret;
}
