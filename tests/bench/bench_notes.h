/* tests/bench/bench_notes.h -- the notes part of `make bench` (included
 * by bench.c): notes MB/s from files to .vdt bytes on a collection made by
 * repeating the sample notes to 20 MB, peak memory, and bytes per page and
 * seconds at 1200 baud for the bundled sample against the naive encoder. */
#ifndef BENCH_NOTES_H
#define BENCH_NOTES_H

#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/collection.h"
#include "core/layout.h"
#include "videotex/encode.h"

#define NOTES_TARGET (20u << 20)

typedef struct notes_run {
	size_t pages, bytes, naive;
} notes_run;

static int notes_page(const vtx_screen *s, const lay_page_info *info,
		      void *user)
{
	notes_run *r = user;
	vtx_buf b = {0};

	(void)info;
	vtx_encode_screen(s, VTX_ENCODE_FF, &b);
	r->pages++;
	r->bytes += b.len;
	vtx_buf_free(&b);
	return 0;
}

static int notes_page_naive(const vtx_screen *s, const lay_page_info *info,
			    void *user)
{
	notes_run *r = user;
	vtx_buf b = {0};

	notes_page(s, info, user);
	vtx_encode_naive(s, &b);
	r->naive += b.len;
	vtx_buf_free(&b);
	return 0;
}

static int notes_build(const char *path, lay_page_cb cb, notes_run *r)
{
	const char *paths[1] = {path};
	coll_options co = {0};
	lay_options lo = {.title = "Bench"};
	lay_site *site = NULL;
	doc *d = doc_new();
	int ret = coll_load(d, paths, 1, &co);

	if (ret == 0)
		ret = lay_build(d, &lo, cb, r, &site);
	lay_site_free(site);
	doc_free(d);
	return ret;
}

/* Copies the sample notes (the bundled ones, and the shared ones when
 * present) into `dir` again and again, under new names, up to `target`
 * bytes. Returns the bytes written. */
static size_t notes_corpus(const char *dir, size_t target)
{
	const char *roots[2] = {"pages/notes", NULL};
	char shared[4200];
	tu_list files = {0};
	size_t total = 0;
	int copy = 0;

	snprintf(shared, sizeof shared, "%s/samples/notes", tu_shared());
	if (tu_is_dir(shared))
		roots[1] = shared;
	for (int i = 0; i < 2 && roots[i]; i++) {
		tu_list l = {0};

		tu_walk(roots[i], "", ".txt", &l);
		tu_walk(roots[i], "", ".md", &l);
		for (size_t k = 0; k < l.n; k++) {
			char p[8400];

			snprintf(p, sizeof p, "%s/%s", roots[i], l.items[k]);
			tu_list_add(&files, p);
		}
		tu_list_free(&l);
	}
	while (total < target && files.n > 0) {
		for (size_t k = 0; k < files.n && total < target; k++) {
			const char *base = strrchr(files.items[k], '/');
			char out[8400];
			size_t n = 0;
			uint8_t *b = tu_read(files.items[k], &n);
			FILE *f;

			snprintf(out, sizeof out, "%s/c%05d-%s", dir, copy++,
				 base ? base + 1 : files.items[k]);
			f = fopen(out, "wb");
			if (!b || !f || fwrite(b, 1, n, f) != n) {
				free(b);
				if (f)
					fclose(f);
				tu_list_free(&files);
				return total;
			}
			fclose(f);
			free(b);
			total += n;
		}
	}
	tu_list_free(&files);
	return total;
}

static long peak_kb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static void bench_notes(void)
{
	char dir[] = "/tmp/minitel-bench-XXXXXX";
	notes_run sample = {0}, big = {0};
	size_t size;
	double t0, dt;
	long before;
	char cmd[64];

	if (notes_build("pages/notes", notes_page_naive, &sample) == 0 &&
	    sample.pages)
		printf("notes (pages/notes): %zu pages, %.0f bytes a page "
		       "(%.2f s at 1200 baud), naive encoder %.0f bytes a "
		       "page (%.2f s)\n",
		       sample.pages, (double)sample.bytes / sample.pages,
		       (double)sample.bytes * 10 / 1200 / sample.pages,
		       (double)sample.naive / sample.pages,
		       (double)sample.naive * 10 / 1200 / sample.pages);
	if (!mkdtemp(dir))
		return;
	size = notes_corpus(dir, NOTES_TARGET);
	before = peak_kb();
	t0 = now();
	notes_build(dir, notes_page, &big);
	dt = now() - t0;
	printf("notes: %.1f MB of notes -> %zu pages, %zu .vdt bytes in "
	       "%.2f s: %.1f MB/s; peak memory %ld -> %ld MB\n",
	       size / 1e6, big.pages, big.bytes, dt, size / dt / 1e6,
	       before / 1024, peak_kb() / 1024);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("could not remove %s\n", dir);
}

#endif
