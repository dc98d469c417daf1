/* tests/unit/testsite.h -- the pages of a laid-out site, kept in memory
 * by page index: what the tests that browse a site (session, serial)
 * collect from lay_build. */
#ifndef MINITEL_TESTS_TESTSITE_H
#define MINITEL_TESTS_TESTSITE_H

#include <stdlib.h>

#include "core/layout.h"
#include "videotex/screen.h"

typedef struct site {
	vtx_screen *pages; /* by page index */
	size_t n, cap;
	lay_site *map;
} site;

/* A lay_page_cb: keeps a copy of each page in the site `user`. */
static inline int tu_site_keep(const vtx_screen *screen,
			       const lay_page_info *info, void *user)
{
	site *st = user;

	if ((size_t)info->index >= st->cap) {
		st->cap = (size_t)info->index * 2 + 16;
		st->pages = realloc(st->pages, st->cap * sizeof *st->pages);
		if (!st->pages)
			abort();
	}
	st->pages[info->index] = *screen;
	if ((size_t)info->index + 1 > st->n)
		st->n = (size_t)info->index + 1;
	return 0;
}

static inline void tu_site_free(site *st)
{
	free(st->pages);
	lay_site_free(st->map);
	st->pages = NULL;
	st->map = NULL;
	st->n = st->cap = 0;
}

#endif
