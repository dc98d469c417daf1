/* tests/bench/bench_session.h -- the browsing part of `make bench`
 * (included by bench.c): the bytes each kind of transition of a session
 * (core/session.h) over pages/notes sends, against a full redraw of the
 * screen it leads to (FF + vtx_encode_screen), with the cells that
 * change and the seconds at 1200 baud. Target: SUITE within an entry
 * sends at most half the bytes of a full redraw. */
#ifndef BENCH_SESSION_H
#define BENCH_SESSION_H

#include "core/collection.h"
#include "core/layout.h"
#include "core/session.h"
#include "videotex/encode.h"
#include "videotex/term.h"

#define SES_BENCH_TARGET 0.5 /* SUITE within an entry / full redraw */

typedef struct ses_bench {
	vtx_screen *pages;
	size_t n, cap;
	size_t sent;            /* bytes sent so far */
	size_t suite, suite_full; /* SUITE within entries: sums */
	double suite_worst;
	int suites;
	int quiet;              /* no line per transition */
} ses_bench;

static int ses_bench_keep(const vtx_screen *s, const lay_page_info *info,
			  void *user)
{
	ses_bench *b = user;

	if ((size_t)info->index >= b->cap) {
		size_t cap = (size_t)info->index * 2 + 16;
		vtx_screen *v = realloc(b->pages, cap * sizeof *v);

		if (!v)
			return -1;
		b->pages = v;
		b->cap = cap;
	}
	b->pages[info->index] = *s;
	if ((size_t)info->index + 1 > b->n)
		b->n = (size_t)info->index + 1;
	return 0;
}

static void ses_bench_send(const uint8_t *bytes, size_t n, void *user)
{
	(void)bytes;
	((ses_bench *)user)->sent += n;
}

/* Types `keys`; prints what the last key sent (the keys before it only
 * lead there) against a full redraw. Returns the bytes of the last key. */
static size_t ses_bench_step(ses_session *s, ses_bench *b, const char *keys,
			     const char *what)
{
	size_t n = strlen(keys), before;
	vtx_screen shown;
	vtx_buf full = {0};
	int cells;

	/* keys end with a SEP pair or a single character */
	size_t last = n >= 2 && keys[n - 2] == 0x13 ? n - 2 : n - 1;

	ses_receive(s, (const uint8_t *)keys, last);
	shown = *ses_screen(s);
	before = b->sent;
	ses_receive(s, (const uint8_t *)keys + last, n - last);
	vtx_encode_screen(ses_screen(s), VTX_ENCODE_FF, &full);
	cells = vtx_screen_diff(&shown, ses_screen(s), 0, NULL, NULL);
	if (what && !b->quiet)
		printf("  %-34s %5zu bytes %5.2f s; full redraw %5zu (%3.0f%%);"
		       " %4d cells change\n", what, b->sent - before,
		       (double)(b->sent - before) * 10 / 1200, full.len,
		       100.0 * (double)(b->sent - before) / (double)full.len,
		       cells);
	if (what && !strncmp(what, "SUITE within", 12)) {
		double r = (double)(b->sent - before) / (double)full.len;

		b->suite += b->sent - before;
		b->suite_full += full.len;
		b->suite_worst = r > b->suite_worst ? r : b->suite_worst;
		b->suites++;
	}
	vtx_buf_free(&full);
	return b->sent - before;
}

/* SUITE through every entry of more than one page. */
static void ses_bench_suites(ses_session *s, ses_bench *b,
			     const lay_site *site)
{
	for (size_t e = 0; e < site->nentries; e++) {
		char keys[48], what[96];

		if (site->entries[e].npages < 2)
			continue;
		snprintf(keys, sizeof keys, "\x13\x46%zu\x13\x41", e + 1);
		ses_bench_step(s, b, keys, NULL);
		for (int p = 1; p < site->entries[e].npages; p++) {
			snprintf(what, sizeof what, "SUITE within entry %zu "
				 "(%d to %d)", e + 1, p, p + 1);
			ses_bench_step(s, b, "\x13\x48", what);
		}
	}
}

static void ses_bench_kinds(ses_session *s, ses_bench *b,
			    const lay_site *site)
{
	char last[64] = "\x13\x46" "2\x13\x41"; /* entry 2's last page */

	for (int p = 1; site->nentries > 1 && p < site->entries[1].npages &&
			strlen(last) + 2 < sizeof last; p++)
		strcat(last, "\x13\x48");

	ses_bench_step(s, b, "\x13\x46" "2", "a digit typed (echo)");
	ses_bench_step(s, b, "1", "the next digit (echo)");
	ses_bench_step(s, b, "\x13\x47", "CORRECTION");
	ses_bench_step(s, b, "\x13\x45", "ANNULATION");
	ses_bench_step(s, b, "9\x13\x41", "bad choice (row 0 message)");
	ses_bench_step(s, b, "3\x13\x41", "number + ENVOI (sommaire -> "
					  "entry)");
	ses_bench_step(s, b, "\x13\x48\x13\x42", "RETOUR within an entry");
	ses_bench_step(s, b, last, NULL);
	ses_bench_step(s, b, "\x13\x48", "SUITE to the next entry");
	ses_bench_step(s, b, "\x13\x46", "SOMMAIRE from an entry page");
	ses_bench_step(s, b, "4\x13\x41\x13\x44", "GUIDE (help page)");
	ses_bench_step(s, b, "\x13\x42", "RETOUR from the help page");
	ses_bench_step(s, b, "\x13\x46kiosque\x13\x41",
		       "word + ENVOI (results page)");
	ses_bench_step(s, b, "\x13\x42", "RETOUR from the results");
	ses_bench_step(s, b, "\x13\x43", "REPETITION (whole, by design)");
	ses_bench_step(s, b, "\x13\x49", "CONNEXION/FIN (goodbye page)");
}

/* The session over pages/notes, laid out in half steps (the default)
 * or in whole pages (`whole`: only the SUITE figures are printed). */
static void bench_session_run(int whole)
{
	const char *paths[] = {"pages/notes"};
	static const ses_callbacks cb = {ses_bench_send, NULL};
	coll_options co = {0};
	lay_options lo = {.whole_pages = whole};
	lay_site *site = NULL;
	ses_bench b = {0};
	ses_session *s = NULL;
	doc *d = doc_new();

	if (!d || coll_load(d, paths, 1, &co) != 0 ||
	    !(lo.title = coll_title(d, paths, 1)) ||
	    lay_build(d, &lo, ses_bench_keep, &b, &site) != 0 ||
	    !(s = ses_new(b.pages, site, &cb, &b)) || ses_start(s) != 0) {
		printf("session: pages/notes could not be browsed\n");
	} else {
		if (!whole)
			printf("session over pages/notes (%zu pages): start, "
			       "the sommaire whole, %zu bytes (%.2f s at 1200 "
			       "baud)\n", site->npages, b.sent,
			       (double)b.sent * 10 / 1200);
		b.quiet = whole;
		ses_bench_suites(s, &b, site);
		if (!whole)
			ses_bench_kinds(s, &b, site);
		printf("session%s: SUITE within an entry, %d transitions: %zu "
		       "bytes against %zu for full redraws (%.0f%%), worst "
		       "%.0f%%", whole ? " (--whole-pages, for comparison)" : "",
		       b.suites, b.suite, b.suite_full, 100.0 * (double)b.suite /
		       (double)(b.suite_full ? b.suite_full : 1),
		       100.0 * b.suite_worst);
		if (whole)
			printf("\n");
		else
			printf("; target <= %.0f%%: %s\n",
			       100.0 * SES_BENCH_TARGET,
			       b.suite_worst <= SES_BENCH_TARGET ? "met"
								 : "MISSED");
	}
	ses_free(s);
	lay_site_free(site);
	doc_free(d);
	free(b.pages);
}

static void bench_session(void)
{
	bench_session_run(0);
	bench_session_run(1);
}

#endif
