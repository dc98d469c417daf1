/* core/pipeline.c -- layout on the calling thread, encoding on another.
 *
 * The layout's page callback copies each page into a ring of QUEUE_PAGES
 * slots and returns; the encoder thread takes the slots in order, encodes
 * each page with its own cache (a cache is one thread's: it is not
 * locked) and hands it to the caller's callback. When the ring is full
 * the layout waits, when it is empty the encoder does: one mutex and two
 * condition variables, taken once a page, which is nothing next to the
 * page's encoding. A nonzero callback value is passed back to the layout
 * at its next page (which then stops) or at the end; the pages queued
 * after it are dropped unencoded. */
#include "pipeline.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>

#include "videotex/encode.h"

/* Enough for the encoder not to wait on a layout that makes a file's
 * pages in a burst; small enough (~14 KB a page) not to matter. */
#define QUEUE_PAGES 8

typedef struct slot {
	vtx_screen screen;
	lay_page_info info;
} slot;

typedef struct queue {
	pthread_mutex_t lock;
	pthread_cond_t filled;  /* a slot was filled, or done was set */
	pthread_cond_t emptied; /* a slot was freed, or stop was set */
	slot ring[QUEUE_PAGES];
	size_t head, count;     /* the oldest queued page; pages queued */
	int done;               /* the layout has made its last page */
	int stop;               /* the callback's nonzero value, or 0 */
	/* The encoder's side: only its thread touches these. */
	vtx_encode_cache *cache;
	unsigned flags;
	pipeline_page_cb cb;
	void *user;
} queue;

/* Encodes one page and hands it on; the callback's value. */
static int deliver(queue *p, const slot *s)
{
	vtx_buf b = {0};
	int enc = vtx_encode_screen_cached(p->cache, &s->screen, p->flags, &b);
	int ret = p->cb(&s->screen, &s->info, enc, b.data, b.len, p->user);

	vtx_buf_free(&b);
	return ret;
}

static void *encoder(void *arg)
{
	queue *p = arg;
	int stop = 0;

	pthread_mutex_lock(&p->lock);
	for (;;) {
		while (p->count == 0 && !p->done)
			pthread_cond_wait(&p->filled, &p->lock);
		if (p->count == 0)
			break;
		/* The head slot stays ours until count goes down. */
		pthread_mutex_unlock(&p->lock);
		if (!stop)
			stop = deliver(p, &p->ring[p->head]);
		pthread_mutex_lock(&p->lock);
		if (stop)
			p->stop = stop;
		p->head = (p->head + 1) % QUEUE_PAGES;
		p->count--;
		pthread_cond_signal(&p->emptied);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

/* The layout's page callback: queues a copy of the page. */
static int enqueue(const vtx_screen *screen, const lay_page_info *info,
		   void *user)
{
	queue *p = user;
	int stop;

	pthread_mutex_lock(&p->lock);
	while (p->count == QUEUE_PAGES && !p->stop)
		pthread_cond_wait(&p->emptied, &p->lock);
	stop = p->stop;
	if (!stop) {
		/* A free slot is the layout's until count goes up. */
		slot *s = &p->ring[(p->head + p->count) % QUEUE_PAGES];

		pthread_mutex_unlock(&p->lock);
		s->screen = *screen;
		s->info = *info;
		pthread_mutex_lock(&p->lock);
		p->count++;
		pthread_cond_signal(&p->filled);
	}
	pthread_mutex_unlock(&p->lock);
	return stop;
}

/* No second thread: the same pages, encoded as they come. */
static int inline_page(const vtx_screen *screen, const lay_page_info *info,
		       void *user)
{
	queue *p = user;
	slot *s = &p->ring[0];

	s->screen = *screen;
	s->info = *info;
	return deliver(p, s);
}

int pipeline_lay_out(coll *c, const lay_options *opt, unsigned flags,
		     pipeline_page_cb cb, void *user, lay_site **site)
{
	queue *p = calloc(1, sizeof *p);
	pthread_t th;
	int ret, threaded;

	*site = NULL;
	if (!p)
		return -ENOMEM;
	p->cache = vtx_encode_cache_new(); /* NULL: slower, same bytes */
	p->flags = flags;
	p->cb = cb;
	p->user = user;
	threaded = pthread_mutex_init(&p->lock, NULL) == 0;
	if (threaded && pthread_cond_init(&p->filled, NULL) != 0) {
		pthread_mutex_destroy(&p->lock);
		threaded = 0;
	}
	if (threaded && pthread_cond_init(&p->emptied, NULL) != 0) {
		pthread_cond_destroy(&p->filled);
		pthread_mutex_destroy(&p->lock);
		threaded = 0;
	}
	if (threaded && pthread_create(&th, NULL, encoder, p) != 0) {
		pthread_cond_destroy(&p->emptied);
		pthread_cond_destroy(&p->filled);
		pthread_mutex_destroy(&p->lock);
		threaded = 0;
	}
	if (!threaded) {
		ret = coll_lay_out(c, opt, inline_page, p, site);
	} else {
		ret = coll_lay_out(c, opt, enqueue, p, site);
		pthread_mutex_lock(&p->lock);
		p->done = 1;
		pthread_cond_signal(&p->filled);
		pthread_mutex_unlock(&p->lock);
		pthread_join(th, NULL);
		/* The last pages' callback may have stopped after the layout
		 * ended: the build fails all the same. */
		if (ret == 0 && p->stop) {
			lay_site_free(*site);
			*site = NULL;
			ret = p->stop;
		}
		pthread_cond_destroy(&p->emptied);
		pthread_cond_destroy(&p->filled);
		pthread_mutex_destroy(&p->lock);
	}
	vtx_encode_cache_free(p->cache);
	free(p);
	return ret;
}
