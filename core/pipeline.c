/* core/pipeline.c -- a collection laid out and encoded a file a thread.
 *
 * Workers, one a core (the calling thread among them), each take the
 * next file in the collection's order, parse it, lay its entries out as
 * a part of the site (lay_part_add) and encode every page as it is made,
 * with a cache of their own (a cache only saves time: the bytes are the
 * same whichever cache, so which thread takes which file does not show).
 * Nothing is handed from thread to thread page by page: a worker does all
 * of a file, so the threads meet once a file, not once a page.
 *
 * The pages must reach the callback in the site's order. The worker whose
 * file is the oldest not yet handed on hands its pages on as it makes
 * them ("direct"); the others keep theirs (screen, record, bytes) in
 * their file's slot and, once the file is done, go on to the next one.
 * Whoever finishes the oldest file hands on, in order, the files done
 * after it (hand_on), one thread at a time, and adds each part to the
 * site (lay_join). A worker that is not the oldest waits when SLOTS files
 * are ahead of the oldest or KEPT_MAX pages are kept, so memory holds a
 * few files' pages, not the collection's; the oldest never waits. The
 * sommaire pages come last (lay_end), encoded on the calling thread.
 *
 * A nonzero callback value stops the build, which returns it; no page
 * comes after it. */
#include "pipeline.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "videotex/encode.h"

#define WORKERS_MAX 4
/* Files in hand at once (the oldest not handed on and those taken after
 * it), at most: enough for a worker not to wait while the other does a
 * long file (8 rather than 4: 7% less time on 21 MB of notes, A/B on
 * the same machine). Each slot's layout part (its records, an iconv
 * converter) and the kept pages cost memory: with 8 slots and 128 pages
 * the bench's process peaked 2.5 MB higher than with 4 and 64. */
#define SLOTS 8
/* Pages kept waiting for their turn, at most: about 15 KB each with
 * their screen. */
#define KEPT_MAX 128
/* A slot that kept more than this lets its screens go once they are
 * handed on: each slot may reach KEPT_MAX at some time, and all of them
 * together would otherwise hold SLOTS times that. */
#define KEPT_HELD 16

typedef struct kept_page {
	lay_page_info info; /* numbered within its part */
	int enc;
	size_t off, len; /* its bytes in the slot's `bytes` */
} kept_page;

enum { SLOT_FREE, SLOT_BUSY, SLOT_DONE };

/* In cache lines of its own, as a worker is (a worker writes to its
 * file's slot at every page it keeps there). */
typedef struct slot {
	_Alignas(64) size_t file;
	int state;
	int direct;       /* its pages go to the callback as they are made */
	lay_stream *part; /* made at the slot's first use */
	kept_page *pages;
	vtx_screen *screens; /* theirs, but with PIPELINE_NO_SCREEN */
	size_t npages, cap;
	vtx_buf bytes;
} slot;

typedef struct job {
	pthread_mutex_t lock;
	pthread_cond_t moved; /* a file was handed on, pages were let go,
				 or the build stops */
	coll *c;
	lay_stream *ls;
	unsigned flags;     /* the encoder's */
	int no_screen;      /* PIPELINE_NO_SCREEN */
	pipeline_page_cb cb;
	void *user;
	size_t nfiles;
	size_t taken;      /* files taken by a worker */
	size_t handed;     /* files handed on and joined */
	size_t next_entry; /* the site's index of the next file's first entry */
	size_t kept;       /* pages kept in all slots */
	int handing;       /* a thread is in hand_on */
	int stop;          /* the callback's nonzero value */
	int err;           /* the first failure */
	size_t err_file;
	slot slots[SLOTS];
} job;

/* Each in cache lines of its own (the alignment of its first member):
 * a worker's bytes buffer is written at every piece the encoder sends,
 * and two workers side by side in one line made the line go from core
 * to core at each. */
typedef struct worker {
	_Alignas(64) job *j;
	pthread_t th;
	vtx_encode_cache *cache; /* this thread's; NULL: slower, same bytes */
	vtx_buf bytes;           /* the page being encoded */
	slot *s;                 /* the file it is on */
} worker;

static int halted(const job *j)
{
	return j->stop || j->err;
}

/* File `file` failed with `ret` (< 0): the build's failure is that of the
 * first such file in the files' order, as coll_lay_out's would be, among
 * those seen (files taken after it stop early). With the lock held. */
static void failed(job *j, int ret, size_t file)
{
	if (!j->err || file < j->err_file) {
		j->err = ret;
		j->err_file = file;
	}
}

/* Hands page `p` on, numbered in the site (base: the index of its
 * part's first page). Called without the lock, by the one thread whose
 * turn it is. */
static int deliver(job *j, const vtx_screen *screen, lay_page_info info,
		   int enc, const uint8_t *bytes, size_t len, int base)
{
	lay_page_rebase(&info, base);
	return j->cb(j->no_screen ? NULL : screen, &info, enc, bytes, len,
		     j->user);
}

/* Hands on the pages slot s kept, in order; the lock is held on entry
 * and exit, and let go around the callbacks. Only the thread whose turn
 * it is calls this (the slot is the oldest), so no other touches the
 * slot or the site meanwhile. */
static void flush_kept(job *j, slot *s)
{
	int base = lay_pages_made(j->ls);

	for (size_t k = 0; k < s->npages; k++) {
		const kept_page *p = &s->pages[k];
		int stop = j->stop;

		if (!stop) {
			pthread_mutex_unlock(&j->lock);
			stop = deliver(j, s->screens ? &s->screens[k] : NULL,
				       p->info, p->enc,
				       s->bytes.data + p->off, p->len, base);
			pthread_mutex_lock(&j->lock);
			if (stop && !j->stop)
				j->stop = stop;
		}
	}
	j->kept -= s->npages;
	s->npages = 0;
	s->bytes.len = 0;
	if (s->screens && s->cap > KEPT_HELD) {
		free(s->screens);
		free(s->pages);
		s->screens = NULL;
		s->pages = NULL;
		s->cap = 0;
	}
	pthread_cond_broadcast(&j->moved);
}

/* Hands on, in order, the files done at the head: their kept pages,
 * then their part joined to the site. One thread at a time does it
 * (`handing`); one that finishes a file while another hands on leaves it
 * to that one and takes the next file. Called, and returns, with the
 * lock held. */
static void hand_on(job *j)
{
	if (j->handing)
		return;
	j->handing = 1;
	while (j->handed < j->taken) {
		slot *s = &j->slots[j->handed % SLOTS];
		int ret;

		if (s->state != SLOT_DONE)
			break;
		flush_kept(j, s);
		ret = halted(j) ? 0 : lay_join(j->ls, s->part);
		if (ret)
			failed(j, ret, s->file);
		s->state = SLOT_FREE;
		j->handed++;
		pthread_cond_broadcast(&j->moved);
	}
	j->handing = 0;
}

/* Keeps page `info` of slot s for its turn. */
static int keep(const job *j, slot *s, const vtx_screen *screen,
		const lay_page_info *info, int enc, const vtx_buf *bytes)
{
	kept_page *p;

	if (s->npages == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 8;
		kept_page *np = realloc(s->pages, cap * sizeof *np);
		vtx_screen *ns;

		if (!np)
			return -ENOMEM;
		s->pages = np;
		if (!j->no_screen) {
			ns = realloc(s->screens, cap * sizeof *ns);
			if (!ns)
				return -ENOMEM;
			s->screens = ns;
		}
		s->cap = cap;
	}
	p = &s->pages[s->npages];
	p->off = s->bytes.len;
	p->len = bytes->len;
	vtx_buf_put(&s->bytes, bytes->data, bytes->len);
	if (s->bytes.failed)
		return -ENOMEM;
	if (!j->no_screen)
		s->screens[s->npages] = *screen;
	p->info = *info;
	p->enc = enc;
	s->npages++;
	return 0;
}

/* The part's page callback, on the worker's thread: encodes the page,
 * then hands it on when its file is the oldest, else keeps it. */
static int on_page(const vtx_screen *screen, const lay_page_info *info,
		   void *user)
{
	worker *w = user;
	job *j = w->j;
	slot *s = w->s;
	int enc, stop, ret = 0;

	w->bytes.len = 0;
	w->bytes.failed = 0;
	enc = vtx_encode_screen_cached(w->cache, screen, j->flags, &w->bytes);
	if (!s->direct) {
		pthread_mutex_lock(&j->lock);
		while (j->handed != s->file && j->kept >= KEPT_MAX &&
		       !halted(j))
			pthread_cond_wait(&j->moved, &j->lock);
		if (j->handed == s->file && !halted(j)) {
			/* Its turn: what it kept first, then as it comes. */
			flush_kept(j, s);
			s->direct = 1;
		} else if (!halted(j)) {
			j->kept++;
			pthread_mutex_unlock(&j->lock);
			ret = keep(j, s, screen, info, enc, &w->bytes);
			pthread_mutex_lock(&j->lock);
			if (ret < 0) {
				j->kept--;
				failed(j, ret, s->file);
			}
		}
		/* (a kept page's callback may have stopped the build) */
		stop = halted(j);
		pthread_mutex_unlock(&j->lock);
		if (stop || !s->direct)
			return stop;
	}
	/* Its turn: the files before are joined, and nobody else hands
	 * anything on until this file is done. */
	stop = deliver(j, screen, *info, enc, w->bytes.data, w->bytes.len,
		       lay_pages_made(j->ls));
	if (stop) {
		pthread_mutex_lock(&j->lock);
		if (!j->stop)
			j->stop = stop;
		pthread_mutex_unlock(&j->lock);
	}
	return stop;
}

static void *work(void *arg)
{
	worker *w = arg;
	job *j = w->j;

	pthread_mutex_lock(&j->lock);
	for (;;) {
		size_t i, first;
		doc *d = NULL;
		slot *s;
		int ret;

		while (!halted(j) && j->taken < j->nfiles &&
		       j->taken - j->handed >= SLOTS)
			pthread_cond_wait(&j->moved, &j->lock);
		if (halted(j) || j->taken == j->nfiles)
			break;
		i = j->taken++;
		first = j->next_entry;
		j->next_entry += coll_file_entries(j->c, i);
		s = w->s = &j->slots[i % SLOTS];
		s->file = i;
		s->state = SLOT_BUSY;
		s->direct = 0;
		pthread_mutex_unlock(&j->lock);
		ret = s->part ? 0 : lay_part_begin(j->ls, &s->part);
		if (ret == 0)
			ret = coll_read(j->c, i, &d);
		if (ret == 1) {
			ret = lay_part_add(s->part, d, first, on_page, w);
			if (ret > 0) /* stopped: j->stop or j->err says why */
				ret = 0;
		}
		doc_free(d);
		pthread_mutex_lock(&j->lock);
		if (ret < 0)
			failed(j, ret, i);
		s->state = SLOT_DONE;
		hand_on(j);
	}
	pthread_cond_broadcast(&j->moved);
	pthread_mutex_unlock(&j->lock);
	return NULL;
}

/* A worker a core online, the calling thread among them. */
static int workers_wanted(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > WORKERS_MAX ? WORKERS_MAX : (int)n;
}

int pipeline_scan(coll *c, coll_diag_cb diag, void *user)
{
	return coll_scan_threads(c, diag, user, workers_wanted());
}

/* The sommaire's pages (lay_end), on the calling thread. */
static int sommaire_page(const vtx_screen *screen,
			 const lay_page_info *info, void *user)
{
	worker *w = user;
	int enc;

	w->bytes.len = 0;
	w->bytes.failed = 0;
	enc = vtx_encode_screen_cached(w->cache, screen, w->j->flags,
				       &w->bytes);
	return w->j->cb(w->j->no_screen ? NULL : screen, info, enc,
			w->bytes.data, w->bytes.len, w->j->user);
}

static void job_free(job *j)
{
	for (int k = 0; k < SLOTS; k++) {
		if (j->slots[k].part)
			lay_end(j->slots[k].part, NULL);
		free(j->slots[k].pages);
		free(j->slots[k].screens);
		vtx_buf_free(&j->slots[k].bytes);
	}
	free(j);
}

int pipeline_lay_out(coll *c, const lay_options *opt, unsigned flags,
		     pipeline_page_cb cb, void *user, lay_site **site)
{
	job *j = aligned_alloc(_Alignof(job), sizeof(job)); /* (slots) */
	worker w[WORKERS_MAX];
	int want = workers_wanted(), made = want, n = 1, ret;

	*site = NULL;
	if (!j)
		return -ENOMEM;
	memset(j, 0, sizeof *j);
	j->c = c;
	j->flags = flags & ~PIPELINE_NO_SCREEN;
	j->no_screen = (flags & PIPELINE_NO_SCREEN) != 0;
	j->cb = cb;
	j->user = user;
	j->nfiles = coll_files(c);
	for (int i = 0; i < want; i++) {
		memset(&w[i], 0, sizeof w[i]);
		w[i].j = j;
		w[i].cache = vtx_encode_cache_new();
	}
	ret = lay_begin(opt, coll_entries(c), sommaire_page, &w[0], &j->ls);
	if (ret == 0 && pthread_mutex_init(&j->lock, NULL) != 0)
		ret = -ENOMEM;
	if (ret == 0 && pthread_cond_init(&j->moved, NULL) != 0) {
		pthread_mutex_destroy(&j->lock);
		ret = -ENOMEM;
	}
	if (ret == 0) {
		if (!coll_read_shared(c, 1))
			want = 1;
		/* w[0] is the calling thread; fewer start, fewer run. */
		while (n < want &&
		       pthread_create(&w[n].th, NULL, work, &w[n]) == 0)
			n++;
		work(&w[0]);
		for (int i = 1; i < n; i++)
			pthread_join(w[i].th, NULL);
		coll_read_shared(c, 0);
		pthread_cond_destroy(&j->moved);
		pthread_mutex_destroy(&j->lock);
		ret = j->stop ? j->stop : j->err;
		if (j->err == -ESTALE)
			coll_failed(c, j->err_file);
		/* The sommaire last, when all went well; lay_end frees the
		 * stream either way. */
		if (ret == 0)
			ret = lay_end(j->ls, site);
		else
			lay_end(j->ls, NULL);
	} else if (j->ls) {
		lay_end(j->ls, NULL);
	}
	for (int i = 0; i < made; i++) {
		vtx_encode_cache_free(w[i].cache);
		vtx_buf_free(&w[i].bytes);
	}
	job_free(j);
	return ret;
}
