/* tests/bench/bench_notes.h -- the notes part of `make bench` (included
 * by bench.c): notes MB/s from files to .vdt bytes on a collection made by
 * repeating the sample notes to 20 MB (with the pictures beside them,
 * which the notes show: copied once, they count for no MB), peak memory
 * at 5 and 20 MB, and
 * bytes per page and seconds at 1200 baud for the bundled sample against
 * the naive encoder.
 *
 * The big runs go the way `minitel export` goes (tools/notes.c): the
 * collection scanned on a thread a core (coll_open/scan), then each file
 * parsed, laid out and its pages encoded as complete pages on a thread a
 * core, a file a thread (core/pipeline.h).
 * Each runs in a fresh process (this program again, with --notes DIR), so
 * that its peak RSS is its own and not the rest of the bench's. What may
 * grow with the collection is the site map: one record per entry (title,
 * date, file: the sommaire and site.json) and one per page (its keys).
 *
 * Then where the encoder's time goes on notes pages (notes_parts): the
 * pages of one copy of the samples, encoded again on one thread with
 * all but some rows of each blanked. */
#ifndef BENCH_NOTES_H
#define BENCH_NOTES_H

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/collection.h"
#include "core/layout.h"
#include "core/pipeline.h"
#include "videotex/encode.h"

#define NOTES_TARGET (20u << 20)
/* What the 20 MB run must reach (issue: notes MB/s, files to .vdt). */
#define NOTES_MBS_TARGET 20.0

typedef struct notes_run {
	size_t pages, bytes, naive;
} notes_run;

static int notes_page(const vtx_screen *s, const lay_page_info *info,
		      int encoded, const uint8_t *bytes, size_t len,
		      void *user)
{
	notes_run *r = user;

	(void)s;
	(void)info;
	(void)bytes;
	r->pages++;
	r->bytes += len;
	return encoded;
}

static int notes_page_naive(const vtx_screen *s, const lay_page_info *info,
			    int encoded, const uint8_t *bytes, size_t len,
			    void *user)
{
	notes_run *r = user;
	vtx_buf b = {0};

	notes_page(s, info, encoded, bytes, len, user);
	vtx_encode_naive(s, &b);
	r->naive += b.len;
	vtx_buf_free(&b);
	return 0;
}

/* The pipeline of tools/notes.c, without its messages. */
static int notes_build(const char *path, pipeline_page_cb cb, void *user,
		       int whole)
{
	const char *paths[1] = {path};
	coll_options co = {0};
	lay_options lo = {.title = "Bench", .whole_pages = whole};
	lay_site *site = NULL;
	coll *c = NULL;
	int ret = coll_open(paths, 1, &co, &c);

	if (ret == 0)
		ret = pipeline_scan(c, NULL, NULL);
	if (ret == 0)
		ret = pipeline_lay_out(c, &lo,
				       VTX_ENCODE_FF | (cb == notes_page
							? PIPELINE_NO_SCREEN
							: 0),
				       cb, user, &site);
	lay_site_free(site);
	coll_close(c);
	return ret;
}

/* Copies file `from` to `to`; returns its bytes, or -1 when it could
 * not (the bench then says so). */
static long notes_copy(const char *from, const char *to)
{
	size_t n = 0;
	uint8_t *b = tu_read(from, &n);
	FILE *f = b ? fopen(to, "wb") : NULL;
	int ok = f && fwrite(b, 1, n, f) == n;

	if (f && fclose(f) != 0)
		ok = 0;
	free(b);
	if (!ok)
		printf("could not copy %s to %s\n", from, to);
	return ok ? (long)n : -1;
}

/* Copies the pictures of the bundled notes' folder (.png, .jpg) into
 * `dir`, under their names: the notes name them so, and the copies of a
 * note in `dir` find them there. (The shared samples' pictures are not
 * among the samples.) */
static void notes_pictures(const char *dir)
{
	static const char *const kinds[] = {".png", ".jpg"};

	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
		tu_list l = {0};

		tu_walk("pages/notes", "", kinds[i], &l);
		for (size_t k = 0; k < l.n; k++) {
			char from[8400], to[8400];

			if (strchr(l.items[k], '/'))
				continue; /* (none in a folder of its own) */
			snprintf(from, sizeof from, "pages/notes/%s",
				 l.items[k]);
			snprintf(to, sizeof to, "%s/%s", dir, l.items[k]);
			notes_copy(from, to);
		}
		tu_list_free(&l);
	}
}

/* Copies the sample notes (the bundled ones, and the shared ones when
 * present) into `dir` again and again, under new names, up to `target`
 * bytes, or `rounds` copies of each (0: no limit), and their pictures
 * once (notes_pictures). Returns the bytes of notes written. */
static size_t notes_corpus(const char *dir, size_t target, int rounds)
{
	tu_list files = {0};
	size_t total = 0;
	int copy = 0;

	notes_pictures(dir);
	tu_sample_notes(&files);
	for (int round = 0; total < target && files.n > 0 &&
			    (rounds == 0 || round < rounds);
	     round++) {
		for (size_t k = 0; k < files.n && total < target; k++) {
			const char *base = strrchr(files.items[k], '/');
			char out[8400];
			long n;

			snprintf(out, sizeof out, "%s/c%05d-%s", dir, copy++,
				 base ? base + 1 : files.items[k]);
			if ((n = notes_copy(files.items[k], out)) < 0) {
				tu_list_free(&files);
				return total;
			}
			total += (size_t)n;
		}
	}
	tu_list_free(&files);
	return total;
}

/* Removes a folder notes_corpus filled, or says it could not. */
static void notes_rmdir(const char *dir)
{
	char cmd[64];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("could not remove %s\n", dir);
}

static long peak_kb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

/* CPU seconds this process used so far, all its threads. */
static double cpu_seconds(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

/* bench --notes DIR [--whole-pages]: one timed run, its figures on
 * stdout. */
static int bench_notes_child(const char *dir, int whole)
{
	notes_run r = {0};
	double c0 = cpu_seconds(), t0 = now();
	int ret = notes_build(dir, notes_page, &r, whole);

	double dt = now() - t0, cpu = cpu_seconds() - c0;

	printf("%zu %zu %.6f %ld %.6f\n", r.pages, r.bytes, dt, peak_kb(),
	       cpu);
	return ret != 0;
}

typedef struct notes_fig {
	size_t pages, bytes;
	double seconds;
	long peak_kb;
	double cpu; /* seconds of CPU, all threads */
} notes_fig;

/* Runs bench --notes DIR [--whole-pages] in a child; 0 on success. */
static int notes_spawn(const char *self, const char *dir, int whole,
		       notes_fig *f)
{
	int fd[2], status = 0;
	char out[256] = "";
	ssize_t got;
	pid_t pid;

	if (pipe(fd) != 0)
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		dup2(fd[1], 1);
		close(fd[0]);
		close(fd[1]);
		execl(self, self, "--notes", dir,
		      whole ? "--whole-pages" : (char *)NULL, (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	got = read(fd[0], out, sizeof out - 1);
	close(fd[0]);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0 || got <= 0)
		return -1;
	out[got] = 0;
	return sscanf(out, "%zu %zu %lf %ld %lf", &f->pages, &f->bytes,
		      &f->seconds, &f->peak_kb, &f->cpu) == 5 ? 0 : -1;
}

static int cmp_fig(const void *a, const void *b)
{
	double x = ((const notes_fig *)a)->seconds;
	double y = ((const notes_fig *)b)->seconds;

	return (x > y) - (x < y);
}

/*** Where the encoder's time goes ***/

/* The rows of a page a part is made of: the status and key rows (what
 * changes from page to page of an entry: the page number), the header
 * band and its rule (the same on every page of an entry), the body. */
enum { PART_WHOLE, PART_BLANK, PART_CHANGING, PART_BAND, PART_BODY, PARTS };

static int part_has(int part, int r)
{
	switch (part) {
	case PART_WHOLE:
		return 1;
	case PART_CHANGING:
		return r == 0 || r == VTX_ROWS - 1;
	case PART_BAND:
		return r >= 1 && r < LAY_BODY_FIRST;
	case PART_BODY:
		return r >= LAY_BODY_FIRST && r < VTX_ROWS - 1;
	default:
		return 0; /* PART_BLANK: FF and the encoder's own checks */
	}
}

typedef struct page_list {
	vtx_screen *v;
	uint8_t *first; /* the first page of an entry or of the sommaire */
	size_t n, cap;
	int failed;
} page_list;

static int notes_keep(const vtx_screen *s, const lay_page_info *info,
		      int encoded, const uint8_t *bytes, size_t len,
		      void *user)
{
	page_list *l = user;

	(void)encoded;
	(void)bytes;
	(void)len;
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 256;
		vtx_screen *v = realloc(l->v, cap * sizeof *v);
		uint8_t *f = v ? realloc(l->first, cap) : NULL;

		if (v)
			l->v = v;
		if (!f) {
			l->failed = 1;
			return 1;
		}
		l->first = f;
		l->cap = cap;
	}
	l->v[l->n] = *s;
	l->first[l->n++] = info->number == 1;
	return 0;
}

/* Encodes the pages with only the rows of `part` kept (the others
 * blank), on this thread, with a cache; the time of each page goes to
 * sec[1] for an entry's first page, sec[0] for the others. */
static int encode_part(const page_list *l, int part, double sec[2],
		       size_t *bytes)
{
	vtx_encode_cache *c = vtx_encode_cache_new();
	vtx_screen blank, t;
	vtx_buf b = {0};
	int ret = c ? 0 : -1;

	vtx_screen_init(&blank);
	sec[0] = sec[1] = 0;
	*bytes = 0;
	for (size_t i = 0; i < l->n && ret == 0; i++) {
		double t0;

		t = l->v[i];
		for (int r = 0; r < VTX_ROWS; r++)
			if (!part_has(part, r))
				memcpy(t.cells[r], blank.cells[r],
				       sizeof t.cells[r]);
		b.len = 0;
		t0 = now();
		ret = vtx_encode_screen_cached(c, &t, VTX_ENCODE_FF, &b);
		sec[l->first[i] != 0] += now() - t0;
		*bytes += b.len;
	}
	vtx_buf_free(&b);
	vtx_encode_cache_free(c);
	return ret;
}

#define PART_ROUNDS 15

/* The pages of one copy of the samples, encoded whole and in parts:
 * microseconds a page for each, the least of PART_ROUNDS runs of this
 * one thread's wall time (on a shared machine the least is the run that
 * other work slowed least). */
static void notes_parts(void)
{
	static const char *const name[PARTS] = {
		"whole pages", "blank pages (FF, checks)",
		"status and key rows", "header band and rule",
		"body rows"};
	char dir[] = "/tmp/minitel-bench-XXXXXX";
	page_list l = {0};
	size_t firsts = 0, bytes[PARTS];
	/* per part, the least of the rounds: the others' time, the first
	 * pages' time, and the whole round's (a run measured as one) */
	double best[PARTS][3], sec[3];
	int ok = 1;

	if (!mkdtemp(dir))
		return;
	notes_corpus(dir, (size_t)-1, 1);
	if (notes_build(dir, notes_keep, &l, 0) == 0 && !l.failed && l.n) {
		for (size_t i = 0; i < l.n; i++)
			firsts += l.first[i] != 0;
		printf("notes: where the encoder's time goes, on the %zu "
		       "pages of one copy of the samples (%zu of them the "
		       "first of an entry or of the sommaire), one thread, us "
		       "a page (least of %d "
		       "runs): the rows of each part alone, the others "
		       "blank\n",
		       l.n, firsts, PART_ROUNDS);
		/* round after round of every part, so that each part's
		 * least is taken over the same stretch of a shared machine */
		for (int k = 0; k < PART_ROUNDS && ok; k++)
			for (int p = 0; p < PARTS && ok; p++) {
				ok = encode_part(&l, p, sec, &bytes[p]) == 0;
				sec[2] = sec[0] + sec[1];
				for (int j = 0; j < 3 && ok; j++)
					if (k == 0 || sec[j] < best[p][j])
						best[p][j] = sec[j];
			}
		for (int p = 0; p < PARTS && ok; p++)
			printf("notes:   %-26s %6.1f us a page (first pages "
			       "%.1f, the others %.1f), %zu bytes a "
			       "page\n",
			       name[p], best[p][2] * 1e6 / l.n,
			       firsts ? best[p][1] * 1e6 / firsts : 0,
			       l.n > firsts ? best[p][0] * 1e6 / (l.n - firsts)
					    : 0,
			       bytes[p] / l.n);
	}
	free(l.v);
	free(l.first);
	notes_rmdir(dir);
}

#define NOTES_ROUNDS 3

static void bench_notes(const char *self)
{
	static const size_t sizes[2] = {5u << 20, NOTES_TARGET};
	notes_run sample = {0};

	if (notes_build("pages/notes", notes_page_naive, &sample, 0) == 0 &&
	    sample.pages)
		printf("notes (pages/notes): %zu pages, %.0f bytes a page "
		       "(%.2f s at 1200 baud), naive encoder %.0f bytes a "
		       "page (%.2f s)\n",
		       sample.pages, (double)sample.bytes / sample.pages,
		       (double)sample.bytes * 10 / 1200 / sample.pages,
		       (double)sample.naive / sample.pages,
		       (double)sample.naive * 10 / 1200 / sample.pages);
	for (int k = 0; k < 2; k++) {
		char dir[] = "/tmp/minitel-bench-XXXXXX";
		notes_fig f[NOTES_ROUNDS], w;
		int rounds = k == 1 ? NOTES_ROUNDS : 1, ok = 1;
		long peak = 0;
		size_t size;

		if (!mkdtemp(dir))
			return;
		size = notes_corpus(dir, sizes[k], 0);
		for (int i = 0; i < rounds && ok; i++) {
			ok = notes_spawn(self, dir, 0, &f[i]) == 0;
			if (ok && f[i].peak_kb > peak)
				peak = f[i].peak_kb;
		}
		if (ok) {
			double mbs; /* the median run's */

			qsort(f, (size_t)rounds, sizeof f[0], cmp_fig);
			mbs = size / f[rounds / 2].seconds / 1e6;
			printf("notes: %.1f MB of notes -> %zu pages, %zu .vdt "
			       "bytes: %.1f MB/s (median of %d runs; best "
			       "%.1f); peak RSS %ld MB (the process)\n",
			       size / 1e6, f[0].pages, f[0].bytes, mbs, rounds,
			       size / f[0].seconds / 1e6,
			       peak / 1024);
			/* On a shared machine the wall time moves with the
			 * load; the CPU time says what the work costs. */
			printf("notes: the median run: %.2f s of CPU in %.2f s "
			       "(%.2f cores busy), %.1f MB of notes per CPU "
			       "second, %.1f us of CPU a page\n",
			       f[rounds / 2].cpu, f[rounds / 2].seconds,
			       f[rounds / 2].cpu / f[rounds / 2].seconds,
			       size / f[rounds / 2].cpu / 1e6,
			       f[rounds / 2].cpu * 1e6 /
				       (double)f[rounds / 2].pages);
			if (k == 1)
				printf("notes: target >= %.0f MB/s (the median "
				       "run): %s\n", NOTES_MBS_TARGET,
				       mbs >= NOTES_MBS_TARGET ? "met"
							       : "MISSED");
			/* the same notes laid out page by page (export
			 * --whole-pages): fewer pages to encode */
			if (k == 1 && notes_spawn(self, dir, 1, &w) == 0)
				printf("notes (--whole-pages, for comparison): "
				       "%zu pages, %zu .vdt bytes: %.1f MB/s "
				       "(one run)\n", w.pages, w.bytes,
				       size / w.seconds / 1e6);
		} else {
			printf("notes: the run on %s failed\n", dir);
		}
		notes_rmdir(dir);
	}
	printf("notes: peak memory is the files' one doc at a time and the "
	       "site map (a record per entry and per page), so it should "
	       "hardly grow from 5 to 20 MB\n");
	notes_parts();
}

#endif
