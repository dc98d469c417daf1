/* core/pipeline: pages laid out on one thread and encoded on others reach
 * the callback as coll_lay_out and vtx_encode_screen_cached give them on
 * one thread: the same pages, bytes and site map, in the same order, one
 * call at a time; a callback that stops the build stops it, at any page,
 * the last one included. The notes: the bundled samples (pages/notes)
 * and, when present, the shared ones. */
#include "check.h"
#include "testutil.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/pipeline.h"
#include "videotex/encode.h"

typedef struct page {
	lay_page_info info;
	uint64_t screen, bytes; /* digests */
	size_t len;
} page;

typedef struct pages {
	page *v;
	size_t n, cap;
	int encoded;     /* a page the encoder failed (nonzero) */
	size_t stop_at;  /* stop at this page (index in the calls) ... */
	int stop_with;   /* ... returning this; 0: never */
	int inside;      /* a call is running (two at once would show) */
	int overlapped;
	int slow_first;  /* the first call takes 100 ms */
} pages;

static uint64_t digest(const void *b, size_t n)
{
	const uint8_t *p = b;
	uint64_t h = 0xcbf29ce484222325u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3u;
	return h;
}

static int add(pages *ps, const vtx_screen *s, const lay_page_info *info,
	       int encoded, const uint8_t *bytes, size_t len)
{
	page *p;

	if (ps->inside++)
		ps->overlapped = 1;
	if (ps->slow_first && ps->n == 0) {
		struct timespec ts = {0, 100000000};

		nanosleep(&ts, NULL);
	}
	if (ps->n == ps->cap) {
		ps->cap = ps->cap ? 2 * ps->cap : 256;
		ps->v = realloc(ps->v, ps->cap * sizeof *ps->v);
		if (!ps->v)
			abort();
	}
	p = &ps->v[ps->n++];
	p->info = *info;
	p->screen = s ? digest(s->cells, sizeof s->cells) : 0;
	p->bytes = digest(bytes, len);
	p->len = len;
	ps->encoded |= encoded != 0;
	ps->inside--;
	return ps->stop_with && ps->n == ps->stop_at ? ps->stop_with : 0;
}

/* The reference: one thread, one cache, as export did before. */
typedef struct serial {
	pages *ps;
	vtx_encode_cache *cache;
} serial;

static int serial_page(const vtx_screen *s, const lay_page_info *info,
		       void *user)
{
	serial *sr = user;
	vtx_buf b = {0};
	int enc = vtx_encode_screen_cached(sr->cache, s, VTX_ENCODE_FF, &b);
	int ret = add(sr->ps, s, info, enc, b.data, b.len);

	vtx_buf_free(&b);
	return ret;
}

static int piped_page(const vtx_screen *s, const lay_page_info *info,
		      int encoded, const uint8_t *bytes, size_t len,
		      void *user)
{
	return add(user, s, info, encoded, bytes, len);
}

/* A digest of the whole site map: entries, page records, notes. */
static uint64_t site_digest(const lay_site *s)
{
	uint64_t h = digest(s->pages, s->npages * sizeof *s->pages);

	for (size_t i = 0; i < s->nentries; i++) {
		const lay_entry *e = &s->entries[i];

		h = h * 31 + digest(e->title, strlen(e->title));
		h = h * 31 + (e->date ? digest(e->date, strlen(e->date)) : 1);
		h = h * 31 + (e->file ? digest(e->file, strlen(e->file)) : 2);
		h = h * 31 + (uint64_t)e->first_page * 1000 + (uint64_t)e->npages;
	}
	for (size_t i = 0; i < s->nnotes; i++)
		h = h * 31 + digest(s->notes[i], strlen(s->notes[i]));
	return h * 31 + s->replaced;
}

/* Lays `path` out through the pipeline (or serially) into *ps; the
 * build's value, with *npages the site map's pages (0 without one) and
 * *map its digest. */
static int build(const char *path, int piped, pages *ps, size_t *npages,
		 uint64_t *map)
{
	const char *paths[1] = {path};
	coll_options co = {0};
	lay_options lo = {.title = "Test"};
	serial sr = {ps, vtx_encode_cache_new()};
	lay_site *site = NULL;
	coll *c = NULL;
	int ret = coll_open(paths, 1, &co, &c);

	if (ret == 0)
		ret = piped ? pipeline_scan(c, NULL, NULL)
			    : coll_scan(c, NULL, NULL);
	if (ret == 0 && piped)
		ret = pipeline_lay_out(c, &lo,
				       VTX_ENCODE_FF |
					       (piped == 2 ? PIPELINE_NO_SCREEN
							   : 0),
				       piped_page, ps, &site);
	else if (ret == 0)
		ret = coll_lay_out(c, &lo, serial_page, &sr, &site);
	*npages = site ? site->npages : 0;
	*map = site ? site_digest(site) : 0;
	lay_site_free(site);
	coll_close(c);
	vtx_encode_cache_free(sr.cache);
	return ret;
}

static void same_pages(const char *path)
{
	pages a = {0}, b = {0}, d = {0};
	size_t na = 0, nb = 0, nd = 0;
	int same;
	uint64_t ma = 0, mb = 1, mc, md = 2;

	INT_EQ(build(path, 0, &a, &na, &ma), 0, "%s: serial build", path);
	INT_EQ(build(path, 1, &b, &nb, &mb), 0, "%s: pipeline build", path);
	OK(a.n > 1 && a.n == na, "%s: %zu pages", path, a.n);
	OK(nb == na && mb == ma, "%s: the same site map (%zu pages)", path,
	   nb);
	same = a.n == b.n;
	for (size_t i = 0; same && i < a.n; i++)
		same = !memcmp(&a.v[i].info, &b.v[i].info, sizeof a.v[i].info) &&
		       a.v[i].screen == b.v[i].screen &&
		       a.v[i].bytes == b.v[i].bytes && a.v[i].len == b.v[i].len;
	OK(same, "%s: the same pages, bytes and order", path);
	OK(!b.encoded && !b.overlapped, "%s: every page encoded, one call at "
	   "a time", path);

	/* PIPELINE_NO_SCREEN: the same records and bytes, no screens. */
	INT_EQ(build(path, 2, &d, &nd, &md), 0, "%s: build without screens",
	       path);
	same = d.n == a.n && nd == na && md == ma;
	for (size_t i = 0; same && i < a.n; i++)
		same = !memcmp(&a.v[i].info, &d.v[i].info, sizeof a.v[i].info) &&
		       d.v[i].screen == 0 && a.v[i].bytes == d.v[i].bytes;
	OK(same, "%s: without screens, the same records and bytes", path);
	free(d.v);

	/* Stopping: early, at eight places on the way (a page handed on
	 * as it is made, or one a worker kept for its turn: which, depends
	 * on timing), at the very last page (which the layout has made when
	 * the callback sees it). */
	for (int k = 0; k < 10 && a.n > 2; k++) {
		size_t at = k == 0 ? 1 : k == 9 ? a.n : 1 + a.n * (size_t)k / 9;
		pages c = {.stop_at = at, .stop_with = 7 + k};
		size_t nc = 99;

		INT_EQ(build(path, 1, &c, &nc, &mc), 7 + k, "%s: stopped at page "
		       "%zu of %zu", path, at, a.n);
		INT_EQ((long)c.n, (long)at, "%s: no page after the stop",
		       path);
		INT_EQ((long)nc, 0, "%s: no site map after a stop", path);
		free(c.v);
	}
	free(a.v);
	free(b.v);
}

/* Writes `text` to dir/name. */
static void put_file(const char *dir, const char *name, const char *text,
		     size_t len)
{
	char path[4200];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(text, 1, len, f) != len)
		abort();
	fclose(f);
}

/* Writes dir/name: a day of 200 short entries. */
static void put_big(const char *dir, const char *name)
{
	vtx_buf big = {0};

	for (int e = 0; e < 200; e++) {
		char line[160];
		int n = snprintf(line, sizeof line,
				 "{section \"Entry %d\"}\nA few words "
				 "for entry %d, then a longer line that "
				 "wraps once at forty cells.\n\n", e, e);

		vtx_buf_put(&big, (const uint8_t *)line, (size_t)n);
	}
	put_file(dir, name, (const char *)big.data, big.len);
	vtx_buf_free(&big);
}

/* A file that gains an entry between the scan and the layout: the build
 * fails with -ESTALE, names that file, and makes no site map. */
static void changed_file(const char *dir)
{
	const char *paths[1] = {dir};
	char path[4200];
	lay_options lo = {.title = "Test"};
	lay_site *site = NULL;
	pages ps = {0};
	coll *c = NULL;
	FILE *f;
	int ret;

	INT_EQ(coll_open(paths, 1, NULL, &c), 0, "open");
	INT_EQ(pipeline_scan(c, NULL, NULL), 0, "scan");
	snprintf(path, sizeof path, "%s/880505.txt", dir);
	f = fopen(path, "ab");
	if (!f)
		abort();
	fputs("\n{section \"One more\"}\nMore.\n", f);
	fclose(f);
	ret = pipeline_lay_out(c, &lo, VTX_ENCODE_FF, piped_page, &ps, &site);
	INT_EQ(ret, -ESTALE, "a file changed since the scan: -ESTALE");
	STR_EQ(coll_current(c) ? coll_current(c) : "(none)", path,
	       "the changed file is named");
	OK(site == NULL, "no site map");
	OK(!ps.overlapped, "one call at a time (%zu pages before)", ps.n);
	lay_site_free(site);
	coll_close(c);
	free(ps.v);
}

/* The pipeline's limits, reached for sure: the first page's callback
 * takes 100 ms, so that the worker on the first file waits there while
 * another runs ahead. With the 200-entry file second it keeps that
 * file's pages until it may keep no more (KEPT_MAX); with small files
 * only it takes files until it may take no more (SLOTS). Either way the
 * pages, bytes and site map are the serial build's. (With one core there
 * is one worker, and nothing to wait for.) */
static void limits(int big_second)
{
	char dir[] = "/tmp/test_pipeline-XXXXXX", name[64], cmd[200];
	size_t len, na = 0, nb = 0;
	uint64_t ma = 0, mb = 1;
	uint8_t *small = tu_read("pages/notes/840605.txt", &len);
	pages a = {0}, b = {.slow_first = 1};
	int same;

	if (!small || !mkdtemp(dir))
		abort();
	put_file(dir, "991231.txt", (const char *)small, len);
	if (big_second)
		put_big(dir, "991230.txt");
	for (int k = 0; k < 16; k++) {
		snprintf(name, sizeof name, "9812%02d.txt", 1 + k);
		put_file(dir, name, (const char *)small, len);
	}
	free(small);
	INT_EQ(build(dir, 0, &a, &na, &ma), 0, "limits %d: serial build",
	       big_second);
	INT_EQ(build(dir, 1, &b, &nb, &mb), 0, "limits %d: pipeline build",
	       big_second);
	same = a.n == b.n && na == nb && ma == mb;
	for (size_t i = 0; same && i < a.n; i++)
		same = !memcmp(&a.v[i].info, &b.v[i].info, sizeof a.v[i].info) &&
		       a.v[i].screen == b.v[i].screen &&
		       a.v[i].bytes == b.v[i].bytes;
	OK(same && !b.overlapped, "limits %d: the same %zu pages, bytes and "
	   "site map, one call at a time", big_second, a.n);
	free(a.v);
	free(b.v);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		abort();
}

/* A collection of many files, small and large: the workers take files
 * ahead of the oldest and keep their pages until its turn. */
static void many_files(void)
{
	char dir[] = "/tmp/test_pipeline-XXXXXX", name[64], cmd[200];
	static const char *const src[] = {"pages/notes/840605.txt",
					  "pages/notes/guide.md"};
	if (!mkdtemp(dir))
		abort();
	for (int k = 0; k < 40; k++) {
		size_t len;
		uint8_t *text = tu_read(src[k % 2], &len);

		if (!text)
			abort();
		snprintf(name, sizeof name, "%02d%02d%02d.%s", 90 - k / 2,
			 1 + k % 12, 1 + k % 28, k % 2 ? "md" : "txt");
		put_file(dir, name, (const char *)text, len);
		free(text);
	}
	put_big(dir, "700101.txt");
	/* and one after it that is its only neighbour in time */
	put_file(dir, "691231.txt", "{section \"Last\"}\nEnd.\n", 23);
	same_pages(dir);
	changed_file(dir);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		abort();
}

int main(void)
{
	char shared[4200];

	same_pages("pages/notes");
	many_files();
	limits(1);
	limits(0);
	snprintf(shared, sizeof shared, "%s/samples/notes", tu_shared());
	if (tu_is_dir(shared))
		same_pages(shared);
	else
		check_skip("shared/samples/notes absent");
	return check_done();
}
